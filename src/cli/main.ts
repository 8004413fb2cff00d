/**
 * The `mechlab` command line. Every failure ends as one readable line on
 * standard error and a non-zero exit; output goes to standard output.
 */
import { parseArgs } from './args.ts';
import { CliError } from './errors.ts';
import { ParameterError } from '../core/parameters.ts';
import { problemsCommand } from './commands/problems.ts';
import { evalCommand } from './commands/eval.ts';
import { outcomesCommand } from './commands/outcomes.ts';
import { baselinesCommand } from './commands/baselines.ts';
import { runCommand } from './commands/run.ts';
import { resumeCommand } from './commands/resume.ts';
import { trainCommand } from './commands/train.ts';
import type { Command } from './command.ts';

const commands: Readonly<Record<string, Command>> = {
  problems: problemsCommand,
  eval: evalCommand,
  outcomes: outcomesCommand,
  baselines: baselinesCommand,
  run: runCommand,
  resume: resumeCommand,
  train: trainCommand,
};

function help(): string {
  const lines = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return ['MechLab — automated mechanism design. Commands:', ...lines].join('\n');
}

/** Runs the CLI on `argv` and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { command, flags, switches } = parseArgs(argv);
    if (command === undefined || command === 'help' || switches.has('help')) {
      process.stdout.write(help() + '\n');
      return command === undefined && !switches.has('help') ? 2 : 0;
    }
    const chosen = commands[command];
    if (!chosen)
      throw new CliError(`unknown command '${command}'; commands: ${Object.keys(commands).join(', ')}`);
    const remaining = new Map(flags);
    const output = await chosen.run({ flags: remaining, switches });
    process.stdout.write(output + '\n');
    return 0;
  } catch (error) {
    const known = error instanceof CliError || error instanceof ParameterError;
    const message = known
      ? error.message
      : `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`mechlab: ${message}\n`);
    return error instanceof CliError ? error.exitCode : known ? 2 : 1;
  }
}
