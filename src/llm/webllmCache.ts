/**
 * The models WebLLM keeps in this browser, with their sizes, and deleting
 * them. WebLLM stores every downloaded file in the Cache API (the default
 * cacheBackend, which MechLab keeps), keyed by its URL, in three caches:
 * weights and tokenizer in 'webllm/model', mlc-chat-config.json in
 * 'webllm/config', the model library in 'webllm/wasm'. WebLLM's own
 * hasModelInCache and deleteModelAllInfoInCache report no sizes, fetch
 * tensor-cache.json from the network when it is not stored (so they fail
 * offline, and on a download cancelled early), and delete a model library
 * that other stored models still use; so this module reads the caches
 * directly, by the same URLs WebLLM builds.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';

/** The caches WebLLM writes, by what they hold. */
export const webLlmCaches = { model: 'webllm/model', config: 'webllm/config', wasm: 'webllm/wasm' } as const;

/** The part of a Cache this module uses (window.caches' caches have it). */
export interface CacheLike {
  keys(): Promise<readonly Request[]>;
  match(request: RequestInfo): Promise<Response | undefined>;
  delete(request: RequestInfo): Promise<boolean>;
}

/** The part of CacheStorage this module uses. */
export interface CacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<CacheLike>;
}

/** A model record and where it comes from: the hub (WebLLM's list) or a bundle on this origin. */
export interface KnownModel {
  readonly record: ModelRecord;
  readonly source: 'hub' | 'bundle';
}

/** One stored file: which cache, which URL, how many bytes. */
export interface StoredFile {
  readonly cache: string;
  readonly url: string;
  readonly bytes: number;
}

export interface CachedWebLlmModel {
  readonly id: string;
  readonly source: KnownModel['source'];
  /** The URL the model's files sit under (ends in resolve/main/). */
  readonly filesUrl: string;
  readonly files: readonly StoredFile[];
  readonly bytes: number;
  /** Whether tensor-cache.json and every shard it lists are stored: the model loads without a network. */
  readonly complete: boolean;
}

/**
 * Returns the URL a model's files sit under, the way WebLLM builds it:
 * `resolve/main/` is appended unless the URL already has `/resolve/<x>/`.
 */
export function webLlmFilesUrl(modelUrl: string): string {
  const url = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  return /.+\/resolve\/.+\//.test(url) ? url : `${url}resolve/main/`;
}

/** Returns the stored size of `response`: its Content-Length, or else its body's size. */
async function sizeOf(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isSafeInteger(length) && length >= 0) return length;
  return (await response.blob()).size;
}

/** Returns the URLs stored in each WebLLM cache that exists (opening none that does not). */
async function storedUrls(
  storage: CacheStorageLike,
): Promise<Map<string, { cache: CacheLike; urls: string[] }>> {
  const found = new Map<string, { cache: CacheLike; urls: string[] }>();
  for (const name of Object.values(webLlmCaches)) {
    if (!(await storage.has(name))) continue;
    const cache = await storage.open(name);
    found.set(name, { cache, urls: (await cache.keys()).map((request) => request.url) });
  }
  return found;
}

/** Returns whether tensor-cache.json and every shard it lists are among `urls`. */
async function isComplete(cache: CacheLike, filesUrl: string, urls: ReadonlySet<string>): Promise<boolean> {
  const listUrl = new URL('tensor-cache.json', filesUrl).href;
  if (!urls.has(listUrl)) return false;
  try {
    const list = (await (await cache.match(listUrl))?.json()) as { records?: { dataPath?: unknown }[] };
    const records = list?.records;
    return (
      Array.isArray(records) &&
      records.every((r) => typeof r.dataPath === 'string' && urls.has(new URL(r.dataPath, filesUrl).href))
    );
  } catch {
    return false;
  }
}

/**
 * Returns the models of `known` that have at least one of their own files
 * (weights, tokenizer, config) stored, in the order of `known`, with every stored file, the total size and whether
 * the model is complete. A model library shared by several stored models is
 * listed (and counted) with each.
 */
export async function listCachedWebLlmModels(
  known: readonly KnownModel[],
  storage: CacheStorageLike,
): Promise<CachedWebLlmModel[]> {
  const stored = await storedUrls(storage);
  const modelCache = stored.get(webLlmCaches.model);
  const modelUrls = new Set(modelCache?.urls);
  const result: CachedWebLlmModel[] = [];
  for (const { record, source } of known) {
    const filesUrl = webLlmFilesUrl(record.model);
    const files: StoredFile[] = [];
    for (const [name, { cache, urls }] of stored) {
      const mine = urls.filter((url) =>
        name === webLlmCaches.wasm ? url === record.model_lib : url.startsWith(filesUrl),
      );
      for (const url of mine) files.push({ cache: name, url, bytes: await sizeOf(await cache.match(url)) });
    }
    // A model library alone does not make a model stored: another model may share it.
    if (files.every((f) => f.cache === webLlmCaches.wasm)) continue;
    const complete = modelCache ? await isComplete(modelCache.cache, filesUrl, modelUrls) : false;
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    result.push({ id: record.model_id, source, filesUrl, files, bytes, complete });
  }
  return result;
}

/**
 * Deletes `model`'s stored files; its model library only when no model in
 * `others` (the rest of the last listing) uses it too. Returns the bytes freed.
 */
export async function deleteCachedWebLlmModel(
  model: CachedWebLlmModel,
  others: readonly CachedWebLlmModel[],
  storage: CacheStorageLike,
): Promise<number> {
  const shared = new Set(
    others.filter((o) => o !== model).flatMap((o) => o.files.map((f) => `${f.cache} ${f.url}`)),
  );
  let freed = 0;
  for (const file of model.files) {
    if (shared.has(`${file.cache} ${file.url}`)) continue;
    const cache = await storage.open(file.cache);
    if (await cache.delete(file.url)) freed += file.bytes;
  }
  return freed;
}
