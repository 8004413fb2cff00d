/** What the CLI commands share: the problem from flags, heuristic files, JSON files, sample sets. */
import { readFileSync } from 'node:fs';
import { problemById } from '../core/problems/index.ts';
import type { ProblemInstance } from '../core/problem.ts';
import type { Heuristic } from '../core/problem.ts';
import { ParameterError } from '../core/parameters.ts';
import { compileHeuristic } from '../core/sandbox/compile.ts';
import { CliError } from './errors.ts';
import { takeFlag } from './args.ts';

/** Reads `--problem` and the problem's parameters from the remaining flags (which it consumes). */
export function configureFromFlags(flags: Map<string, string>): ProblemInstance {
  const id = takeFlag(flags, 'problem');
  if (id === undefined) throw new CliError('--problem is required; `mechlab problems` lists them');
  const problem = problemById(id);
  const raw = Object.fromEntries(flags);
  flags.clear();
  try {
    return problem.configure(raw);
  } catch (error) {
    if (error instanceof ParameterError) throw new CliError(`--${error.message}`);
    throw error;
  }
}

/** Returns the text of `path`, or a CliError that names the file. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error);
    throw new CliError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** Compiles the heuristic in `path` for `instance`'s problem, or throws one readable line. */
export function loadHeuristic(path: string | undefined, instance: ProblemInstance): Heuristic {
  const signature = instance.problem.heuristic;
  if (path === undefined) {
    throw new CliError(
      `--heuristic FILE is required: a JavaScript file defining function ${signature.name}(${signature.parameters.join(', ')})`,
    );
  }
  const result = compileHeuristic(readText(path, 'heuristic file'), signature);
  if (!result.ok) {
    const where =
      result.error.line === undefined ? '' : `:${result.error.line}:${(result.error.column ?? 0) + 1}`;
    throw new CliError(`${path}${where}: ${result.error.reason}: ${result.error.message}`);
  }
  return result.heuristic;
}

/** Parses JSON from `path`, or throws a CliError that says where it is broken. */
export function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Runs `work`, which calls the heuristic; an exception from it becomes one readable line. */
export function runHeuristic<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new CliError(`the heuristic failed while the mechanism was evaluated: ${message}`, 1);
  }
}
