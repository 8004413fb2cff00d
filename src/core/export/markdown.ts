/** Markdown building blocks for reports: escaped table cells, tables, and fences that code cannot close. */

/** Returns `text` safe inside a table cell: one line, pipes and backslashes escaped. */
export function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\|]/g, (ch) => `\\${ch}`);
}

/** Returns a Markdown table with `header` and `rows` (cells escaped here). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** Returns `code` in a fenced block tagged `language`, the fence longer than any backtick run inside. */
export function fencedCode(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code.trimEnd()}\n${fence}`;
}
