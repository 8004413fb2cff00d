import type { ModelRecord } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import {
  deleteCachedWebLlmModel,
  listCachedWebLlmModels,
  webLlmFilesUrl,
} from '../../src/llm/webllmCache.ts';
import { MemoryCaches } from './memoryCaches.ts';

const hub = 'https://huggingface.co/mlc-ai/';
const lib = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';
const record = (id: string, libName: string): ModelRecord => ({
  model: `${hub}${id}`,
  model_id: id,
  model_lib: `${lib}${libName}`,
});
const a = record('A-q4f32_1-MLC', 'shared.wasm');
const b = record('B-q4f32_1-MLC', 'shared.wasm');
const c = record('C-q4f32_1-MLC', 'c.wasm');
const list = JSON.stringify({
  records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }],
});
const sized = (n: number) => ({ 'content-length': String(n) });

/** Stores A complete, B partial (one shard of two, no length header), and the shared library. */
function storage(): MemoryCaches {
  const caches = new MemoryCaches();
  const files = (r: ModelRecord) => webLlmFilesUrl(r.model);
  caches.put('webllm/model', `${files(a)}tensor-cache.json`, list, sized(list.length));
  caches.put('webllm/model', `${files(a)}params_shard_0.bin`, new Uint8Array(3000), sized(3000));
  caches.put('webllm/model', `${files(a)}params_shard_1.bin`, new Uint8Array(2000), sized(2000));
  caches.put('webllm/config', `${files(a)}mlc-chat-config.json`, '{}', sized(2));
  caches.put('webllm/model', `${files(b)}tensor-cache.json`, list, sized(list.length));
  caches.put('webllm/model', `${files(b)}params_shard_0.bin`, new Uint8Array(700));
  caches.put('webllm/wasm', a.model_lib, new Uint8Array(500), sized(500));
  return caches;
}

const known = [a, b, c].map((r) => ({ record: r, source: 'hub' as const }));

describe('webLlmFilesUrl', () => {
  it('appends resolve/main/ as WebLLM does, unless the URL names a revision', () => {
    expect(webLlmFilesUrl('https://h/x/M')).toBe('https://h/x/M/resolve/main/');
    expect(webLlmFilesUrl('https://h/x/M/')).toBe('https://h/x/M/resolve/main/');
    expect(webLlmFilesUrl('https://h/x/M/resolve/v2/')).toBe('https://h/x/M/resolve/v2/');
    expect(webLlmFilesUrl('http://127.0.0.1/models/M/')).toBe('http://127.0.0.1/models/M/resolve/main/');
  });
});

describe('listCachedWebLlmModels', () => {
  it('lists each stored model with its files, size and whether every shard is there', async () => {
    const models = await listCachedWebLlmModels(known, storage());
    expect(
      models.map(({ id, bytes, complete, files }) => ({ id, bytes, complete, files: files.length })),
    ).toEqual([
      { id: a.model_id, bytes: list.length + 3000 + 2000 + 2 + 500, complete: true, files: 5 },
      { id: b.model_id, bytes: list.length + 700 + 500, complete: false, files: 3 },
    ]);
  });

  it('opens no cache that does not exist, and finds nothing in an empty browser', async () => {
    const caches = new MemoryCaches();
    expect(await listCachedWebLlmModels(known, caches)).toEqual([]);
    expect(caches.opened).toEqual([]);
  });
});

describe('deleteCachedWebLlmModel', () => {
  it('deletes a model’s files but keeps a library another stored model uses, then the last user’s too', async () => {
    const caches = storage();
    let models = await listCachedWebLlmModels(known, caches);
    const freed = await deleteCachedWebLlmModel(models[1], models, caches);
    expect(freed).toBe(list.length + 700);
    expect(caches.urls('webllm/wasm')).toEqual([a.model_lib]);
    models = await listCachedWebLlmModels(known, caches);
    expect(models.map((m) => m.id)).toEqual([a.model_id]);
    await deleteCachedWebLlmModel(models[0], models, caches);
    expect([...caches.stores.values()].every((store) => store.size === 0)).toBe(true);
  });
});
