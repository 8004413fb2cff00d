import { describe, expect, it } from 'vitest';
import {
  codeDiff,
  collapseUnchanged,
  type DiffRow,
  type LineRow,
} from '../../../src/ui/inspector/codeDiff.ts';

/** Returns the rows as `±text` lines, gaps as `… n`, for readable expectations. */
function shown(rows: readonly DiffRow[]): string[] {
  return rows.map((r) =>
    r.kind === 'gap'
      ? `… ${r.count}`
      : `${r.kind === 'added' ? '+' : r.kind === 'removed' ? '-' : ' '}${r.segments.map((s) => s.text).join('')}`,
  );
}

describe('codeDiff(before, after)', () => {
  it('gives added and removed lines with their line numbers on each side', () => {
    const before = 'function priority(bid, bidder, n) {\n  return bid;\n}\n';
    const after = 'function priority(bid, bidder, n) {\n  const reserve = 0.5;\n  return bid - reserve;\n}';
    const diff = codeDiff(before, after);
    expect(shown(diff.rows)).toEqual([
      ' function priority(bid, bidder, n) {',
      '-  return bid;',
      '+  const reserve = 0.5;',
      '+  return bid - reserve;',
      ' }',
    ]);
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    const numbers = diff.rows.map((r) => (r.kind === 'gap' ? null : [r.oldLine, r.newLine]));
    expect(numbers).toEqual([
      [1, 1],
      [2, null],
      [null, 2],
      [null, 3],
      [3, 4],
    ]);
  });

  it('marks the changed words of a retuned line', () => {
    const diff = codeDiff('  return 2 * bid - 1;\n', '  return 2 * bid - 0.8;\n');
    const [removed, added] = diff.rows as LineRow[];
    expect(removed.segments.filter((s) => s.changed).map((s) => s.text)).toEqual(['1']);
    expect(added.segments.filter((s) => s.changed).map((s) => s.text)).toEqual(['0.8']);
    expect(added.segments.map((s) => s.text).join('')).toBe('  return 2 * bid - 0.8;');
  });

  it('treats CRLF and a missing final newline as no change, and shows identical code whole', () => {
    const diff = codeDiff('a\r\nb\r\n', 'a\nb');
    expect(diff.added + diff.removed).toBe(0);
    expect(shown(diff.rows)).toEqual([' a', ' b']);
  });

  it('collapses long unchanged stretches to gaps, keeping three lines of context', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const changed = lines.map((l, i) => (i === 10 ? 'line eleven' : l));
    const rows = codeDiff(lines.join('\n'), changed.join('\n')).rows;
    expect(shown(rows)).toEqual([
      '… 7',
      ' line 8',
      ' line 9',
      ' line 10',
      '-line 11',
      '+line eleven',
      ' line 12',
      ' line 13',
      ' line 14',
      '… 6',
    ]);
  });

  it('keeps short unchanged stretches whole', () => {
    const same = (n: number): LineRow => ({
      kind: 'same',
      oldLine: n,
      newLine: n,
      segments: [{ text: `${n}`, changed: false }],
    });
    const added: LineRow = {
      kind: 'added',
      oldLine: null,
      newLine: 9,
      segments: [{ text: 'x', changed: false }],
    };
    const rows = [added, ...[1, 2, 3, 4, 5, 6, 7].map(same), added];
    expect(collapseUnchanged(rows)).toEqual(rows);
  });
});
