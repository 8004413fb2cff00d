/**
 * GGUF files loaded from a URL, kept in this browser's Cache Storage so
 * the next load reads them from disk instead of the network (a demo
 * prepared online then runs offline). Keyed by the file's URL; each entry
 * records its size, so listing them reads no file. Bundled models are not
 * kept here: they come from this page's own origin.
 */
import type { CacheLike } from './webllmCache.ts';

/** The cache MechLab keeps GGUF files in. */
export const ggufCacheName = 'mechlab/gguf';
const bytesHeader = 'x-mechlab-bytes';

/** The part of a Cache this module uses: WebLLM's listing needs, and put. */
export interface WritableCacheLike extends CacheLike {
  put(request: RequestInfo, response: Response): Promise<void>;
}

/** The part of CacheStorage this module uses (window.caches has it). */
export interface GgufCacheStorage {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<WritableCacheLike>;
}

/** A GGUF file kept in this browser. */
export interface StoredGguf {
  readonly url: string;
  /** The file name at the end of the URL. */
  readonly name: string;
  readonly bytes: number;
}

/** Returns the file name at the end of `url` (model.gguf when it has none). */
export function ggufFileName(url: string): string {
  const path = new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname;
  return decodeURIComponent(path.split('/').pop() ?? '') || 'model.gguf';
}

/** Returns the file kept for `url`, or null. */
export async function readStoredGguf(url: string, storage: GgufCacheStorage): Promise<Blob | null> {
  if (!(await storage.has(ggufCacheName))) return null;
  const response = await (await storage.open(ggufCacheName)).match(url);
  return response ? response.blob() : null;
}

/** Keeps `file` as the GGUF file at `url`; rejects when the browser refuses (storage full). */
export async function storeGguf(url: string, file: Blob, storage: GgufCacheStorage): Promise<void> {
  const headers = { 'content-type': 'application/octet-stream', [bytesHeader]: String(file.size) };
  await (await storage.open(ggufCacheName)).put(url, new Response(file, { headers }));
}

/** Returns the GGUF files kept here, by name. */
export async function listStoredGguf(storage: GgufCacheStorage): Promise<StoredGguf[]> {
  if (!(await storage.has(ggufCacheName))) return [];
  const cache = await storage.open(ggufCacheName);
  const stored: StoredGguf[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const bytes = Number(response?.headers.get(bytesHeader));
    stored.push({
      url: request.url,
      name: ggufFileName(request.url),
      bytes: Number.isFinite(bytes) ? bytes : 0,
    });
  }
  return stored.sort((a, b) => a.name.localeCompare(b.name) || a.url.localeCompare(b.url));
}

/** Deletes the GGUF file kept for `url`. */
export async function deleteStoredGguf(url: string, storage: GgufCacheStorage): Promise<void> {
  if (await storage.has(ggufCacheName)) await (await storage.open(ggufCacheName)).delete(url);
}
