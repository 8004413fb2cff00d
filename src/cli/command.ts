/** The shape of one CLI command. */
export interface CommandInput {
  /** Flags with values; a command consumes the ones it knows, the rest are problem parameters. */
  readonly flags: Map<string, string>;
  readonly switches: ReadonlySet<string>;
}

export interface Command {
  readonly usage: string;
  readonly summary: string;
  /** Returns what to print on standard output; throws CliError for bad input. */
  run(input: CommandInput): string | Promise<string>;
}
