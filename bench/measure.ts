/** Repeated timing with a median and spread: every figure the benchmark prints comes from here. */

/**
 * Returns the CPU seconds `work` takes in this process, with what it
 * returned. CPU time, not wall time, for the one-core figures: the machine
 * may be shared, and time spent waiting for a core is not MechLab's. (It
 * includes V8's helper threads, so it errs on the slow side.)
 */
export function cpuTimed<T>(work: () => T): { readonly seconds: number; readonly value: T } {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, value };
}

export interface Measured {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Returns the median, min and max of `values`. */
export function summarise(values: readonly number[]): Measured {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Runs `work` once to warm up, then `runs` times, and returns the summaries of what it reports. */
export function repeat<K extends string>(runs: number, work: () => Record<K, number>): Record<K, Measured> {
  work();
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < runs; r++) {
    for (const [key, value] of Object.entries<number>(work())) (samples[key] ??= []).push(value);
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)])) as Record<
    K,
    Measured
  >;
}

/** Returns "median (min–max)" with `digits` decimals. */
export function formatMeasured(m: Measured, digits = 0): string {
  const f = (x: number) =>
    x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(m.median)} (${f(m.min)}–${f(m.max)})`;
}

/** Returns "median (min–max)" of a rate in thousands or millions where large: "40.2 k (39.7–40.7)". */
export function formatRate(m: Measured): string {
  const [scale, unit] = m.median >= 1e6 ? [1e6, ' M'] : m.median >= 1e4 ? [1e3, ' k'] : [1, ''];
  const f = (x: number) => (x / scale).toFixed(scale === 1 ? 0 : 1);
  return `${f(m.median)}${unit} (${f(m.min)}–${f(m.max)})`;
}
