/**
 * The diff of a candidate's code against a parent's, as rows to draw: a
 * line diff (jsdiff), where each removed line paired with an added line in
 * the same block also gets a word diff, so a retuned constant stands out.
 * Long unchanged stretches collapse to a gap row with their line count.
 */
import { diffLines, diffWordsWithSpace } from 'diff';

export interface DiffSegment {
  readonly text: string;
  /** Whether this part differs from the paired line (always false for unpaired lines). */
  readonly changed: boolean;
}

/** A line of either code, with its 1-based line numbers (null in the code that lacks it). */
export interface LineRow {
  readonly kind: 'same' | 'added' | 'removed';
  readonly oldLine: number | null;
  readonly newLine: number | null;
  readonly segments: readonly DiffSegment[];
}

/** Unchanged lines left out. */
export interface GapRow {
  readonly kind: 'gap';
  readonly count: number;
}

export type DiffRow = LineRow | GapRow;

export interface CodeDiff {
  readonly rows: readonly DiffRow[];
  readonly added: number;
  readonly removed: number;
}

/** Unchanged lines kept around each change; longer stretches collapse to a gap. */
export const contextLines = 3;

/** Returns `text`'s lines, line ends normalised, with no empty last line. */
function linesOf(value: string): string[] {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Returns the word segments of a removed and an added line: what each has that the other has not. */
function wordSegments(before: string, after: string): [DiffSegment[], DiffSegment[]] {
  const old: DiffSegment[] = [];
  const next: DiffSegment[] = [];
  for (const part of diffWordsWithSpace(before, after)) {
    if (!part.added) old.push({ text: part.value, changed: part.removed });
    if (!part.removed) next.push({ text: part.value, changed: part.added });
  }
  return [old, next];
}

/** Returns the line rows of the diff from `before` to `after`, without gaps. */
function lineRows(before: string, after: string): LineRow[] {
  const normalise = (text: string) => `${linesOf(text).join('\n')}\n`;
  const changes = diffLines(normalise(before), normalise(after));
  const rows: LineRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let k = 0; k < changes.length; k++) {
    const change = changes[k];
    const lines = linesOf(change.value);
    if (change.removed && changes[k + 1]?.added) {
      // A replaced block: pair its lines in order, so each pair gets a word diff.
      const added = linesOf(changes[k + 1].value);
      const removedRows: LineRow[] = [];
      const addedRows: LineRow[] = [];
      for (let i = 0; i < Math.max(lines.length, added.length); i++) {
        const [old, next] =
          i < lines.length && i < added.length
            ? wordSegments(lines[i], added[i])
            : [[{ text: lines[i] ?? '', changed: false }], [{ text: added[i] ?? '', changed: false }]];
        if (i < lines.length)
          removedRows.push({ kind: 'removed', oldLine: oldLine++, newLine: null, segments: old });
        if (i < added.length)
          addedRows.push({ kind: 'added', oldLine: null, newLine: newLine++, segments: next });
      }
      rows.push(...removedRows, ...addedRows);
      k++;
      continue;
    }
    for (const text of lines) {
      const segments = [{ text, changed: false }];
      if (change.removed) rows.push({ kind: 'removed', oldLine: oldLine++, newLine: null, segments });
      else if (change.added) rows.push({ kind: 'added', oldLine: null, newLine: newLine++, segments });
      else rows.push({ kind: 'same', oldLine: oldLine++, newLine: newLine++, segments });
    }
  }
  return rows;
}

/** Returns `rows` with every unchanged stretch longer than 2·context + 1 lines cut to its edges and a gap. */
export function collapseUnchanged(rows: readonly DiffRow[], context = contextLines): DiffRow[] {
  const out: DiffRow[] = [];
  let k = 0;
  while (k < rows.length) {
    if (rows[k].kind !== 'same') {
      out.push(rows[k++]);
      continue;
    }
    let end = k;
    while (end < rows.length && rows[end].kind === 'same') end++;
    const keepBefore = k === 0 ? 0 : context; // context after the previous change
    const keepAfter = end === rows.length ? 0 : context; // context before the next change
    if (end - k > keepBefore + keepAfter + 1) {
      out.push(...rows.slice(k, k + keepBefore));
      out.push({ kind: 'gap', count: end - k - keepBefore - keepAfter });
      out.push(...rows.slice(end - keepAfter, end));
    } else {
      out.push(...rows.slice(k, end));
    }
    k = end;
  }
  return out;
}

/** Returns the diff of `after` (the candidate's code) against `before` (a parent's). */
export function codeDiff(before: string, after: string): CodeDiff {
  const rows = lineRows(before, after);
  const changed = rows.some((r) => r.kind !== 'same');
  return {
    // Identical code is shown whole: there is no change to give context to.
    rows: changed ? collapseUnchanged(rows) : rows,
    added: rows.filter((r) => r.kind === 'added').length,
    removed: rows.filter((r) => r.kind === 'removed').length,
  };
}
