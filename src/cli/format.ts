/** Plain-text tables for the CLI's human-readable output. */

/** Returns `rows` as left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Returns `value` with `digits` decimals, or '—' when it is not a finite number. */
export function fixed(value: number | undefined, digits = 4): string {
  return value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** Returns "mean ± standard error". */
export function withError(mean: number, standardError: number | undefined, digits = 4): string {
  return standardError === undefined
    ? fixed(mean, digits)
    : `${fixed(mean, digits)} ± ${fixed(standardError, digits)}`;
}
