/**
 * The hostile corpus in Chromium, on the app's own browser evaluator
 * (src/platform/browserEvaluator.ts + workers/evaluate.worker.ts, through
 * the search loop). The page is a small harness (test/security/browser/)
 * built here with the app's Vite configuration and served with the app's
 * headers, Content-Security-Policy included — so no file of the app needs a
 * test hook. Every request the page or its workers make is observed and
 * anything not for the app's own origin is aborted; the page's main thread
 * is timed throughout.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus, type Expectation, type HostileProgram } from '../security/corpus/index.ts';
import { countBy, groupBy } from '../security/outcomes.ts';
import type { CorpusOutcome, CorpusRun } from '../security/runCorpus.ts';
import { openBrowser, type Session } from './harness/browser.ts';

const root = join(import.meta.dirname, '../..');
const timeoutMs = 1_000;
const harnessPath = 'test/security/browser/index.html';

/** The programs a browser runs (all of them), with what it must record for each. */
const programs = hostileCorpus;
const expected = (p: HostileProgram): Expectation => p.browser ?? p.expect;

let out = '';
let server: PreviewServer | undefined;
let session: Session | undefined;
let origin = '';
const requests: { url: string }[] = [];
const aborted: string[] = [];
const runs: CorpusRun[] = [];
const outcomes = new Map<string, CorpusOutcome>();
let mainThread = { longest: 0, stalls: 0 };
let slowestEvaluate = 0;
let seconds = 0;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'mechlab-security-'));
  await build({
    root,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      sourcemap: false,
      rollupOptions: { input: join(root, harnessPath) },
    },
  });
  server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir: out },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  origin = new URL(server.resolvedUrls!.local[0]).origin;

  session = await openBrowser();
  const { context, page } = session;
  context.on('request', (request) => requests.push({ url: request.url() }));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    aborted.push(url);
    return route.abort('blockedbyclient');
  });
  await page.goto(`${origin}/${harnessPath}`);
  await page.waitForSelector('body[data-ready=true]');

  // Time page.evaluate round trips while the corpus runs: the page must keep answering.
  let running = true;
  const polling = (async () => {
    while (running) {
      const sent = performance.now();
      await page.evaluate(() => 0);
      slowestEvaluate = Math.max(slowestEvaluate, performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const started = performance.now();
  await page.evaluate(() => window.securityHarness.mainThread());
  try {
    // One time limit for all: the longer ones some programs have in Node wait for a heap limit browsers lack.
    for (const batch of groupBy(programs, (p) => p.problem).values()) {
      const { problem } = batch[0];
      const ids = batch.map((p) => p.id);
      const run = await page.evaluate(
        ([problem, ids, limit]) => window.securityHarness.run(problem, ids, limit),
        [problem, ids, timeoutMs] as const,
      );
      runs.push(run);
      for (const outcome of run.outcomes) outcomes.set(outcome.id, outcome);
    }
  } finally {
    running = false;
    await polling;
  }
  seconds = (performance.now() - started) / 1000;
  mainThread = await page.evaluate(() => window.securityHarness.mainThread());
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(
    join(root, 'test-results', 'security-corpus-browser.json'),
    JSON.stringify(
      {
        programs: outcomes.size,
        byStatus: countBy([...outcomes.values()], (o) => o.status),
        seconds,
        longestMainThreadGapMs: mainThread.longest,
        mainThreadStalls: mainThread.stalls,
        slowestEvaluateMs: slowestEvaluate,
        requests,
        outcomes: [...outcomes.values()],
      },
      null,
      2,
    ),
  );
}, 600_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the hostile corpus on the browser evaluator (Chromium, 1 s limit, one worker)', () => {
  it('records every program with the status and reason it must have', () => {
    expect(outcomes.size).toBe(programs.length);
    const wrong = programs
      .map((p) => ({ program: p, outcome: outcomes.get(p.id) }))
      .filter(({ program, outcome }) => {
        const { status, reason } = expected(program);
        return outcome?.status !== status || (reason !== undefined && !reason.test(outcome.message));
      })
      .map(({ program, outcome }) => `${program.id}: ${outcome?.status} — ${outcome?.message}`);
    expect(wrong).toEqual([]);
    const statuses = countBy([...outcomes.values()], (o) => o.status);
    for (const status of ['ok', 'timeout', 'runtime-error', 'forbidden', 'invalid-output', 'parse-error'])
      expect(statuses[status]).toBeGreaterThan(0);
  });

  it('evaluates every probe after a program exactly as it scores alone: nothing carries over', () => {
    for (const run of runs) {
      expect(run.records).toBe(1 + 2 * run.outcomes.length);
      expect(
        run.outcomes
          .filter((o) => o.probeScore !== run.probeReference)
          .map((o) => `${o.id}: probe scored ${o.probeScore} (${o.probe})`),
      ).toEqual([]);
    }
  });

  it('keeps the page responsive: its main thread never runs candidate code, and it answers throughout', () => {
    // Candidate code on the main thread would stall it for the whole limit at every one of the
    // timeouts; a loaded test machine adds a stall now and then, and no long one.
    const timeouts = [...outcomes.values()].filter((o) => o.status === 'timeout').length;
    expect(timeouts).toBeGreaterThan(15);
    expect(mainThread.longest).toBeGreaterThan(0);
    expect(mainThread.stalls).toBeLessThanOrEqual(5);
    expect(mainThread.longest).toBeLessThan(3_000);
    expect(slowestEvaluate).toBeLessThan(3_000);
  });

  it('lets nothing reach the network: every request is for the app’s own files', () => {
    expect(aborted).toEqual([]);
    const foreign = requests.filter((r) => new URL(r.url).origin !== origin);
    expect(foreign).toEqual([]);
    const paths = requests.map((r) => new URL(r.url).pathname);
    expect(paths.every((p) => p.startsWith('/test/security/browser/') || p.startsWith('/assets/'))).toBe(
      true,
    );
  });
});

describe('the network observer and the Content-Security-Policy (controls)', () => {
  it('sees a request a worker makes, and the policy refuses the page an outside host', async () => {
    const before = requests.length;
    const control = await session!.page.evaluate(() =>
      window.securityHarness.networkControl('/security-network-probe'),
    );
    expect(control.worker).toBe('ok 404');
    expect(requests.slice(before).map((r) => new URL(r.url).pathname)).toContain('/security-network-probe');
    expect(control.outside).toBe('TypeError');
    expect(control.violations).toContain('connect-src https://example.com/mechlab-leak');
    expect(aborted).toEqual([]);
  });
});
