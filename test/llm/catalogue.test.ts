import { prebuiltAppConfig, type AppConfig, type ModelRecord } from '@mlc-ai/web-llm';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BrowserCapabilities } from '../../src/platform/capabilities.ts';
import {
  defaultModel,
  modelCatalogue,
  type CatalogueCapabilities,
  type CatalogueEntry,
} from '../../src/llm/catalogue.ts';

const laptopGpu = {
  webgpu: { available: true, shaderF16: true, maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 32 },
} as const;
const gpuWithoutF16 = { webgpu: { ...laptopGpu.webgpu, shaderF16: false } } as const;
const noWebGpu = {
  webgpu: { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' },
} as const;

function entry(entries: readonly CatalogueEntry[], id: string): CatalogueEntry {
  const found = entries.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${id} is not in the catalogue`);
  return found;
}

describe('modelCatalogue', () => {
  const catalogue = modelCatalogue(prebuiltAppConfig, laptopGpu);

  it('offers the Qwen2.5-Coder models from 0.5B to 7B and a few general instruct models', () => {
    const names = new Set(catalogue.map((model) => model.name));
    expect([...names]).toEqual([
      'Qwen2.5-Coder-1.5B-Instruct',
      'Qwen2.5-Coder-3B-Instruct',
      'Qwen2.5-Coder-7B-Instruct',
      'Qwen2.5-Coder-0.5B-Instruct',
      'Qwen2.5-1.5B-Instruct',
      'Qwen2.5-3B-Instruct',
      'Llama-3.2-1B-Instruct',
      'Llama-3.2-3B-Instruct',
      'Phi-3.5-mini-instruct',
    ]);
  });

  it('offers only ids that exist in the app config, 4-bit f16 builds before f32, and no short-context -1k builds', () => {
    const ids = new Set(prebuiltAppConfig.model_list.map((record) => record.model_id));
    for (const model of catalogue) expect(ids.has(model.id)).toBe(true);
    expect(catalogue.some((model) => model.id.endsWith('-1k'))).toBe(false);
    const coder = catalogue.filter((model) => model.name === 'Qwen2.5-Coder-0.5B-Instruct');
    expect(coder.map((model) => model.quantisation)).toEqual(['q4f16_1', 'q4f32_1', 'q0f16', 'q0f32']);
  });

  it('copies vram_required_MB and low_resource_required from each record', () => {
    for (const model of catalogue) {
      const record = prebuiltAppConfig.model_list.find((candidate) => candidate.model_id === model.id);
      expect(model.vramRequiredMB).toBe(record?.vram_required_MB ?? null);
      expect(model.lowResourceRequired).toBe(record?.low_resource_required ?? false);
    }
  });

  it('estimates the download from parameters and bits per weight (about 0.8 GB for the 1.5B coder at q4f16)', () => {
    expect(entry(catalogue, 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC').estimatedDownloadMB).toBe(826);
    const f32 = entry(catalogue, 'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC').estimatedDownloadMB;
    expect(f32).toBeGreaterThan(826);
    // 0.49e9 weights × 16 or 32 bits.
    expect(entry(catalogue, 'Qwen2.5-Coder-0.5B-Instruct-q0f16-MLC').estimatedDownloadMB).toBe(935);
    expect(entry(catalogue, 'Qwen2.5-Coder-0.5B-Instruct-q0f32-MLC').estimatedDownloadMB).toBe(1869);
  });

  it('marks every model usable on a laptop GPU with shader-f16', () => {
    expect(catalogue.every((model) => model.fit.usable)).toBe(true);
    expect(entry(catalogue, 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC').fit.reason).toBe(
      'runs on this GPU with about 1630 MB free',
    );
  });

  it('marks every model unusable without WebGPU, giving the reason the probe reported', () => {
    for (const model of modelCatalogue(prebuiltAppConfig, noWebGpu)) {
      expect(model.fit).toEqual({
        usable: false,
        reason:
          'WebGPU is not available: this browser has no WebGPU (navigator.gpu is missing); use the wllama (CPU) backend',
      });
    }
  });

  it('marks f16 builds unusable without shader-f16 and names the q4f32 build to use instead', () => {
    const withoutF16 = modelCatalogue(prebuiltAppConfig, gpuWithoutF16);
    expect(entry(withoutF16, 'Qwen2.5-Coder-3B-Instruct-q4f16_1-MLC').fit).toEqual({
      usable: false,
      reason: 'this GPU lacks shader-f16; use the q4f32 build Qwen2.5-Coder-3B-Instruct-q4f32_1-MLC',
    });
    expect(entry(withoutF16, 'Qwen2.5-Coder-3B-Instruct-q4f32_1-MLC').fit.usable).toBe(true);
    expect(entry(withoutF16, 'Qwen2.5-Coder-0.5B-Instruct-q0f16-MLC').fit.reason).toContain(
      'Qwen2.5-Coder-0.5B-Instruct-q0f32-MLC',
    );
    for (const model of withoutF16) expect(model.fit.usable).toBe(!model.needsShaderF16);
  });

  it('offers f16 builds when the GPU does not say whether it has shader-f16', () => {
    const unknown = modelCatalogue(prebuiltAppConfig, { webgpu: { available: true } });
    expect(unknown.every((model) => model.fit.usable)).toBe(true);
  });

  it('marks a model unusable when its buffers exceed maxStorageBufferBindingSize, with both numbers', () => {
    const record: ModelRecord = {
      model: 'https://huggingface.co/mlc-ai/Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC',
      model_id: 'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC',
      model_lib: 'https://example.org/Qwen2-1.5B-Instruct-q4f32_1_cs1k-webgpu.wasm',
      buffer_size_required_bytes: 262_144_000,
    };
    const appConfig: AppConfig = { model_list: [record] };
    const smallBuffers = {
      webgpu: { available: true, shaderF16: true, maxStorageBufferBindingSize: 134_217_728 },
    };
    expect(modelCatalogue(appConfig, smallBuffers)[0]?.fit).toEqual({
      usable: false,
      reason:
        'this GPU binds at most 128 MB per storage buffer (maxStorageBufferBindingSize 134217728), ' +
        'but the model needs 250 MB (262144000 bytes); choose a smaller model',
    });
    expect(modelCatalogue(appConfig, laptopGpu)[0]?.fit.usable).toBe(true);
  });

  it('accepts the capabilities the browser probe returns', () => {
    expectTypeOf<BrowserCapabilities>().toMatchTypeOf<CatalogueCapabilities>();
  });
});

describe('defaultModel', () => {
  it('picks the q4f16 build of Qwen2.5-Coder-1.5B-Instruct on a GPU with shader-f16', () => {
    expect(defaultModel(modelCatalogue(prebuiltAppConfig, laptopGpu))?.id).toBe(
      'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC',
    );
  });

  it('picks its q4f32 build on a GPU without shader-f16', () => {
    expect(defaultModel(modelCatalogue(prebuiltAppConfig, gpuWithoutF16))?.id).toBe(
      'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC',
    );
  });

  it('falls back to the first usable 4-bit model when the default is missing', () => {
    const appConfig: AppConfig = {
      model_list: prebuiltAppConfig.model_list.filter(
        (record) => !record.model_id.startsWith('Qwen2.5-Coder-1.5B'),
      ),
    };
    expect(defaultModel(modelCatalogue(appConfig, laptopGpu))?.id).toBe(
      'Qwen2.5-Coder-3B-Instruct-q4f16_1-MLC',
    );
  });

  it('returns null when no model is usable', () => {
    expect(defaultModel(modelCatalogue(prebuiltAppConfig, noWebGpu))).toBeNull();
  });
});
