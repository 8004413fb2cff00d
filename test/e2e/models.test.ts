/** The model choice as this browser's GPU allows it: WebLLM's catalogue marked for the adapter, or wllama offered instead. */
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';

describe('choosing a model', () => {
  const browser = browserPerTest();

  it('without a WebGPU adapter, shows WebLLM unavailable with the reason and offers wllama', async () => {
    const { page } = await browser.openApp({ webgpu: false });
    await page.getByTestId('status-webgpu').waitFor();
    await expect(page.getByTestId('model-webllm').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('webllm-unavailable').innerText()).resolves.toMatch(
      /^WebLLM is unavailable: WebGPU is present but no adapter was found .*Use a GGUF model on the CPU instead/,
    );
    await expect(page.getByTestId('model-wllama').isEnabled()).resolves.toBe(true);
  });

  it('on an adapter without shader-f16, marks the q4f16 builds unusable and picks the q4f32 build', async () => {
    const { page } = await browser.openApp({ webgpu: true });
    await page.getByTestId('status-webgpu').waitFor();
    expect(await page.getByTestId('status-webgpu').innerText()).toContain('shader-f16 no');
    await page.getByTestId('model-webllm').check();
    const select = page.getByTestId('webllm-model');
    await select.waitFor();
    expect(await select.inputValue()).toBe('Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC');
    const f16 = select.locator('option[value="Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC"]');
    expect(await f16.isDisabled()).toBe(true);
    expect(await f16.innerText()).toMatch(/unusable: .*shader-f16.*q4f32/);
    const f32 = select.locator('option[value="Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC"]');
    expect(await f32.isDisabled()).toBe(false);
    await saveScreenshot(page, 'model-choice');
  });
});
