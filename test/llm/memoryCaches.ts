import type { WritableCacheLike } from '../../src/llm/ggufCache.ts';
import type { CacheStorageLike } from '../../src/llm/webllmCache.ts';

/** Cache Storage in memory: caches by name, responses by URL (Node's Request and Response). */
export class MemoryCaches implements CacheStorageLike {
  readonly stores = new Map<string, Map<string, Response>>();
  opened: string[] = [];

  put(cache: string, url: string, body: BodyInit, headers: Record<string, string> = {}): void {
    if (!this.stores.has(cache)) this.stores.set(cache, new Map());
    this.stores.get(cache)?.set(url, new Response(body, { headers }));
  }

  async has(name: string): Promise<boolean> {
    return this.stores.has(name);
  }

  async open(name: string): Promise<WritableCacheLike> {
    this.opened.push(name);
    if (!this.stores.has(name)) this.stores.set(name, new Map());
    const store = this.stores.get(name) ?? new Map<string, Response>();
    const key = (request: RequestInfo) => (typeof request === 'string' ? request : request.url);
    return {
      keys: async () => [...store.keys()].map((url) => new Request(url)),
      match: async (request) => store.get(key(request))?.clone(),
      delete: async (request) => store.delete(key(request)),
      put: async (request, response) => void store.set(key(request), response),
    };
  }

  urls(name: string): string[] {
    return [...(this.stores.get(name)?.keys() ?? [])].sort();
  }
}
