/**
 * The static layer of the sandbox: walks a parsed heuristic and rejects every
 * construct a pure numeric function does not need and that could reach
 * outside it — free identifiers other than the allowed globals, `this`,
 * `arguments`, meta properties, dynamic import, prototype and constructor
 * access, getters/setters, conversion hooks, changes to built-ins,
 * `Math.random`, async functions, generators, classes, `with`, tagged
 * templates. Node types it does not know are rejected too (default deny).
 * What static analysis cannot see (keys computed at run time, aliases of
 * built-ins) is the runtime layer's job: shadowed globals (compile.ts),
 * frozen intrinsics and workers (later layers).
 */
import type {
  AnyNode,
  Expression,
  Function as FunctionNode,
  Node,
  Pattern,
  PrivateIdentifier,
  Program,
  Statement,
  Super,
} from 'acorn';
import { compileError, type CompileError } from './errors.ts';
import {
  allowedGlobals,
  coercionHooks,
  constructMessages as messages,
  forbiddenProperties,
  forbiddenPropertyMessage,
  unknownGlobalMessage,
} from './forbidden.ts';
import { addPatternNames, addVarNames, blockScope, functionScope, isBound, type Scope } from './scope.ts';

/** Returns the statically known name of a property key (`a.b`, `a['b']`, `{ b: … }`), if any. */
function keyName(key: Expression | PrivateIdentifier, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0)
    return key.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** Returns the earliest forbidden construct in `program`, or undefined when there is none. */
export function inspectProgram(program: Program): CompileError | undefined {
  const findings: { node: Node; message: string }[] = [];
  const report = (node: Node, message: string) => void findings.push({ node, message });

  const reference = (id: { name: string } & Node, scope: Scope) => {
    if (id.name === 'arguments') report(id, messages.arguments);
    else if (!isBound(scope, id.name) && !allowedGlobals.has(id.name))
      report(id, unknownGlobalMessage(id.name));
  };

  /** Rejects names that reach prototypes, and defining conversion hooks. */
  const checkKey = (key: Expression | PrivateIdentifier, computed: boolean, defines: boolean) => {
    const name = keyName(key, computed);
    if (name === undefined) return;
    if (forbiddenProperties.has(name)) {
      report(key, forbiddenPropertyMessage(name));
    } else if (defines && coercionHooks.has(name)) {
      report(
        key,
        `defining \`${name}\` is not allowed: return plain numbers, not objects with conversion hooks.`,
      );
    }
  };

  /** Rejects assignments, updates and deletes that change a built-in global or its members. */
  const checkTarget = (target: Pattern | Expression, scope: Scope) => {
    let root: Pattern | Expression | Super = target;
    while (root.type === 'MemberExpression') root = root.object;
    if (target.type === 'MemberExpression') checkKey(target.property, target.computed, true);
    if (root.type !== 'Identifier') return;
    const name = root.name;
    if (!isBound(scope, name) && allowedGlobals.has(name)) {
      report(
        target,
        `\`${name}\` is a shared built-in and may not be changed: keep your own values in local variables.`,
      );
    }
  };

  const visitPattern = (pattern: Pattern, scope: Scope, binding: boolean): void => {
    switch (pattern.type) {
      case 'Identifier':
        if (!binding) {
          reference(pattern, scope);
          checkTarget(pattern, scope);
        }
        return;
      case 'MemberExpression':
        visit(pattern, scope);
        checkTarget(pattern, scope);
        return;
      case 'ObjectPattern':
        for (const p of pattern.properties) {
          if (p.type === 'RestElement') {
            visitPattern(p.argument, scope, binding);
            continue;
          }
          checkKey(p.key, p.computed, false);
          if (p.computed) visit(p.key, scope);
          visitPattern(p.value, scope, binding);
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) visitPattern(element, scope, binding);
        return;
      case 'RestElement':
        visitPattern(pattern.argument, scope, binding);
        return;
      case 'AssignmentPattern':
        visitPattern(pattern.left, scope, binding);
        visit(pattern.right, scope);
    }
  };

  const visitFunction = (fn: FunctionNode & Node, scope: Scope) => {
    if (fn.async) report(fn, messages.async);
    if (fn.generator) report(fn, messages.generator);
    const inner = functionScope(fn, scope);
    for (const param of fn.params) visitPattern(param, inner, true);
    visit(fn.body, inner);
  };

  const visitAll = (nodes: readonly (AnyNode | null | undefined)[], scope: Scope) => {
    for (const node of nodes) if (node) visit(node, scope);
  };

  const visit = (node: AnyNode, scope: Scope): void => {
    switch (node.type) {
      case 'ExpressionStatement':
      case 'ChainExpression':
      case 'ParenthesizedExpression':
        return visit(node.expression, scope);
      case 'BlockStatement': {
        const inner = blockScope(node.body, scope);
        return visitAll(node.body, inner);
      }
      case 'EmptyStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'Literal':
        return;
      case 'ReturnStatement':
      case 'ThrowStatement':
      case 'SpreadElement':
        return visitAll([node.argument], scope);
      case 'LabeledStatement':
        return visit(node.body, scope);
      case 'IfStatement':
      case 'ConditionalExpression':
        return visitAll([node.test, node.consequent, node.alternate], scope);
      case 'SwitchStatement': {
        visit(node.discriminant, scope);
        const inner = blockScope(
          node.cases.flatMap((c) => c.consequent),
          scope,
        );
        for (const c of node.cases) visitAll([c.test, ...c.consequent], inner);
        return;
      }
      case 'TryStatement':
        return visitAll([node.block, node.handler, node.finalizer], scope);
      case 'CatchClause': {
        const names = new Set<string>();
        addPatternNames(node.param ?? null, names);
        const inner = { names, parent: scope };
        if (node.param) visitPattern(node.param, inner, true);
        return visit(node.body, inner);
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
        return visitAll([node.test, node.body], scope);
      case 'ForStatement': {
        const inner = node.init?.type === 'VariableDeclaration' ? blockScope([node.init], scope) : scope;
        return visitAll([node.init, node.test, node.update, node.body], inner);
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        if (node.type === 'ForOfStatement' && node.await) report(node, messages.async);
        const declared = node.left.type === 'VariableDeclaration';
        const inner = declared ? blockScope([node.left as Statement], scope) : scope;
        if (node.left.type === 'VariableDeclaration') visit(node.left, inner);
        else visitPattern(node.left, scope, false);
        return visitAll([node.right, node.body], inner);
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return visitFunction(node, scope);
      case 'VariableDeclaration':
        if (node.kind !== 'var' && node.kind !== 'let' && node.kind !== 'const') report(node, messages.using);
        for (const d of node.declarations) {
          visitPattern(d.id, scope, true);
          if (d.init) visit(d.init, scope);
        }
        return;
      case 'Identifier':
        return reference(node, scope);
      case 'ArrayExpression':
        return visitAll(node.elements, scope);
      case 'ObjectExpression':
        for (const p of node.properties) {
          if (p.type === 'SpreadElement') {
            visit(p, scope);
            continue;
          }
          if (p.kind !== 'init') report(p, messages.accessor);
          checkKey(p.key, p.computed, true);
          if (p.computed) visit(p.key, scope);
          visit(p.value, scope);
        }
        return;
      case 'UnaryExpression':
        if (node.operator === 'delete') checkTarget(node.argument, scope);
        return visit(node.argument, scope);
      case 'UpdateExpression':
        checkTarget(node.argument, scope);
        return visit(node.argument, scope);
      case 'AssignmentExpression':
        visitPattern(node.left, scope, false);
        return visit(node.right, scope);
      case 'BinaryExpression':
        if (node.left.type === 'PrivateIdentifier') return report(node.left, messages.class);
        return visitAll([node.left, node.right], scope);
      case 'LogicalExpression':
        return visitAll([node.left, node.right], scope);
      case 'SequenceExpression':
        return visitAll(node.expressions, scope);
      case 'TemplateLiteral':
        return visitAll(node.expressions, scope);
      case 'MemberExpression':
        if (node.object.type === 'Super') report(node.object, messages.class);
        else visit(node.object, scope);
        if (node.property.type === 'PrivateIdentifier') return report(node.property, messages.class);
        if (node.computed) visit(node.property, scope);
        checkKey(node.property, node.computed, false);
        if (node.object.type === 'Identifier' && node.object.name === 'Math' && !isBound(scope, 'Math')) {
          if (keyName(node.property, node.computed) === 'random') report(node, messages.random);
        }
        return;
      case 'CallExpression':
      case 'NewExpression':
        if (node.callee.type === 'Super') report(node.callee, messages.class);
        else visit(node.callee, scope);
        return visitAll(node.arguments, scope);
      case 'ThisExpression':
        return report(node, messages.this);
      case 'AwaitExpression':
        return report(node, messages.async);
      case 'YieldExpression':
        return report(node, messages.generator);
      case 'ClassDeclaration':
      case 'ClassExpression':
      case 'Super':
        return report(node, messages.class);
      case 'WithStatement':
        return report(node, messages.with);
      case 'DebuggerStatement':
        return report(node, messages.debugger);
      case 'TaggedTemplateExpression':
        return report(node, messages.tagged);
      case 'ImportExpression':
        return report(node, messages.import);
      case 'MetaProperty':
        return report(node, messages.meta);
      default:
        return report(
          node,
          `\`${node.type}\` is not supported in heuristics: use plain functions, loops and arithmetic.`,
        );
    }
  };

  const programNames = new Set<string>();
  for (const statement of program.body) addVarNames(statement as Statement, programNames);
  visitAll(program.body, blockScope(program.body as Statement[], undefined, programNames));

  if (findings.length === 0) return undefined;
  const first = findings.reduce((a, b) => (b.node.start < a.node.start ? b : a));
  return compileError('forbidden', first.message, first.node);
}
