import { describe, expect, it } from 'vitest';
import { candidatesCsv, candidatesCsvText } from '../../../src/core/export/candidatesCsv.ts';
import { csvField, csvTable } from '../../../src/core/export/csv.ts';
import { candidateOf, metaOf } from './fixtures.ts';

/** Parses CSV as RFC 4180 reads it (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += ch;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('csvField(value)', () => {
  it('quotes fields with commas, quotes, line breaks or edge spaces, and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes numbers in full, leaves missing values empty, and defuses spreadsheet formulas in text', () => {
    expect(csvField(-0.123456789012)).toBe('-0.123456789012');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1 is a string here')).toBe("'-1 is a string here");
  });

  it('ends every row with CRLF', () => {
    expect(
      csvTable([
        ['a', 1],
        ['b, c', null],
      ]),
    ).toBe('a,1\r\n"b, c",\r\n');
  });
});

describe('candidatesCsv(candidates, meta)', () => {
  const code = 'function priority(bid, bidder, n) {\n  // "quoted", with commas\n  return bid;\n}';
  const ok = candidateOf(code);
  const failed = candidateOf(null, {
    id: 'c0008',
    iteration: 8,
    parentIds: ['c0007'],
    operator: 'repair',
    status: 'parse-error',
    error: { reason: 'parse-error', message: 'Syntax error: Unexpected token, expected ","' },
    score: null,
    standardError: null,
    metrics: [],
    verification: null,
    thought: null,
    usage: null,
    generation: null,
  });

  it('writes one row per candidate that a CSV reader gives back field for field', () => {
    const file = candidatesCsv([ok, failed], metaOf('single-item-revenue', {}, 'My run'));
    expect(file.name).toBe('My-run-candidates.csv');
    expect(file.type).toBe('text/csv');
    const rows = parseCsv(file.text);
    expect(rows).toHaveLength(3);
    const header = rows[0];
    expect(header).toEqual([
      'id',
      'iteration',
      'created_at',
      'island',
      'operator',
      'parents',
      'status',
      'score',
      'standard_error',
      'raw-score',
      'score-lost',
      'verification_passed',
      'verification_checks',
      'max_violation',
      'evaluation_ms',
      'model',
      'prompt_tokens',
      'completion_tokens',
      'tokens_per_second',
      'thought',
      'error',
      'code',
    ]);
    const first = Object.fromEntries(header.map((h, i) => [h, rows[1][i]]));
    expect(first).toMatchObject({
      id: 'c0007',
      created_at: '2025-01-02T03:05:00.000Z',
      parents: 'c0003 c0005',
      score: '0.4123',
      'raw-score': '0.4023',
      'score-lost': '-0.01', // a number: no apostrophe
      verification_passed: 'true',
      model: 'scripted/demo',
      tokens_per_second: '31.5',
      code,
    });
    const second = Object.fromEntries(header.map((h, i) => [h, rows[2][i]]));
    expect(second).toMatchObject({
      id: 'c0008',
      status: 'parse-error',
      score: '',
      'raw-score': '',
      model: '',
      error: 'Syntax error: Unexpected token, expected ","',
      code: '',
    });
  });

  it('writes only the header for a run without candidates', () => {
    expect(candidatesCsvText([])).toBe(
      'id,iteration,created_at,island,operator,parents,status,score,standard_error,verification_passed,verification_checks,max_violation,evaluation_ms,model,prompt_tokens,completion_tokens,tokens_per_second,thought,error,code\r\n',
    );
  });
});
