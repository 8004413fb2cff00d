/**
 * Reads the reply corpora (priority.txt, rebate.txt, allocate.txt): replies
 * written as small models write them, each with the outcome parseReply
 * must give. The format is described at the top of each file.
 */
import { readFileSync } from 'node:fs';
import type { HeuristicSignature } from '../../../../src/core/problem.ts';

export interface ReplyCase {
  readonly title: string;
  readonly reply: string;
  readonly ok: boolean;
  /** The exact code expected, when the case pins it. */
  readonly code?: string;
  /** The thought expected: a string, null for "none", undefined when not checked. */
  readonly thought?: string | null;
  readonly notes: readonly string[];
  readonly messages: readonly string[];
  readonly line?: number;
}

export const signatures: Readonly<Record<'priority' | 'rebate' | 'allocate', HeuristicSignature>> = {
  priority: { name: 'priority', parameters: ['bid', 'bidder', 'n'], doc: 'Returns the priority of a bid.' },
  rebate: { name: 'rebate', parameters: ['others', 'n', 'm'], doc: 'Returns the rebate of an agent.' },
  allocate: { name: 'allocate', parameters: ['bids'], doc: 'Returns the index of the winner, or -1.' },
};

/** Returns the cases of `replies/<name>.txt`. */
export function readCorpus(name: keyof typeof signatures): ReplyCase[] {
  const text = readFileSync(new URL(`./${name}.txt`, import.meta.url), 'utf8');
  const cases: ReplyCase[] = [];
  for (const chunk of text.split(/^=== /m).slice(1)) {
    const lines = chunk.split('\n');
    const title = lines[0].trim();
    const replyAt = lines.indexOf('--- reply');
    const codeAt = lines.indexOf('--- code');
    if (replyAt < 0) throw new Error(`case "${title}" has no "--- reply"`);
    const headerEnd = codeAt >= 0 ? codeAt : replyAt;
    const fields = lines.slice(1, headerEnd).map((line) => /^(\w+):\s?(.*)$/.exec(line));
    const values = (key: string) => fields.flatMap((f) => (f && f[1] === key ? [f[2]] : []));
    const [expect] = values('expect');
    if (expect !== 'ok' && expect !== 'error') throw new Error(`case "${title}" must expect ok or error`);
    const [thought] = values('thought');
    const [line] = values('line');
    let reply = lines
      .slice(replyAt + 1)
      .join('\n')
      .replace(/\n+$/, '');
    if (values('crlf')[0] === 'yes') reply = reply.replace(/\n/g, '\r\n');
    cases.push({
      title,
      reply,
      ok: expect === 'ok',
      ...(codeAt >= 0 ? { code: lines.slice(codeAt + 1, replyAt).join('\n') } : {}),
      ...(thought !== undefined ? { thought: thought === 'none' ? null : thought } : {}),
      notes: values('note'),
      messages: values('message'),
      ...(line !== undefined ? { line: Number(line) } : {}),
    });
  }
  return cases;
}
