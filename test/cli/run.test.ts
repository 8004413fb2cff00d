/**
 * `mechlab run` as a user runs it: with a replies file, and against an
 * OpenAI-compatible server on 127.0.0.1 (the fake one the backend's tests use).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../llm/fakeOpenAiServer.ts';
import { mechlab as runMechlab } from './mechlabProcess.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mechlab-run-'));

function mechlab(...args: string[]) {
  return runMechlab(args);
}

const reserveReply = (r: number) =>
  `{sell only above ${r}}\n\`\`\`javascript\nfunction priority(bid, bidder, n) {\n  return bid >= ${r} ? bid : 0;\n}\n\`\`\``;

interface RunFile {
  format: string;
  progress: { status: string };
  meta: { model: { backend: string; model: string } };
  candidates: {
    id: string;
    status: string;
    score: number | null;
    reply: string;
    generation: { model: string } | null;
  }[];
}

describe('mechlab run', { timeout: 120_000 }, () => {
  it('replays a replies file and writes a run file with one candidate per reply', async () => {
    const replies = join(scratch, 'replies.json');
    writeFileSync(replies, JSON.stringify([reserveReply(0.4), 'no code here', reserveReply(0.5)]));
    const out = join(scratch, 'scripted.json');
    const { status, stdout, stderr } = await mechlab(
      'run',
      '--problem',
      'single-item-revenue',
      '--backend',
      'scripted',
      '--replies',
      replies,
      '--budget',
      '10',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/^finished: 4 candidates \(3 valid\)/);
    expect(stderr).toMatch(/c0002 \w+ +parse-error/);
    const run = JSON.parse(readFileSync(out, 'utf8')) as RunFile;
    expect(run.format).toBe('mechlab-run');
    expect(run.candidates.map((c) => c.status)).toEqual(['ok', 'ok', 'parse-error', 'ok']);
    expect(run.candidates[3].score).toBeGreaterThan(run.candidates[1].score ?? 1);
  });

  it('drives an OpenAI-compatible server on 127.0.0.1, streaming, and records its replies', async () => {
    let served = 0;
    const server = await startFakeOpenAiServer({
      respond: () => {
        served += 1;
        const text = reserveReply(0.3 + 0.05 * served);
        return {
          kind: 'completion',
          pieces: [text.slice(0, 20), text.slice(20)],
          usage: { prompt_tokens: 300, completion_tokens: 40 },
        };
      },
    });
    try {
      const out = join(scratch, 'openai.json');
      const { status, stdout } = await mechlab(
        'run',
        '--problem',
        'single-item-revenue',
        '--backend',
        'openai',
        '--base-url',
        server.origin,
        '--model',
        'tiny-coder',
        '--budget',
        '3',
        '--workers',
        '1',
        '--out',
        out,
      );
      expect(status).toBe(0);
      expect(stdout).toMatch(/^finished: 4 candidates \(4 valid\)/);
      const run = JSON.parse(readFileSync(out, 'utf8')) as RunFile;
      expect(run.meta.model).toEqual({ backend: 'openai', model: 'tiny-coder' });
      expect(run.candidates.slice(1).map((c) => c.reply)).toEqual(
        [1, 2, 3].map((k) => reserveReply(0.3 + 0.05 * k)),
      );
      const request = server.requests.find((r) => r.path.endsWith('/chat/completions'));
      expect(request?.body).toMatchObject({ model: 'tiny-coder', stream: true });
    } finally {
      await server.close();
    }
  });

  it('says what is missing when the openai backend has no server address', async () => {
    const { status, stderr } = await mechlab(
      'run',
      '--problem',
      'single-item-revenue',
      '--backend',
      'openai',
      '--out',
      join(scratch, 'x.json'),
    );
    expect(status).not.toBe(0);
    expect(stderr.trim()).toBe(
      'mechlab: --backend openai needs --base-url URL and --model NAME (e.g. http://127.0.0.1:8080 for llama.cpp server)',
    );
  });
  it('screens out weak candidates by default, records the setting, and says what is wrong with a screening flag', async () => {
    const replies = join(scratch, 'screened.json');
    // Twenty reserves near 0.5 (the best for two uniform bidders) fill the islands; six near 1 fall far below.
    const good = Array.from({ length: 20 }, (_, i) => 0.3 + 0.02 * i);
    const reserves = [...good, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99];
    writeFileSync(replies, JSON.stringify(reserves.map(reserveReply)));
    const run = async (...flags: string[]) => {
      const out = join(scratch, `screened-${flags.join('')}.json`);
      const result = await mechlab(
        'run',
        '--problem',
        'single-item-revenue',
        '--n',
        '2',
        '--backend',
        'scripted',
        '--replies',
        replies,
        '--workers',
        '1',
        '--depth',
        '0',
        '--out',
        out,
        '--json',
        ...flags,
      );
      expect(result.stderr).toBe('');
      const file = JSON.parse(readFileSync(out, 'utf8')) as RunFile & {
        meta: { settings: { search: { screening?: unknown } } };
      };
      return { summary: JSON.parse(result.stdout) as { valid: number; screenedOut: number }, file };
    };
    const staged = await run();
    expect(staged.file.meta.settings.search.screening).toEqual({ samples: 512, top: 3, z: 3 });
    expect(staged.file.candidates.map((c) => c.status)).toEqual([
      ...Array(21).fill('ok'),
      ...Array(6).fill('screened-out'),
    ]);
    expect(staged.summary).toMatchObject({ valid: 27, screenedOut: 6 });
    const full = await run('--screening', 'off');
    expect(full.file.meta.settings.search.screening).toBeNull();
    expect(full.file.candidates.map((c) => c.status)).toEqual(Array(27).fill('ok'));
    const scores = (file: RunFile) => file.candidates.slice(0, 21).map((c) => c.score);
    expect(scores(full.file)).toEqual(scores(staged.file));

    for (const [flags, message] of [
      [['--screening', 'maybe'], '--screening maybe is not known; on (the default) or off'],
      [['--screening', 'off', '--screen-samples', '64'], '--screen-samples needs --screening on'],
      [
        ['--samples', '256', '--screen-samples', '256'],
        '--screen-samples 256 is not allowed: the first stage must be smaller than --samples (256)',
      ],
    ] as const) {
      const { status, stderr } = await mechlab(
        'run',
        '--problem',
        'single-item-revenue',
        ...flags,
        '--out',
        join(scratch, 'bad.json'),
      );
      expect(status).not.toBe(0);
      expect(stderr.trim()).toBe(`mechlab: ${message}`);
    }
  });
});
