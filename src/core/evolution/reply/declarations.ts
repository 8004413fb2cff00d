/**
 * The top-level declarations of one region of a reply — functions (also
 * arrow functions and function expressions assigned to a name) and
 * constants — each cut out, cleaned (`export` and TypeScript removed),
 * repaired if the reply cut it off, and checked by parsing it with acorn.
 */
import { parse, type Function as AcornFunction, type Program } from 'acorn';
import { stripTypes } from '../stripTypes.ts';
import type { TextRegion } from './codeBlocks.ts';
import { functionExtent, variableExtent, type Extent } from './extent.ts';
import { freeNames } from './freeNames.ts';
import { repairTruncated } from './repair.ts';

interface DeclarationBase {
  /** Offsets of the declaration in the reply. */
  readonly start: number;
  readonly end: number;
  readonly region: TextRegion;
  /** False when the reply cut it off and lines were dropped or brackets appended. */
  readonly complete: boolean;
  /** What was changed to make it parse, for the candidate's notes. */
  readonly notes: readonly string[];
  /** Names it uses without declaring them: helpers, constants, globals such as `Math`. */
  readonly references: ReadonlySet<string>;
}

export interface FunctionDeclaration extends DeclarationBase {
  readonly kind: 'function';
  /** Null for an anonymous `function (…) {…}`. */
  readonly name: string | null;
  /** How it was written: a declaration, or an arrow / function expression assigned to its name. */
  readonly form: 'declaration' | 'arrow' | 'expression';
  readonly async: boolean;
  readonly generator: boolean;
  /** The parameter list's source, without parentheses. */
  readonly parameters: string;
  /** The body's source, braces included (an arrow's expression body becomes `{ return …; }`). */
  readonly body: string;
  /** How many parameters it declares. */
  readonly arity: number;
  /** Whether its body has no statements (comments do not count). */
  readonly empty: boolean;
}

export interface ValueDeclaration extends DeclarationBase {
  readonly kind: 'value';
  readonly names: readonly string[];
  /** The statement's source, cleaned. */
  readonly code: string;
}

export type Declaration = FunctionDeclaration | ValueDeclaration;

/** A declaration that does not parse even after the repairs tried. */
export interface BrokenDeclaration {
  readonly name: string | null;
  readonly start: number;
  readonly region: TextRegion;
  /** Whether the reply ended inside it (as opposed to a syntax error within). */
  readonly cutOff: boolean;
  readonly message: string;
  /** Position of the syntax error in the reply (line 1-based, column 0-based as acorn and the sandbox give it). */
  readonly line?: number;
  readonly column?: number;
}

/** Longest declaration that is repaired (each repair attempt parses it again); heuristics are far shorter. */
const maxRepairedLength = 20_000;

const functionStart = /(?<![\w$.])(?:export[ \t]+(?:default[ \t]+)?)?(?:async[ \t]+)?function(?![\w$])/g;
const variableStart = /^([ \t]*)((?:export[ \t]+)?)(?:const|let|var)[ \t]+(?=[A-Za-z_$])/gm;

/** Returns the declarations in `region` of `text`, and those that would not parse. */
export function findDeclarations(
  text: string,
  region: TextRegion,
): { declarations: Declaration[]; broken: BrokenDeclaration[] } {
  const starts: { start: number; keyword: number; variable: boolean }[] = [];
  const slice = text.slice(region.from, region.to);
  for (const m of slice.matchAll(functionStart)) {
    const start = region.from + m.index;
    starts.push({ start, keyword: start + m[0].length - 'function'.length, variable: false });
  }
  for (const m of slice.matchAll(variableStart)) {
    const start = region.from + m.index + m[1].length;
    starts.push({ start, keyword: start + m[2].length, variable: true });
  }
  starts.sort((a, b) => a.start - b.start);
  const declarations: Declaration[] = [];
  const broken: BrokenDeclaration[] = [];
  let covered = region.from;
  for (const { start, keyword, variable } of starts) {
    if (start < covered) continue;
    const found = variable
      ? variableExtent(text, keyword, region.to)
      : functionExtent(text, keyword, region.to);
    if (!found) continue;
    if ('skipTo' in found) {
      covered = found.skipTo;
      continue;
    }
    const result = declarationAt(text, region, start, found.extent, found.name, variable);
    if ('message' in result) broken.push(result);
    else declarations.push(result);
    covered = found.extent.end;
  }
  return { declarations, broken };
}

type Built = (
  Omit<FunctionDeclaration, keyof DeclarationBase> | Omit<ValueDeclaration, keyof DeclarationBase>
) & { references: ReadonlySet<string> };

interface SyntaxProblem {
  readonly message: string;
  /** Line (1-based) and column (0-based) in the parsed code, when acorn gives them. */
  readonly line?: number;
  readonly column?: number;
}

/** Cuts out, cleans, repairs and parses the declaration at `start`. */
function declarationAt(
  text: string,
  region: TextRegion,
  start: number,
  extent: Extent,
  name: string | null,
  variable: boolean,
): Declaration | BrokenDeclaration {
  const chunk = text.slice(start, extent.end);
  const base = { start, end: extent.end, region };
  const broken = (cutOff: boolean, problem: SyntaxProblem): BrokenDeclaration => ({
    name,
    start,
    region,
    cutOff,
    message: problem.message,
    ...(problem.line ? replyPosition(text, start, problem.line, problem.column ?? 0) : {}),
  });
  if (extent.kind === 'mismatch') {
    // acorn's error comes at or before the stray bracket and says more: read up to its line's end.
    const lineEnd = text.indexOf('\n', extent.at);
    const built = build(text.slice(start, lineEnd < 0 ? text.length : lineEnd), []);
    if ('message' in built && built.line !== undefined) return broken(false, built);
    return {
      name,
      start,
      region,
      cutOff: false,
      message: `unmatched \`${text[extent.at]}\``,
      ...position(text, extent.at),
    };
  }
  if (extent.kind === 'complete') {
    const notes: string[] = [];
    const built = build(chunk, notes);
    if (!('message' in built)) return { ...base, ...built, complete: true, notes };
    // A function's extent is exact; a value's may have run into prose, which trimming removes.
    if (!variable) return broken(false, built);
  } else if (extent.inHeader) return broken(true, { message: 'the reply ends inside its header' });
  if (chunk.length > maxRepairedLength)
    return broken(extent.kind === 'cut', { message: 'it is too long to repair' });
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, start))![0];
  const repaired = repairTruncated(
    chunk,
    (code) => {
      const notes: string[] = [];
      const built = build(code, notes);
      return 'message' in built || (extent.kind === 'cut' && isEmptyFunction(built))
        ? null
        : { built, notes };
    },
    indent,
  );
  if (!repaired) {
    if (extent.kind === 'cut') return broken(true, { message: 'the reply ends inside it' });
    const built = build(chunk, []);
    return broken(false, 'message' in built ? built : { message: 'it does not parse' });
  }
  const { built, notes } = repaired.value;
  if (extent.kind === 'complete') return { ...base, ...built, complete: true, notes };
  notes.push(repairNote(repaired.dropped, repaired.appended));
  return { ...base, ...built, complete: false, notes };
}

function repairNote(dropped: number, appended: string): string {
  const parts: string[] = [];
  if (dropped > 0) parts.push(`dropped its last ${dropped === 1 ? 'line' : `${dropped} lines`}`);
  if (appended) parts.push(`appended \`${appended}\``);
  return `the reply was cut off: ${parts.join(' and ')}`;
}

function isEmptyFunction(built: Built): boolean {
  return built.kind === 'function' && built.empty;
}

/** Parses a declaration's source after removing `export` and TypeScript; returns what it declares or the syntax error. */
function build(source: string, notes: string[]): Built | SyntaxProblem {
  let code = source.replace(/^export[ \t]+(?:default[ \t]+)?/, '');
  if (code !== source) notes.push('removed `export`');
  const stripped = stripTypes(code);
  if (stripped !== code) notes.push('removed TypeScript annotations');
  code = stripped;
  const anonymous = /^(?:async\s+)?function\s*\*?\s*\(/.test(code);
  const parsed = parseScript(anonymous ? `(${code}\n)` : code);
  if ('message' in parsed) return parsed;
  const { program, source: src } = parsed;
  const statement = program.body[0];
  if (program.body.length !== 1 || !statement) return { message: 'it is not one declaration' };
  if (statement.type === 'FunctionDeclaration') return functionOf(statement, src, 'declaration');
  if (statement.type === 'ExpressionStatement' && statement.expression.type === 'FunctionExpression')
    return functionOf(statement.expression, src, 'declaration', null);
  if (statement.type !== 'VariableDeclaration') return { message: 'it is not a declaration' };
  const [first] = statement.declarations;
  const init = first?.init;
  if (statement.declarations.length === 1 && first.id.type === 'Identifier' && init) {
    if (init.type === 'ArrowFunctionExpression') return functionOf(init, src, 'arrow', first.id.name);
    if (init.type === 'FunctionExpression') return functionOf(init, src, 'expression', first.id.name);
  }
  const names = statement.declarations.flatMap((d) => (d.id.type === 'Identifier' ? [d.id.name] : []));
  const references = freeNames(...statement.declarations.map((d) => d.init));
  return { kind: 'value', names, code: dedent(code), references };
}

/** Parses `source` as a script; returns the program or the syntax error. */
export function parseScript(source: string): { program: Program; source: string } | SyntaxProblem {
  try {
    return {
      program: parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true }),
      source,
    };
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = (error instanceof Error ? error.message : String(error)).replace(/ \(\d+:\d+\)$/, '');
    return { message, line: loc?.line, column: loc?.column };
  }
}

function functionOf(
  node: AcornFunction,
  source: string,
  form: FunctionDeclaration['form'],
  name: string | null = node.id?.name ?? null,
): Built {
  const first = node.params[0];
  const last = node.params[node.params.length - 1];
  const parameters = first && last ? source.slice(first.start, last.end) : '';
  const body =
    node.body.type === 'BlockStatement'
      ? dedent(source.slice(node.body.start, node.body.end))
      : `{\n  return ${source.slice(node.body.start, node.body.end)};\n}`;
  const references = freeNames(node);
  return {
    kind: 'function',
    name,
    form,
    async: node.async,
    generator: node.generator,
    parameters,
    body,
    arity: node.params.length,
    empty: node.body.type === 'BlockStatement' && node.body.body.length === 0,
    references,
  };
}

/** Removes the indentation that the lines after the first have in common (they carry the reply's indentation). */
export function dedent(code: string): string {
  const lines = code.split('\n');
  let common = Infinity;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    common = Math.min(common, /^[ \t]*/.exec(lines[i])![0].length);
  }
  if (!Number.isFinite(common) || common === 0) return code;
  return lines
    .map((line, i) => (i === 0 ? line : line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length))))
    .join('\n');
}

/** Returns the line (1-based) and column (0-based, acorn's convention) of `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') - 1 };
}

/** Returns the reply position of `line` (1-based) and `column` (0-based) of a chunk that starts at `start`. */
function replyPosition(
  text: string,
  start: number,
  line: number,
  column: number,
): { line: number; column: number } {
  const origin = position(text, start);
  return line === 1
    ? { line: origin.line, column: origin.column + column }
    : { line: origin.line + line - 1, column };
}
