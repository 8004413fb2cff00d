/**
 * The browser half of the security tests: a page, built with the app's own
 * Vite configuration and served with its headers, that runs hostile
 * programs on the app's browser evaluator (src/platform/browserEvaluator.ts
 * and workers/evaluate.worker.ts) and measures how long its main thread was
 * ever kept from running. test/e2e/security.test.ts drives it.
 */
import { createBrowserEvaluator } from '../../../src/platform/browserEvaluator.ts';
import type { ProblemId } from '../../../src/core/problem.ts';
import { hostileCorpus } from '../corpus/index.ts';
import { corpusSetup, runCorpus, type CorpusRun } from '../runCorpus.ts';

/** Gaps between two ticks of a 20 ms timer since the last reset: the longest, and how many exceeded 500 ms. */
const heartbeat = { last: performance.now(), longest: 0, stalls: 0 };
setInterval(() => {
  const now = performance.now();
  const gap = now - heartbeat.last;
  heartbeat.longest = Math.max(heartbeat.longest, gap);
  if (gap > 500) heartbeat.stalls++;
  heartbeat.last = now;
}, 20);

/** Returns the outcome of one fetch from the page: 'ok <status>' or the error's name. */
async function tryFetch(url: string): Promise<string> {
  try {
    const response = await fetch(url);
    return `ok ${response.status}`;
  } catch (error) {
    return (error as Error).name;
  }
}

const harness = {
  /** Runs the corpus programs `ids` (all of `problem`) on one fresh browser worker with `timeoutMs`. */
  async run(problem: ProblemId, ids: readonly string[], timeoutMs: number): Promise<CorpusRun> {
    const programs = hostileCorpus.filter((p) => ids.includes(p.id));
    const evaluator = createBrowserEvaluator(corpusSetup(problem), { timeoutMs, size: 1 });
    try {
      return await runCorpus(problem, programs, evaluator, { timeoutMs });
    } finally {
      await evaluator.close();
    }
  },

  /** Returns the longest main-thread gap and the stalls over 500 ms since the last call, and starts a new measurement. */
  mainThread(): { longest: number; stalls: number } {
    const { longest, stalls } = heartbeat;
    heartbeat.longest = 0;
    heartbeat.stalls = 0;
    return { longest, stalls };
  },

  /**
   * A control for the network observer: a worker of the page (not the
   * sandbox) fetches a same-origin path, which the test must see; then the
   * page fetches an outside host, which the Content-Security-Policy must
   * refuse. Returns both outcomes and the CSP violations reported.
   */
  async networkControl(
    probePath: string,
  ): Promise<{ worker: string; outside: string; violations: string[] }> {
    const violations: string[] = [];
    const listen = (event: SecurityPolicyViolationEvent) =>
      violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
    document.addEventListener('securitypolicyviolation', listen);
    const source = `fetch(${JSON.stringify(new URL(probePath, location.href).href)}).then((r) => postMessage('ok ' + r.status), (e) => postMessage(e.name));`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const fromWorker = await new Promise<string>(
      (resolve) => (worker.onmessage = (e) => resolve(String(e.data))),
    );
    worker.terminate();
    const outside = await tryFetch('https://example.com/mechlab-leak');
    await new Promise((resolve) => setTimeout(resolve, 100));
    document.removeEventListener('securitypolicyviolation', listen);
    return { worker: fromWorker, outside, violations };
  },
};

declare global {
  interface Window {
    securityHarness: typeof harness;
  }
}
window.securityHarness = harness;
document.body.dataset.ready = 'true';
