/**
 * Lexical scopes of a heuristic's source, enough to tell a reference to a
 * local binding from a reference to a global. Declarations are collected
 * before a scope's body is walked (hoisting), so a helper may be called
 * above its definition.
 */
import type { Function as FunctionNode, Pattern, Statement } from 'acorn';

export interface Scope {
  readonly names: ReadonlySet<string>;
  readonly parent: Scope | undefined;
}

/** Returns whether `name` is bound in `scope` or an enclosing scope. */
export function isBound(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s !== undefined; s = s.parent) if (s.names.has(name)) return true;
  return false;
}

/** Adds the names a binding pattern declares (`a`, `{a, b: [c]}`, `...d`, `e = 1`) to `names`. */
export function addPatternNames(pattern: Pattern | null, names: Set<string>): void {
  if (pattern === null) return;
  switch (pattern.type) {
    case 'Identifier':
      names.add(pattern.name);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties) addPatternNames(p.type === 'RestElement' ? p : p.value, names);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) addPatternNames(element, names);
      break;
    case 'RestElement':
      addPatternNames(pattern.argument, names);
      break;
    case 'AssignmentPattern':
      addPatternNames(pattern.left, names);
      break;
    case 'MemberExpression':
      break;
  }
}

/** Adds the let/const/function/class names declared directly in `statements` (a block's own bindings). */
export function addLexicalNames(statements: readonly Statement[], names: Set<string>): void {
  for (const statement of statements) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const d of statement.declarations) addPatternNames(d.id, names);
    } else if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
      names.add(statement.id.name);
    }
  }
}

/** Adds the `var` names declared anywhere in `statement` outside nested functions. */
export function addVarNames(statement: Statement | null | undefined, names: Set<string>): void {
  if (statement === null || statement === undefined) return;
  switch (statement.type) {
    case 'VariableDeclaration':
      if (statement.kind === 'var') for (const d of statement.declarations) addPatternNames(d.id, names);
      break;
    case 'BlockStatement':
      for (const s of statement.body) addVarNames(s, names);
      break;
    case 'IfStatement':
      addVarNames(statement.consequent, names);
      addVarNames(statement.alternate, names);
      break;
    case 'ForStatement':
      if (statement.init?.type === 'VariableDeclaration') addVarNames(statement.init, names);
      addVarNames(statement.body, names);
      break;
    case 'ForInStatement':
    case 'ForOfStatement':
      if (statement.left.type === 'VariableDeclaration') addVarNames(statement.left, names);
      addVarNames(statement.body, names);
      break;
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      addVarNames(statement.body, names);
      break;
    case 'TryStatement':
      addVarNames(statement.block, names);
      addVarNames(statement.handler?.body, names);
      addVarNames(statement.finalizer, names);
      break;
    case 'SwitchStatement':
      for (const c of statement.cases) for (const s of c.consequent) addVarNames(s, names);
      break;
  }
}

/** Returns the scope of a function's parameters and `var`s (its own name too, for a named expression). */
export function functionScope(fn: FunctionNode, parent: Scope): Scope {
  const names = new Set<string>();
  if (fn.id) names.add(fn.id.name);
  for (const param of fn.params) addPatternNames(param, names);
  if (fn.body.type === 'BlockStatement') addVarNames(fn.body, names);
  return { names, parent };
}

/** Returns the scope of a block (or the program): its own lexical declarations, plus `extra`. */
export function blockScope(
  statements: readonly Statement[],
  parent: Scope | undefined,
  extra?: Set<string>,
): Scope {
  const names = extra ?? new Set<string>();
  addLexicalNames(statements, names);
  return { names, parent };
}
