import { describe, expect, it } from 'vitest';
import { saveScreenshot, type Session } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';

/** What the page itself can read about WebGPU and cores, to compare with the status line. */
async function readBrowserFacts(session: Session) {
  return session.page.evaluate(async () => {
    const adapter = navigator.gpu ? await navigator.gpu.requestAdapter() : null;
    return {
      hasGpu: Boolean(navigator.gpu),
      hasAdapter: adapter !== null,
      shaderF16: adapter ? adapter.features.has('shader-f16') : false,
      cores: navigator.hardwareConcurrency,
      isolated: self.crossOriginIsolated,
    };
  });
}

describe('the status line', () => {
  const browser = browserPerTest();

  it('reports the WebGPU adapter, shader-f16, cores and isolation that Chromium gives with WebGPU enabled', async () => {
    const session = await browser.openApp({ webgpu: true });
    const { page } = session;
    await page.getByTestId('status-webgpu').waitFor();
    const facts = await readBrowserFacts(session);
    expect(facts.hasAdapter).toBe(true);

    const webgpu = await page.getByTestId('status-webgpu').innerText();
    expect(webgpu).toMatch(/^WebGPU: yes — /);
    expect(webgpu).toContain(`shader-f16 ${facts.shaderF16 ? 'yes' : 'no'}`);
    expect(await page.getByTestId('status-cores').innerText()).toBe(`Cores: ${facts.cores}`);
    expect(facts.isolated).toBe(true);
    expect(await page.getByTestId('status-isolation').innerText()).toBe('Cross-origin isolated: yes');
    expect(await page.getByTestId('status-storage').innerText()).toMatch(
      /^Storage: [\d.]+ \w?B used of [\d.]+ \w?B/,
    );
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('MechLab');
    await saveScreenshot(page, 'home-webgpu');
  });

  it('says WebGPU is unavailable, and why, when Chromium finds no adapter', async () => {
    const session = await browser.openApp({ webgpu: false });
    const { page } = session;
    await page.getByTestId('status-webgpu').waitFor();
    const facts = await readBrowserFacts(session);
    expect(facts.hasAdapter).toBe(false);

    const webgpu = await page.getByTestId('status-webgpu').innerText();
    expect(webgpu).toBe(
      facts.hasGpu
        ? 'WebGPU: no — WebGPU is present but no adapter was found (GPU blocked or disabled)'
        : 'WebGPU: no — this browser has no WebGPU (navigator.gpu is missing)',
    );
    expect(await page.getByTestId('status-webgpu').getAttribute('data-available')).toBe('false');
    await saveScreenshot(page, 'home-no-webgpu');
  });
});
