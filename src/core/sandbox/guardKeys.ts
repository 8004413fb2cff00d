/**
 * Puts the key guard around computed keys: `x[k]` becomes `x[guard((k))]`
 * wherever a key is read or written (member expressions, including
 * assignment targets and optional chains, and computed keys of
 * destructuring patterns). Keys that can only be numbers, booleans or
 * strings the static check has already seen (`x[i - 1]`, `x[0]`,
 * `x[i++]`, `x['a']`) are left alone. Computed keys of object literals
 * only define the new object's own properties, so they stay too. Runs on a
 * program that passed inspectProgram, whose node types it knows.
 */
import type { AnyNode, Expression, PrivateIdentifier, Program } from 'acorn';

/** Returns whether `key` can only evaluate to a number, bigint, boolean, undefined or a literal the static check saw. */
function isPlainKey(key: Expression | PrivateIdentifier): boolean {
  switch (key.type) {
    case 'Literal':
    case 'UnaryExpression':
    case 'UpdateExpression':
      return true;
    case 'TemplateLiteral':
      return key.expressions.length === 0;
    case 'BinaryExpression':
      // Every binary operator but + gives a number, a bigint or a boolean.
      return key.operator !== '+';
    case 'ConditionalExpression':
      return isPlainKey(key.consequent) && isPlainKey(key.alternate);
    case 'LogicalExpression':
      return isPlainKey(key.left) && isPlainKey(key.right);
    case 'SequenceExpression':
      return isPlainKey(key.expressions[key.expressions.length - 1]);
    default:
      return false;
  }
}

/** Returns the child nodes of `node`: every property that holds a node or an array of nodes. */
function children(node: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  for (const [field, value] of Object.entries(node)) {
    if (field === 'loc') continue;
    const items: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item === 'object' && item !== null && typeof (item as { type?: unknown }).type === 'string')
        found.push(item as AnyNode);
    }
  }
  return found;
}

/** Returns the ranges [start, end) of the computed keys in `program` that need the guard. */
export function guardedKeyRanges(program: Program): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (node: AnyNode) => {
    if (node.type === 'MemberExpression' && node.computed && !isPlainKey(node.property)) {
      ranges.push([node.property.start, node.property.end]);
    } else if (node.type === 'ObjectPattern') {
      for (const p of node.properties) {
        if (p.type === 'Property' && p.computed && !isPlainKey(p.key)) ranges.push([p.key.start, p.key.end]);
      }
    }
    for (const child of children(node)) visit(child);
  };
  visit(program);
  return ranges;
}

/**
 * Returns `source` with every key range of `program` wrapped in a call of
 * `guard` (double parentheses, so a sequence `x[a, b]` stays one argument).
 * Insertions are made from the end, so earlier offsets stay valid; nested
 * keys (`x[y[k]]`) are wrapped each.
 */
export function guardComputedKeys(program: Program, source: string, guard: string): string {
  const inserts: { at: number; text: string }[] = [];
  for (const [start, end] of guardedKeyRanges(program)) {
    inserts.push({ at: start, text: `${guard}((` }, { at: end, text: '))' });
  }
  inserts.sort((a, b) => b.at - a.at);
  let out = source;
  for (const { at, text } of inserts) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

/** Returns an identifier that occurs nowhere in `source`, so no binding of the program can shadow it. */
export function unusedIdentifier(source: string, base: string): string {
  let name = base;
  for (let k = 1; source.includes(name); k++) name = `${base}${k}`;
  return name;
}
