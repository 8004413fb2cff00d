import { describe, expect, it } from 'vitest';
import {
  deleteStoredGguf,
  ggufCacheName,
  ggufFileName,
  listStoredGguf,
  readStoredGguf,
  storeGguf,
} from '../../src/llm/ggufCache.ts';
import { MemoryCaches } from './memoryCaches.ts';

const url = 'https://huggingface.co/org/repo/resolve/main/Qwen2.5-Coder-0.5B-Q4_K_M.gguf';

describe('GGUF files kept in Cache Storage', () => {
  it('reads back the bytes it stored, lists the file with its size and name, and deletes it', async () => {
    const caches = new MemoryCaches();
    expect(await readStoredGguf(url, caches)).toBeNull();
    expect(await listStoredGguf(caches)).toEqual([]);
    const bytes = new Uint8Array([71, 71, 85, 70, 3, 0, 0, 0]);
    await storeGguf(url, new Blob([bytes]), caches);
    const read = await readStoredGguf(url, caches);
    expect(new Uint8Array(await read!.arrayBuffer())).toEqual(bytes);
    expect(await listStoredGguf(caches)).toEqual([{ url, name: 'Qwen2.5-Coder-0.5B-Q4_K_M.gguf', bytes: 8 }]);
    expect(caches.urls(ggufCacheName)).toEqual([url]);
    await deleteStoredGguf(url, caches);
    expect(await listStoredGguf(caches)).toEqual([]);
    expect(await readStoredGguf(url, caches)).toBeNull();
  });

  it('names a file by the last part of its URL, decoded, and model.gguf when there is none', () => {
    expect(ggufFileName('https://example.org/models/my%20model.gguf?download=1')).toBe('my model.gguf');
    expect(ggufFileName('https://example.org/')).toBe('model.gguf');
  });
});
