/**
 * The first screen loads none of the large runtimes: WebLLM and wllama come
 * when a model is chosen, TensorFlow.js only inside the training worker.
 * Every script the page fetches before the run setup is usable is read and
 * searched for each runtime's own code (bench/bundle.ts's marks).
 */
import { describe, expect, inject, it } from 'vitest';
import { runtimeIn } from '../../bench/bundle.ts';
import { browserPerTest } from './harness/perTest.ts';

describe('the first screen', () => {
  const browser = browserPerTest();

  it('is usable before any model or training runtime is fetched', async () => {
    const { page } = await browser.open();
    const scripts: Promise<{ url: string; runtime: string | null }>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push(response.text().then((text) => ({ url: response.url(), runtime: runtimeIn(text) })));
    });
    await page.goto(inject('baseUrl'));
    await page.getByRole('button', { name: 'Start run' }).waitFor();
    const loaded = await Promise.all(scripts);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((script) => script.runtime !== null)).toEqual([]);
  });
});
