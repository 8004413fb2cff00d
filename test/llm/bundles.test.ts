import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import {
  BundleIndexError,
  bundledGgufUrl,
  bundledModelFits,
  bundledWebLlmRecord,
  isBundlePath,
  readBundleIndex,
  type BundleEntry,
} from '../../src/llm/bundles.ts';

const modelsBase = new URL('http://127.0.0.1:4173/models/');
const webllmId = 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC';
const webllm: Extract<BundleEntry, { kind: 'webllm' }> = {
  kind: 'webllm',
  id: webllmId,
  bytes: 1_000,
  fetchedAt: '2026-01-01T00:00:00.000Z',
  modelLib: 'lib/Qwen2-1.5B-Instruct-q4f16_1_cs1k-webgpu.wasm',
};
const gguf: Extract<BundleEntry, { kind: 'gguf' }> = {
  kind: 'gguf',
  id: 'qwen2.5-coder-0.5b-q4_k_m',
  bytes: 400_000_000,
  fetchedAt: '2026-01-01T00:00:00.000Z',
  file: 'qwen2.5-coder-0.5b-q4_k_m.gguf',
};
const index = (models: unknown[]) => ({ format: 'mechlab-model-bundles', version: 1, models });

describe('readBundleIndex', () => {
  it('reads the entries fetch-model writes', () => {
    expect(readBundleIndex(index([webllm, gguf]))).toEqual([webllm, gguf]);
  });

  it.each([
    [null, 'models/index.json is not a MechLab bundle index'],
    [{ format: 'other', version: 1, models: [] }, 'models/index.json is not a MechLab bundle index'],
    [
      { format: 'mechlab-model-bundles', version: 2, models: [] },
      'has version 2, this MechLab reads version 1',
    ],
    [{ format: 'mechlab-model-bundles', version: 1 }, 'models/index.json has no models list'],
    [index([{ ...gguf, id: '../up' }]), 'models[0].id is not a model folder name'],
    [index([gguf, { ...gguf, bytes: -1 }]), 'models[1].bytes is not a byte count'],
    [index([{ ...gguf, kind: 'onnx' }]), `models[0].kind is "onnx", not 'webllm' or 'gguf'`],
    [index([{ ...gguf, file: '../../etc/passwd' }]), 'models[0].file is not a path inside the bundle'],
    [
      index([{ ...webllm, modelLib: 'https://evil.test/x.wasm' }]),
      'models[0].modelLib is not a path inside the bundle',
    ],
  ])('refuses %j, saying what is wrong and how to rebuild the index', (json, message) => {
    expect(() => readBundleIndex(json)).toThrow(BundleIndexError);
    expect(() => readBundleIndex(json)).toThrow(message);
    expect(() => readBundleIndex(json)).toThrow('run `npm run fetch-model -- --index` to rebuild it');
  });
});

describe('isBundlePath', () => {
  it('accepts relative paths inside the folder and nothing else', () => {
    expect(['a.gguf', 'lib/x.wasm', 'resolve/main/tokenizer.json'].map(isBundlePath)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['', '/abs', '../x', 'a/../../x', 'a\\b', 'http://x/y', 'data:x', 'a//b', './a'].map(isBundlePath),
    ).toEqual(Array(9).fill(false));
  });
});

describe('bundled models on this origin', () => {
  it('points a WebLLM record’s weights and library into the bundle, keeping the prebuilt settings', () => {
    const record = bundledWebLlmRecord(modelsBase, webllm, prebuiltAppConfig);
    const prebuilt = prebuiltAppConfig.model_list.find((r) => r.model_id === webllmId);
    expect(record).toEqual({
      ...prebuilt,
      model: `http://127.0.0.1:4173/models/${webllmId}/`,
      model_lib: `http://127.0.0.1:4173/models/${webllmId}/lib/Qwen2-1.5B-Instruct-q4f16_1_cs1k-webgpu.wasm`,
    });
  });

  it('returns null for a model this WebLLM version does not know', () => {
    expect(bundledWebLlmRecord(modelsBase, { ...webllm, id: 'Unknown-MLC' }, prebuiltAppConfig)).toBeNull();
  });

  it('gives the URL of a bundled GGUF file', () => {
    expect(bundledGgufUrl(modelsBase, gguf)).toBe(
      'http://127.0.0.1:4173/models/qwen2.5-coder-0.5b-q4_k_m/qwen2.5-coder-0.5b-q4_k_m.gguf',
    );
  });

  it('marks a bundled f16 build unusable without shader-f16, and an unknown model unusable', () => {
    const capabilities = { webgpu: { available: true, shaderF16: false } };
    const fits = bundledModelFits(
      [webllm, { ...webllm, id: 'Unknown-MLC' }, gguf],
      modelsBase,
      prebuiltAppConfig,
      capabilities,
    );
    expect([...fits.keys()]).toEqual([webllmId, 'Unknown-MLC']);
    expect(fits.get(webllmId)).toEqual({
      usable: false,
      reason: 'this GPU lacks shader-f16; use the q4f32 build Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC',
    });
    expect(fits.get('Unknown-MLC')?.usable).toBe(false);
  });
});
