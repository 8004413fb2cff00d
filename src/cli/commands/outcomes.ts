/** `mechlab outcomes`: the fixed mechanism's outcome on profiles given in a JSON file. */
import { takeFlag } from '../args.ts';
import { CliError } from '../errors.ts';
import { configureFromFlags, loadHeuristic, readJson, runHeuristic } from '../setup.ts';
import type { Command } from '../command.ts';

/** Returns `value` as a list of profiles of `n` finite numbers, or names the first bad entry. */
export function readProfiles(value: unknown, n: number, path: string): number[][] {
  if (!Array.isArray(value))
    throw new CliError(`${path} must hold a JSON array of profiles (arrays of ${n} numbers)`);
  value.forEach((profile: unknown, index) => {
    const ok =
      Array.isArray(profile) &&
      profile.length === n &&
      profile.every((bid) => typeof bid === 'number' && Number.isFinite(bid));
    if (!ok) {
      throw new CliError(
        `${path}: profile ${index} is ${JSON.stringify(profile)}; expected an array of ${n} finite numbers`,
      );
    }
  });
  return value as number[][];
}

export const outcomesCommand: Command = {
  usage: 'mechlab outcomes --problem ID [--param value …] --heuristic FILE --profiles FILE.json [--json]',
  summary: "print the fixed mechanism's allocation, payments (and rebates) for each profile in a JSON file",
  run({ flags }) {
    const heuristicPath = takeFlag(flags, 'heuristic');
    const profilesPath = takeFlag(flags, 'profiles');
    const instance = configureFromFlags(flags);
    if (profilesPath === undefined) {
      throw new CliError(
        `--profiles FILE.json is required: a JSON array of profiles, each an array of ${instance.n} numbers`,
      );
    }
    const heuristic = loadHeuristic(heuristicPath, instance);
    const profiles = readProfiles(readJson(profilesPath, 'profiles file'), instance.n, profilesPath);
    const outcomes = runHeuristic(() => {
      const mechanism = instance.fix(heuristic);
      return profiles.map((profile) => {
        const { allocation, payments, rebates } = mechanism.outcome(profile);
        return rebates === undefined
          ? { allocation: [...allocation], payments: [...payments] }
          : { allocation: [...allocation], payments: [...payments], rebates: [...rebates] };
      });
    });
    // Outcomes are always JSON: they are meant for other programs.
    return JSON.stringify(outcomes);
  },
};
