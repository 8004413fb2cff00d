/** Plain-text tables for the benchmark's output. */

/** Prints `rows` (the first one is the header) as columns padded to their widest cell, indented by two spaces. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  for (const row of rows)
    console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
}
