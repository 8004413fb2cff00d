/**
 * Storage failures in the browser: two tabs opening the same run (one runs
 * it, the other shows it read-only and takes over when the first closes),
 * storage full mid-run (simulated by an init script that makes IndexedDB
 * writes throw QuotaExceededError: the run goes on in memory, the user is
 * told and can export at once), and hostile or malformed run files on
 * import. Each run is checked against `mechlab run` in Node: no candidate
 * is lost or repeated.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { essentials, exportFrom, nodeDemoRun, startDemoRun, waitForStatus } from './harness/runs.ts';
import { myersonInNode, newestRunRow, shownCount, waitForCount } from './harness/runProgress.ts';

/** Returns how many candidates of run `runId` IndexedDB holds, read in the page with a connection of its own. */
function storedCount(page: Page, runId: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open('mechlab');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const request = db
            .transaction('candidates')
            .objectStore('candidates')
            .index('byRun')
            .count(IDBKeyRange.bound([id], [id, []]));
          request.onsuccess = () => {
            resolve(request.result);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    runId,
  );
}

/**
 * Runs in every page before the app: while `window.__quotaFull` is true,
 * every IndexedDB put and add throws the error a full disk gives.
 */
const quotaSwitch = () => {
  const flags = window as unknown as { __quotaFull?: boolean };
  for (const method of ['put', 'add'] as const) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
      if (flags.__quotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  }
};

describe('storage failures in the browser', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('two tabs open the same run: the second shows it read-only, follows it, and takes over when the first closes', async () => {
    const session = await browser.openApp();
    const first = session.page;
    await startDemoRun(first, 60);
    await waitForCount(first, 6);

    const second = await session.context.newPage();
    await second.goto(inject('baseUrl'));
    const row = await newestRunRow(second);
    await row.getByRole('button', { name: 'Open' }).click();
    const notice = second.getByTestId('read-only-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(
      /^Read-only\. This run is open in another tab, which runs it: this tab shows it read-only and follows its progress\./,
    );
    // It follows the first tab's records as they are stored.
    const seen = await shownCount(second);
    await waitForCount(second, seen + 5);
    await saveScreenshot(second, 'read-only-tab');
    // The read-only tab follows the pause but offers no run controls, only the export.
    await first.getByTestId('pause').click();
    await waitForStatus(first, 'paused');
    await waitForStatus(second, 'paused');
    expect(await second.getByTestId('resume').count()).toBe(0);
    expect(await second.getByTestId('stop').count()).toBe(0);
    expect(await second.getByTestId('export').count()).toBe(1);

    // The first tab closes: the second takes the run over and finishes it.
    await first.close();
    await notice.waitFor({ state: 'detached' });
    await expect(
      second.getByRole('alert').filter({ hasText: 'let go of this run' }).innerText(),
    ).resolves.toBe('The other tab let go of this run, so this tab has it now: resume it here.');
    await second.getByTestId('resume').click();
    await waitForStatus(second, 'finished');
    const { run } = await exportFrom(second, () => second.getByTestId('export').click());
    expect(run.candidates.map((c) => c.id)).toEqual(
      Array.from({ length: 61 }, (_, i) => `c${String(i).padStart(4, '0')}`),
    );
    expect(essentials(run)).toEqual(essentials(nodeDemoRun([...myersonInNode, '--budget', '60'])));
  });

  it('storage full mid-run: the run goes on in memory, the notice offers an export with every candidate, and saving catches up', async () => {
    const { page } = await browser.open();
    await page.addInitScript(quotaSwitch);
    await page.goto(inject('baseUrl'));
    await startDemoRun(page, 60);
    await waitForCount(page, 8);
    await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = true));
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(
      /^Not saved\. Browser storage is full, so candidate c\d{4} of run '.+' was not saved\. .* The run goes on in memory with \d+ candidates? not saved: export it now to keep/,
    );
    const full = await shownCount(page);
    await waitForCount(page, full + 6);
    await saveScreenshot(page, 'storage-full');

    // The export offered at once holds the candidates only in memory.
    const inMemory = await exportFrom(page, () => page.getByTestId('export-unsaved').click());
    const runId = inMemory.run.meta.id;
    const stored = await storedCount(page, runId);
    expect(inMemory.run.candidates.length).toBeGreaterThanOrEqual(full + 6);
    expect(stored).toBeLessThan(inMemory.run.candidates.length);
    expect(stored).toBeGreaterThanOrEqual(8);

    // Space again: the unsaved candidates are written, in order, and the run finishes.
    await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = false));
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=storage-notice]')?.textContent?.includes('Saving works again'),
    );
    await waitForStatus(page, 'finished');
    expect(await storedCount(page, runId)).toBe(61);
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    expect(run.candidates.slice(0, inMemory.run.candidates.length)).toEqual(inMemory.run.candidates);
    expect(essentials(run)).toEqual(essentials(nodeDemoRun([...myersonInNode, '--budget', '60'])));
  });

  it('rejects malformed, huge and hostile run files with a message that says what is wrong, running nothing', async () => {
    const { page } = await browser.openApp();
    await startDemoRun(page, 3);
    await waitForStatus(page, 'finished');
    const { text } = await exportFrom(page, () => page.getByTestId('export').click());
    const good = JSON.parse(text) as { candidates: Record<string, unknown>[] };

    const edited = (edit: (file: typeof good) => void): string => {
      const file = JSON.parse(text) as typeof good;
      edit(file);
      return JSON.stringify(file);
    };
    const files: [string, string, RegExp][] = [
      [
        'truncated.json',
        text.slice(0, text.length / 2),
        /^this is not a MechLab run file: it is not valid JSON/,
      ],
      [
        'proto.json',
        text.replace('"candidates": [', '"__proto__": {"polluted": true},\n  "candidates": ['),
        /^__proto__ is not allowed: run files may not use the keys __proto__, constructor or prototype$/,
      ],
      [
        'huge-reply.json',
        edited((f) => (f.candidates[1].reply = 'x'.repeat(1_000_001))),
        /^candidates\[1\]\.reply is 'x+…'; expected a string of at most 1,000,000 characters$/,
      ],
      [
        'pwn.json',
        edited((f) => {
          f.candidates[1].code = 'function priority() { globalThis.pwned = 1; return 0; }';
          f.candidates[1].status = 'hacked';
        }),
        /^candidates\[1\]\.status is 'hacked'; expected one of ok, /,
      ],
    ];
    for (const [name, content, message] of files) {
      await page.getByTestId('nav-library').click();
      await page
        .getByTestId('import-file')
        .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
      // The message of the file before stays until this one is read: wait for this file's.
      await expect
        .poll(() => page.getByTestId('library-error').innerText(), { timeout: 30_000, message: name })
        .toMatch(message);
    }
    expect(await page.getByTestId('run-list').locator('tbody tr').count()).toBe(1);
    expect(
      await page.evaluate(() => [
        'pwned' in globalThis,
        (Object.prototype as Record<string, unknown>).polluted ?? null,
      ]),
    ).toEqual([false, null]);
  });
});
