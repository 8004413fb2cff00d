/**
 * CSV as RFC 4180 writes it: comma-separated fields, CRLF line ends, and a
 * field in double quotes (inner quotes doubled) whenever it holds a comma,
 * a quote, a line break or edge spaces. Text that a spreadsheet would run
 * as a formula (starting with =, +, -, @, tab or CR) gets a leading
 * apostrophe; numbers are written as they are.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** Returns one field: numbers in full precision, empty for null, undefined and non-finite numbers. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Returns `rows` (the first one the header) as CSV text, each line ended by CRLF. */
export function csvTable(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
