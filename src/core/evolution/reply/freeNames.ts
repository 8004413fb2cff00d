/**
 * The names a piece of code uses without declaring them — what tells which
 * of a reply's other declarations a function needs (helpers, constants).
 */
import type { Node } from 'acorn';

/**
 * Returns the names that `nodes` use but do not declare themselves (an
 * over-approximation of free variables: a name declared anywhere inside
 * counts as local everywhere inside). Property keys are not names.
 */
export function freeNames(...nodes: unknown[]): Set<string> {
  const used = new Set<string>();
  const declared = new Set<string>();
  for (const node of nodes) walk(node, used, declared);
  for (const name of declared) used.delete(name);
  return used;
}

type AnyNode = Node & { readonly [key: string]: unknown };

function walk(node: unknown, used: Set<string>, declared: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child, used, declared);
    return;
  }
  const n = node as AnyNode;
  switch (n.type) {
    case 'Identifier':
      used.add(String(n.name));
      return;
    case 'VariableDeclarator':
      bind(n.id, used, declared);
      walk(n.init, used, declared);
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      bind(n.id, used, declared);
      bind(n.params, used, declared);
      walk(n.body, used, declared);
      return;
    case 'CatchClause':
      bind(n.param, used, declared);
      walk(n.body, used, declared);
      return;
  }
  for (const key in n) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
    if (key === 'property' && n.type === 'MemberExpression' && !n.computed) continue;
    if (
      key === 'key' &&
      (n.type === 'Property' || n.type === 'MethodDefinition') &&
      !n.computed &&
      !n.shorthand
    )
      continue;
    if (key === 'label') continue;
    walk(n[key], used, declared);
  }
}

/** Adds the names a binding pattern declares to `declared`, walking its default values. */
function bind(pattern: unknown, used: Set<string>, declared: Set<string>): void {
  if (!pattern || typeof pattern !== 'object') return;
  if (Array.isArray(pattern)) {
    for (const p of pattern) bind(p, used, declared);
    return;
  }
  const p = pattern as AnyNode;
  if (p.type === 'Identifier') declared.add(String(p.name));
  else if (p.type === 'AssignmentPattern') {
    bind(p.left, used, declared);
    walk(p.right, used, declared);
  } else if (p.type === 'RestElement') bind(p.argument, used, declared);
  else if (p.type === 'ArrayPattern') bind(p.elements, used, declared);
  else if (p.type === 'ObjectPattern') bind(p.properties, used, declared);
  else if (p.type === 'Property') bind(p.value, used, declared);
  else walk(p, used, declared);
}
