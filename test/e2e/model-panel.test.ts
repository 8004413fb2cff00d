/**
 * The model panel in a real browser: bundled models listed first and loaded
 * from the page's own origin, a WebLLM bundle whose files are missing ending
 * in a readable error, a download with progress that can be cancelled, the
 * models WebLLM keeps in Cache Storage listed with sizes and deleted, and a
 * run started with the model already in memory. The bundles are fixtures
 * written into the served build folder (the tiny test GGUF, and an index
 * entry whose files do not exist), removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tinyGguf } from '../../scripts/make-tiny-gguf.js';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { exportFrom, waitForStatus } from './harness/runs.ts';

const dist = resolve(import.meta.dirname, '../..', process.env.MECHLAB_DIST ?? 'dist');
const models = join(dist, 'models');
const indexPath = join(models, 'index.json');

/** A WebLLM model whose q4f32 build fits the headless SwiftShader adapter; its bundle has no files. */
const missingWebLlm = 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC';
const tiny = Buffer.from(tinyGguf());
/** A file that starts like a GGUF model and is large enough to watch a throttled download. */
const slowBytes = 1_500_000;

const fixtures = ['tiny-test', 'slow-test', missingWebLlm];
let previousIndex: string | null = null;

beforeAll(() => {
  previousIndex = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : null;
  mkdirSync(join(models, 'tiny-test'), { recursive: true });
  writeFileSync(join(models, 'tiny-test', 'tiny-test.gguf'), tiny);
  mkdirSync(join(models, 'slow-test'), { recursive: true });
  // Random bytes: the preview server compresses, and zeros would shrink to nothing on the wire.
  writeFileSync(
    join(models, 'slow-test', 'slow-test.gguf'),
    Buffer.concat([Buffer.from('GGUF'), randomBytes(slowBytes - 4)]),
  );
  const entry = { fetchedAt: '2026-01-01T00:00:00.000Z' };
  const index = {
    format: 'mechlab-model-bundles',
    version: 1,
    models: [
      { ...entry, kind: 'webllm', id: missingWebLlm, bytes: 280_000_000, modelLib: 'lib/model.wasm' },
      { ...entry, kind: 'gguf', id: 'tiny-test', bytes: tiny.length, file: 'tiny-test.gguf' },
      { ...entry, kind: 'gguf', id: 'slow-test', bytes: slowBytes, file: 'slow-test.gguf' },
    ],
  };
  writeFileSync(indexPath, JSON.stringify(index));
});

afterAll(() => {
  for (const id of fixtures) rmSync(join(models, id), { recursive: true, force: true });
  if (previousIndex === null) rmSync(indexPath, { force: true });
  else writeFileSync(indexPath, previousIndex);
});

describe('the model panel', { timeout: 180_000 }, () => {
  const browser = browserPerTest();

  it('lists the bundled GGUF models first and loads one from this origin, then runs with it', async () => {
    const { page } = await browser.openApp();
    await page.getByTestId('model-wllama').check();
    const source = page.getByTestId('wllama-source');
    const options = await source.locator('option').allInnerTexts();
    expect(options).toEqual([
      `tiny-test — ${(tiny.length / 1000).toFixed(0)} KB, bundled with this copy`,
      'slow-test — 1.50 MB, bundled with this copy',
      'A GGUF file at a URL…',
      'A GGUF file on this computer…',
    ]);
    expect(await source.inputValue()).toBe('bundle:tiny-test');
    expect(await page.getByTestId('setup-error').innerText()).toBe(
      'Load a model in the model panel first, or choose the demo.',
    );
    await page.getByTestId('model-load').click();
    await page.getByTestId('model-loaded').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('model-loaded-text').innerText()).toBe(
      'Loaded: tiny-test.gguf (CPU, wllama; bundled)',
    );
    expect(await page.getByTestId('status-model').innerText()).toBe('Model: tiny-test.gguf (CPU)');
    expect(await page.getByTestId('setup-model').innerText()).toBe(
      'The run will use tiny-test.gguf, with the grammar.',
    );

    await page.fill('input[name=budget]', '3');
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').waitFor();
    await waitForStatus(page, 'finished', 120_000);
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const written = run.candidates.slice(1) as unknown as {
      reply: string;
      generation: { backend: string; model: string };
    }[];
    expect(written).toHaveLength(3);
    for (const c of written) {
      expect(c.generation).toMatchObject({ backend: 'wllama', model: 'tiny-test.gguf' });
      expect(c.reply).toMatch(/^\{[^}\n]*\}\nfunction priority\(bid, bidder, n\) \{/);
    }
  });

  it('shows a download’s progress, bytes and elapsed time, and cancels it', async () => {
    const { page, context } = await browser.openApp();
    await page.getByTestId('model-wllama').check();
    await page.getByTestId('wllama-source').selectOption('bundle:slow-test');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // About 200 kB/s: the 1.5 MB file takes several seconds.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: 200_000,
      uploadThroughput: -1,
    });
    await page.getByTestId('model-load').click();
    const progress = page.getByTestId('model-progress');
    await progress.waitFor();
    await page.waitForFunction(
      () =>
        /of 1\.50 MB$/.test(document.querySelector('[data-testid=model-progress-bytes]')?.textContent ?? ''),
      null,
      { timeout: 20_000 },
    );
    await page.waitForFunction(
      () => {
        const percent = document.querySelector('[data-testid=model-progress-percent]')?.textContent ?? '';
        return /^\d+%$/.test(percent) && Number.parseInt(percent, 10) > 0;
      },
      null,
      { timeout: 20_000 },
    );
    expect(await page.getByTestId('model-progress-text').innerText()).toBe('Downloading slow-test.gguf');
    expect(await page.getByTestId('model-progress-elapsed').innerText()).toMatch(/^\d+ s$/);
    expect(await page.locator('progress').getAttribute('max')).toBe('100');
    expect(await page.getByTestId('status-model').innerText()).toMatch(/^Model: loading slow-test \(\d+%\)$/);
    await saveScreenshot(page, 'model-loading');
    const percentBefore = Number.parseInt(await page.getByTestId('model-progress-percent').innerText(), 10);
    expect(percentBefore).toBeLessThan(100);

    await page.getByTestId('model-cancel').click();
    await progress.waitFor({ state: 'detached' });
    expect(await page.getByTestId('model-error').innerText()).toBe('Loading slow-test was cancelled');
    expect(await page.getByTestId('model-loaded').count()).toBe(0);
    expect(await page.getByTestId('status-model').innerText()).toBe('Model: none loaded');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  });

  it('keeps a GGUF file loaded from a URL in this browser: the next load reads no network, and it can be deleted', async () => {
    const { page } = await browser.openApp();
    const url = new URL('models/tiny-test/tiny-test.gguf', inject('baseUrl')).href;
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (request.url() === url) fetched.push(request.url());
    });
    await page.getByTestId('model-wllama').check();
    const stored = page.getByTestId('stored-gguf');
    await expect(stored.innerText()).resolves.toContain('None yet');
    await page.getByTestId('wllama-source').selectOption('url');
    await page.getByTestId('model-url').fill(url);
    await page.getByTestId('model-load').click();
    await page.getByTestId('model-loaded').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('model-loaded-text').innerText()).toBe(
      'Loaded: tiny-test.gguf (CPU, wllama; URL)',
    );
    expect(fetched).toHaveLength(1);
    const file = stored.getByTestId('stored-gguf-item');
    await file.waitFor();
    expect(await file.getAttribute('data-url')).toBe(url);
    expect(await file.innerText()).toContain(
      `tiny-test.gguf — ${(tiny.length / 1000).toFixed(0)} KB, from ${url}`,
    );

    // Loaded again from the list of sources: read from this browser's storage, not the network.
    await page.getByTestId('model-unload').click();
    await page.getByTestId('wllama-source').selectOption(`stored:${url}`);
    await page.getByTestId('model-load').click();
    await page.getByTestId('model-loaded').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('model-loaded-text').innerText()).toBe(
      'Loaded: tiny-test.gguf (CPU, wllama; URL, stored in this browser)',
    );
    expect(fetched).toHaveLength(1);

    await file.getByTestId('stored-gguf-delete').click();
    await file.getByTestId('stored-gguf-confirm').click();
    await file.waitFor({ state: 'detached' });
    await expect(stored.innerText()).resolves.toContain('None yet');
    expect(await page.getByTestId('wllama-source').locator(`option[value="stored:${url}"]`).count()).toBe(0);
  });

  it('ends a WebLLM load whose bundled files are missing (404) in a readable error, not a hang', async () => {
    const { page } = await browser.openApp({ webgpu: true });
    await page.getByTestId('status-webgpu').waitFor();
    await page.getByTestId('model-webllm').check();
    const select = page.getByTestId('webllm-model');
    await select.waitFor();
    expect(await select.inputValue()).toBe(`bundle:${missingWebLlm}`);
    expect(await select.locator('optgroup').first().getAttribute('label')).toBe(
      'Bundled with this copy of MechLab (no download)',
    );
    await page.getByTestId('model-load').click();
    const error = page.getByTestId('model-error');
    await error.waitFor({ timeout: 90_000 });
    const text = await error.innerText();
    const files = `${inject('baseUrl')}models/${missingWebLlm}/resolve/main/`;
    expect(text).toBe(
      `The bundle of ${missingWebLlm} in this copy of MechLab is incomplete: ${files}mlc-chat-config.json ` +
        `is missing (HTTP 404). Run \`npm run fetch-model -- ${missingWebLlm}\` again, then rebuild (npm run build)`,
    );
    expect(await page.getByTestId('model-progress').count()).toBe(0);
    expect(await page.getByTestId('model-loaded').count()).toBe(0);
    await saveScreenshot(page, 'model-webllm-404');
  });

  it('lists the WebLLM models this browser keeps, with sizes, and deletes one', async () => {
    const { page } = await browser.openApp({ webgpu: true });
    const base = 'https://huggingface.co/mlc-ai/';
    const complete = 'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC';
    const partial = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';
    // Stored as WebLLM stores them: one entry per file URL in its three caches.
    await page.evaluate(
      async ({ base, complete, partial }) => {
        const model = await caches.open('webllm/model');
        const put = (cache: Cache, url: string, bytes: number) =>
          cache.put(
            url,
            new Response(new Uint8Array(bytes), { headers: { 'content-length': String(bytes) } }),
          );
        const list = JSON.stringify({
          records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }],
        });
        await model.put(
          `${base}${complete}/resolve/main/tensor-cache.json`,
          new Response(list, { headers: { 'content-length': String(list.length) } }),
        );
        await put(model, `${base}${complete}/resolve/main/params_shard_0.bin`, 3_000_000);
        await put(model, `${base}${complete}/resolve/main/params_shard_1.bin`, 2_000_000);
        await model.put(
          `${base}${partial}/resolve/main/tensor-cache.json`,
          new Response(list, { headers: { 'content-length': String(list.length) } }),
        );
        await put(model, `${base}${partial}/resolve/main/params_shard_0.bin`, 1_000_000);
        await put(
          await caches.open('webllm/config'),
          `${base}${complete}/resolve/main/mlc-chat-config.json`,
          1_000,
        );
      },
      { base, complete, partial },
    );
    await page.getByTestId('status-webgpu').waitFor();
    await page.getByTestId('model-webllm').check();
    const listed = page.getByTestId('cached-models-item');
    await listed.first().waitFor();
    const texts = await listed.allInnerTexts();
    const listLength = JSON.stringify({
      records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }],
    }).length;
    // In the order of WebLLM's own list, where Llama comes before Qwen.
    expect(texts.map((t) => t.replace(/\s*Delete$/, ''))).toEqual([
      `${partial} — ${formatMB(1_000_000 + listLength)} in 2 files, partial — an interrupted download`,
      `${complete} — ${formatMB(5_001_000 + listLength)} in 4 files, complete`,
    ]);
    expect(
      await page.getByTestId('webllm-model').locator(`option[value="${complete}"]`).innerText(),
    ).toContain(', stored here');

    await listed.first().getByTestId('cached-models-delete').click();
    await listed.first().getByTestId('cached-models-confirm').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=cached-models-item]').length === 1,
    );
    expect(await listed.first().getAttribute('data-id')).toBe(complete);
    const left = await page.evaluate(async () => {
      const names = ['webllm/model', 'webllm/config'];
      const urls: string[] = [];
      for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
      return urls.sort();
    });
    expect(left).toEqual(
      [
        `${base}${complete}/resolve/main/mlc-chat-config.json`,
        `${base}${complete}/resolve/main/params_shard_0.bin`,
        `${base}${complete}/resolve/main/params_shard_1.bin`,
        `${base}${complete}/resolve/main/tensor-cache.json`,
      ].sort(),
    );
    await saveScreenshot(page, 'model-cache');
  });
});

/** Returns bytes as the panel shows them (decimal units, three significant digits). */
function formatMB(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb.toFixed(mb >= 100 ? 0 : mb >= 10 ? 1 : 2)} MB`;
}
