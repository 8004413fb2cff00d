/**
 * Command-line arguments: `mechlab <command> [--flag value | --flag=value | --switch]…`.
 * Problem parameters are flags named like the parameters, so the set of
 * flags is open; switches (flags without a value) are declared.
 */
import { CliError } from './errors.ts';

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
}

/** The flags that take no value. */
const switchNames = new Set(['json', 'help']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) {
      if (command !== undefined) throw new CliError(`unexpected argument '${token}' (flags start with --)`);
      command = token;
      continue;
    }
    const body = token.slice(2);
    const equals = body.indexOf('=');
    const name = equals >= 0 ? body.slice(0, equals) : body;
    if (name === '') throw new CliError(`'${token}' is not a flag`);
    if (switchNames.has(name)) {
      if (equals >= 0) throw new CliError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    const value = equals >= 0 ? body.slice(equals + 1) : argv[++i];
    if (value === undefined || (equals < 0 && value.startsWith('--'))) {
      throw new CliError(`--${name} needs a value`);
    }
    if (flags.has(name)) throw new CliError(`--${name} is given twice`);
    flags.set(name, value);
  }
  return { command, flags, switches };
}

/** Removes and returns flag `name`, or undefined. The flags left over are problem parameters. */
export function takeFlag(flags: Map<string, string>, name: string): string | undefined {
  const value = flags.get(name);
  flags.delete(name);
  return value;
}

/** Returns flag `name` as a whole number in [min, max], or `fallback`. */
export function takeInteger(
  flags: Map<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = takeFlag(flags, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`--${name} ${raw} is not allowed: a whole number from ${min} to ${max}`);
  }
  return value;
}
