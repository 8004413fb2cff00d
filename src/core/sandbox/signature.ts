/**
 * The shape a heuristic's program must have: top-level function declarations
 * and const declarations only (plus directives and stray semicolons), one of
 * which defines the expected function — `function name(a, b, c) { … }` or
 * `const name = function/arrow` — with exactly the expected plain parameters.
 */
import type { Function as FunctionNode, Node, Program } from 'acorn';
import type { HeuristicSignature } from '../problem.ts';
import { compileError, type CompileError } from './errors.ts';

/** Returns `name(a, b, c)` for messages. */
export function signatureText(signature: HeuristicSignature): string {
  return `${signature.name}(${signature.parameters.join(', ')})`;
}

/** Returns the first top-level statement that is not a function or const declaration, as an error. */
export function checkTopLevel(program: Program): CompileError | undefined {
  for (const statement of program.body) {
    if (statement.type === 'FunctionDeclaration' || statement.type === 'EmptyStatement') continue;
    if (statement.type === 'VariableDeclaration' && statement.kind === 'const') continue;
    if (statement.type === 'ExpressionStatement' && statement.directive !== undefined) continue;
    const what =
      statement.type === 'VariableDeclaration'
        ? `a top-level \`${statement.kind}\` declaration (top-level state must be const)`
        : statement.type === 'ExpressionStatement'
          ? 'a top-level expression (code that runs when the program loads)'
          : `a top-level \`${statement.type}\``;
    return compileError(
      'forbidden',
      `Found ${what}. The program may contain only function declarations and const declarations; move the code into a function.`,
      statement,
    );
  }
  return undefined;
}

/** Returns an error saying what to write when the program does not define `signature` exactly once, with its arity. */
export function checkSignature(program: Program, signature: HeuristicSignature): CompileError | undefined {
  const expected = signatureText(signature);
  const found: { fn: FunctionNode | undefined; at: Node }[] = [];
  const others: string[] = [];
  for (const statement of program.body) {
    if (statement.type === 'FunctionDeclaration') {
      if (statement.id.name === signature.name) found.push({ fn: statement, at: statement });
      else others.push(statement.id.name);
    } else if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) {
        if (d.id.type !== 'Identifier' || d.id.name !== signature.name) continue;
        const init = d.init;
        const isFunction = init?.type === 'FunctionExpression' || init?.type === 'ArrowFunctionExpression';
        found.push({ fn: isFunction ? init : undefined, at: d });
      }
    }
  }
  if (found.length === 0) {
    const seen = others.length > 0 ? ` (found ${others.map((o) => `\`${o}\``).join(', ')})` : '';
    return compileError(
      'signature',
      `No function named \`${signature.name}\`${seen}. Define \`function ${expected} { … }\` at the top level.`,
    );
  }
  if (found.length > 1) {
    return compileError(
      'signature',
      `\`${signature.name}\` is defined more than once; keep one \`function ${expected}\`.`,
      found[1].at,
    );
  }
  const { fn, at } = found[0];
  if (fn === undefined) {
    return compileError(
      'signature',
      `\`${signature.name}\` must be a function: write \`function ${expected} { … }\`.`,
      at,
    );
  }
  const plain = fn.params.every((p) => p.type === 'Identifier');
  if (!plain || fn.params.length !== signature.parameters.length) {
    const count = signature.parameters.length;
    return compileError(
      'signature',
      `\`${signature.name}\` must take exactly ${count} plain parameter${count === 1 ? '' : 's'}, \`${expected}\`` +
        ` (no defaults, rest parameters or destructuring); it takes ${fn.params.length}.`,
      fn.params.find((p) => p.type !== 'Identifier') ?? at,
    );
  }
  return undefined;
}
