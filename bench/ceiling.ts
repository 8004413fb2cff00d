/**
 * The machine's own ceiling for parallel work: how much more a tight
 * arithmetic loop gets done in two (or more) processes at once than in one.
 * On a machine whose "cores" share a physical core, or whose neighbours use
 * it, this is well under 2, and no worker pool can beat it; every 2 ÷ 1
 * figure of the benchmark is to be read against it.
 */
import { execFile } from 'node:child_process';
import { summarise, type Measured } from './measure.ts';

/** Counts loop rounds for `ms` milliseconds and prints the count. */
const loopScript = (ms: number) => `
  let x = 0, rounds = 0;
  const end = performance.now() + ${ms};
  while (performance.now() < end) {
    for (let i = 0; i < 100000; i++) x = (x * 1.000001 + i) % 1e9;
    rounds++;
  }
  console.log(rounds + (x < 0 ? 1 : 0));`;

/** Runs `processes` copies of the loop at once and returns their total rounds. */
async function loopTogether(processes: number, ms: number): Promise<number> {
  const counts = await Promise.all(
    Array.from(
      { length: processes },
      () =>
        new Promise<number>((resolve, reject) =>
          execFile(process.execPath, ['-e', loopScript(ms)], (error, stdout) =>
            error ? reject(error) : resolve(Number(stdout.trim())),
          ),
        ),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Returns, for `processes` copies at once, their total work divided by one
 * copy's, over `rounds` interleaved rounds of `ms` milliseconds each.
 */
export async function parallelCeiling(processes: number, rounds: number, ms = 1000): Promise<Measured> {
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const one = await loopTogether(1, ms);
    const many = await loopTogether(processes, ms);
    ratios.push(many / one);
  }
  return summarise(ratios);
}
