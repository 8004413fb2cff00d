/**
 * Runs scripts/fetch-model.ts as a child process against a fake model hub on
 * 127.0.0.1 that lives in this test process (hence async spawn, not spawnSync).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const script = join(root, 'scripts/fetch-model.ts');

const record = prebuiltAppConfig.model_list[0];
const modelId = record.model_id;
const repoPath = new URL(record.model).pathname;
const libPath = new URL(record.model_lib).pathname;
const libName = libPath.split('/').pop() ?? '';

/** Returns `length` deterministic pseudo-random bytes, different per `seed`. */
function bytesOf(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const sizeOf = async (path: string) => (await stat(path).catch(() => undefined))?.size;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const shards = { 'params_shard_0.bin': bytesOf(1, 6000), 'params_shard_1.bin': bytesOf(2, 3500) };
const tokenizer = Buffer.from(JSON.stringify({ model: { vocab: { a: 0, b: 1 } } }));
const wasm = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d]), bytesOf(3, 2000)]);
const tensorCache = Buffer.from(
  JSON.stringify({
    metadata: { ParamSize: 2 },
    records: Object.entries(shards).map(([dataPath, bytes]) => ({
      dataPath,
      format: 'raw-shard',
      nbytes: bytes.length,
      records: [],
    })),
  }),
);
const chatConfig = Buffer.from(JSON.stringify({ model_type: 'llama', tokenizer_files: ['tokenizer.json'] }));

/** The bundle's files as the manifest should list them, relative to the bundle folder. */
const expectedFiles: Record<string, Buffer> = {
  'resolve/main/tensor-cache.json': tensorCache,
  'resolve/main/mlc-chat-config.json': chatConfig,
  'resolve/main/tokenizer.json': tokenizer,
  'resolve/main/params_shard_0.bin': shards['params_shard_0.bin'],
  'resolve/main/params_shard_1.bin': shards['params_shard_1.bin'],
  [`lib/${libName}`]: wasm,
};

interface Hub {
  readonly server: Server;
  readonly base: string;
  readonly routes: Map<string, Buffer>;
  readonly requests: { path: string; range?: string; status: number }[];
  /**
   * Paths whose first request is cut off half way through the body, each with
   * the local .part file to watch: the hub closes the connection once the
   * half has reached the disk, because a fetch stream that errors drops the
   * chunks it has not handed out yet.
   */
  readonly cutOnce: Map<string, string>;
  /** When set, the hub ignores Range headers and always answers 200. */
  ignoreRange: boolean;
}

function fakeHub(): Promise<Hub> {
  const routes = new Map<string, Buffer>([
    [`${repoPath}/resolve/main/tensor-cache.json`, tensorCache],
    [`${repoPath}/resolve/main/mlc-chat-config.json`, chatConfig],
    [`${repoPath}/resolve/main/tokenizer.json`, tokenizer],
    ...Object.entries(shards).map(([name, bytes]): [string, Buffer] => [
      `${repoPath}/resolve/main/${name}`,
      bytes,
    ]),
    [libPath, wasm],
  ]);
  const hub = { routes, requests: [], cutOnce: new Map<string, string>(), ignoreRange: false } as Omit<
    Hub,
    'server' | 'base'
  >;
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    const body = routes.get(path);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const log = (status: number) => hub.requests.push({ path, range: req.headers.range, status });
    if (!body) {
      log(404);
      res.writeHead(404).end('not found');
    } else if (range && !hub.ignoreRange) {
      const start = Number(range[1]);
      log(206);
      res.writeHead(206, {
        'Content-Length': body.length - start,
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
      res.end(body.subarray(start));
    } else if (hub.cutOnce.has(path)) {
      const watched = hub.cutOnce.get(path) ?? '';
      hub.cutOnce.delete(path);
      log(200);
      res.writeHead(200, { 'Content-Length': body.length });
      const half = body.length >> 1;
      res.write(body.subarray(0, half), () => void whenSize(watched, half).then(() => res.destroy()));
    } else {
      log(200);
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
    }
  };
  return new Promise((resolve) => {
    const server = createServer(answer).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(Object.assign(hub, { server, base: `http://127.0.0.1:${port}` }) as Hub);
    });
  });
}

/** Resolves once the file at `path` holds `bytes` bytes (polling; gives up after about 10 s). */
async function whenSize(path: string, bytes: number): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (((await sizeOf(path)) ?? 0) >= bytes) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function fetchModel(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, script, ...args], {
      cwd: root,
      env: { ...process.env, MECHLAB_MODEL_MIRROR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let hub: Hub;
let out: string;

beforeEach(async () => {
  hub = await fakeHub();
  out = await mkdtemp(join(tmpdir(), 'fetch-model-'));
});

afterEach(async () => {
  await new Promise((resolve) => hub.server.close(resolve));
  await rm(out, { recursive: true, force: true });
});

const bundle = (...parts: string[]) => join(out, modelId, ...parts);

describe('fetch-model <webllm-model-id>', () => {
  it('downloads the JSON files, tokenizer, shards and model library and writes a manifest', async () => {
    const run = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const manifest = JSON.parse(await readFile(bundle('manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ id: modelId, kind: 'webllm', source: hub.base + repoPath });
    expect(Number.isNaN(Date.parse(manifest.fetchedAt))).toBe(false);
    const listed = Object.entries(expectedFiles).map(([path, bytes]) => ({
      path,
      bytes: bytes.length,
      sha256: sha256(bytes),
    }));
    expect(manifest.files).toEqual(listed);
    for (const [path, bytes] of Object.entries(expectedFiles)) {
      expect(await readFile(bundle(path))).toEqual(bytes);
    }
    expect(hub.requests.map((r) => r.path).slice(0, 2)).toEqual([
      `${repoPath}/resolve/main/tensor-cache.json`,
      `${repoPath}/resolve/main/mlc-chat-config.json`,
    ]);
    expect(run.stdout).toMatch(/Fetched .* in 6 file\(s\); 0 B in 0 file\(s\) already there/);
  });

  it('lists the bundle in index.json, with its size and model library, for the app to offer', async () => {
    const run = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(run.status).toBe(0);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8'));
    const total = Object.values(expectedFiles).reduce((sum, bytes) => sum + bytes.length, 0);
    expect(index).toEqual({
      format: 'mechlab-model-bundles',
      version: 1,
      models: [
        {
          kind: 'webllm',
          id: modelId,
          bytes: total,
          fetchedAt: expect.any(String),
          modelLib: `lib/${libName}`,
        },
      ],
    });
    expect(run.stdout).toContain(`lists 1 bundled model(s)`);
  });

  it('fetches ndarray-cache.json, stored as tensor-cache.json, from a repository converted before the rename', async () => {
    hub.routes.delete(`${repoPath}/resolve/main/tensor-cache.json`);
    hub.routes.set(`${repoPath}/resolve/main/ndarray-cache.json`, tensorCache);
    const run = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(hub.requests.slice(0, 2)).toEqual([
      { path: `${repoPath}/resolve/main/tensor-cache.json`, range: undefined, status: 404 },
      { path: `${repoPath}/resolve/main/ndarray-cache.json`, range: undefined, status: 200 },
    ]);
    expect(await readFile(bundle('resolve/main/tensor-cache.json'))).toEqual(tensorCache);
  });

  it('skips files already in place on a second run and requests nothing', async () => {
    await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    const before = hub.requests.length;
    const again = await fetchModel([modelId, '--out', out], { MECHLAB_MODEL_MIRROR: hub.base });
    expect(again.status).toBe(0);
    expect(hub.requests.length).toBe(before);
    expect(again.stdout).toMatch(/Fetched 0 B in 0 file\(s\); .* in 6 file\(s\) already there/);
  });

  it('resumes a shard cut off half way with a Range request on the next run', async () => {
    const shardPath = `${repoPath}/resolve/main/params_shard_0.bin`;
    hub.cutOnce.set(shardPath, bundle('resolve/main/params_shard_0.bin.part'));
    const first = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(first.status).not.toBe(0);
    expect(first.stderr).toMatch(
      /connection lost .*params_shard_0\.bin.*run the same command again to resume/,
    );
    const part = bundle('resolve/main/params_shard_0.bin.part');
    const kept = (await sizeOf(part)) ?? 0;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(shards['params_shard_0.bin'].length);

    const second = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(hub.requests).toContainEqual({ path: shardPath, range: `bytes=${kept}-`, status: 206 });
    expect(await readFile(bundle('resolve/main/params_shard_0.bin'))).toEqual(shards['params_shard_0.bin']);
    expect(await sizeOf(part)).toBeUndefined();
    const manifest = JSON.parse(await readFile(bundle('manifest.json'), 'utf8'));
    expect(manifest.files).toContainEqual({
      path: 'resolve/main/params_shard_0.bin',
      bytes: shards['params_shard_0.bin'].length,
      sha256: sha256(shards['params_shard_0.bin']),
    });
  });

  it('starts a cut-off shard over when the server ignores the Range request', async () => {
    const shardPath = `${repoPath}/resolve/main/params_shard_1.bin`;
    hub.cutOnce.set(shardPath, bundle('resolve/main/params_shard_1.bin.part'));
    await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    hub.ignoreRange = true;
    const second = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(second.status).toBe(0);
    const half = shards['params_shard_1.bin'].length >> 1;
    expect(hub.requests).toContainEqual({ path: shardPath, range: `bytes=${half}-`, status: 200 });
    expect(await readFile(bundle('resolve/main/params_shard_1.bin'))).toEqual(shards['params_shard_1.bin']);
  });

  it('refuses a shard whose size differs from tensor-cache.json and deletes the part', async () => {
    hub.routes.set(`${repoPath}/resolve/main/params_shard_1.bin`, bytesOf(2, 3000));
    const run = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/params_shard_1\.bin: size mismatch, expected 3500 bytes, got 3000/);
    const left = await readdir(bundle('resolve/main'));
    expect(left.filter((name) => name.startsWith('params_shard_1'))).toEqual([]);
  });

  it('refuses a file name from tensor-cache.json that would leave the bundle folder', async () => {
    const evil = { records: [{ dataPath: '../../../escaped.bin', nbytes: 4, records: [] }] };
    hub.routes.set(`${repoPath}/resolve/main/tensor-cache.json`, Buffer.from(JSON.stringify(evil)));
    const run = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("refusing unsafe file name '../../../escaped.bin'");
    expect(await sizeOf(join(out, 'escaped.bin'))).toBeUndefined();
  });

  it('names the URL of a file the server does not have', async () => {
    hub.routes.delete(`${repoPath}/resolve/main/tokenizer.json`);
    const run = await fetchModel([modelId, '--source-base', hub.base, '--out', out]);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim()).toBe(
      `fetch-model: not found (HTTP 404): ${hub.base}${repoPath}/resolve/main/tokenizer.json`,
    );
  });

  it('rejects an unknown model id with a hint to list the ids', async () => {
    const run = await fetchModel(['No-Such-Model-MLC', '--source-base', hub.base, '--out', out]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/unknown model id 'No-Such-Model-MLC'.*npm run fetch-model -- --list/);
    expect(hub.requests).toEqual([]);
  });
});

describe('fetch-model gguf:<url>', () => {
  const gguf = Buffer.concat([Buffer.from('GGUF'), bytesOf(9, 5000)]);

  it('downloads one GGUF file whose SHA-256 matches --sha256', async () => {
    hub.routes.set('/files/tiny-model.gguf', gguf);
    const url = `${hub.base}/files/tiny-model.gguf`;
    const run = await fetchModel([`gguf:${url}`, '--sha256', sha256(gguf), '--out', out]);
    expect(run.status).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'tiny-model', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      id: 'tiny-model',
      kind: 'gguf',
      source: url,
      files: [{ path: 'tiny-model.gguf', bytes: gguf.length, sha256: sha256(gguf) }],
    });
  });

  it('refuses wrong bytes, names the file and leaves nothing in place', async () => {
    hub.routes.set('/files/tiny-model.gguf', bytesOf(10, gguf.length));
    const url = `${hub.base}/files/tiny-model.gguf`;
    const run = await fetchModel([`gguf:${url}`, '--sha256', sha256(gguf), '--out', out]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/tiny-model\.gguf: SHA-256 mismatch, expected [0-9a-f]{64}, got [0-9a-f]{64}/);
    expect(run.stderr).toContain(sha256(gguf));
    expect(await readdir(join(out, 'tiny-model'))).toEqual([]);
  });

  it('indexes every bundle under the folder, sorted by id, and --index rebuilds the index alone', async () => {
    hub.routes.set('/files/tiny-model.gguf', gguf);
    hub.routes.set('/files/another.gguf', gguf.subarray(0, 100));
    await fetchModel([`gguf:${hub.base}/files/tiny-model.gguf`, '--out', out]);
    await fetchModel([`gguf:${hub.base}/files/another.gguf`, '--out', out]);
    const entries = [
      { kind: 'gguf', id: 'another', bytes: 100, fetchedAt: expect.any(String), file: 'another.gguf' },
      {
        kind: 'gguf',
        id: 'tiny-model',
        bytes: gguf.length,
        fetchedAt: expect.any(String),
        file: 'tiny-model.gguf',
      },
    ];
    const read = async () => JSON.parse(await readFile(join(out, 'index.json'), 'utf8')).models;
    expect(await read()).toEqual(entries);
    await rm(join(out, 'another'), { recursive: true });
    const requests = hub.requests.length;
    const run = await fetchModel(['--index', '--out', out]);
    expect(run.status).toBe(0);
    expect(hub.requests.length).toBe(requests);
    expect(await read()).toEqual([entries[1]]);
  });
});

describe('fetch-model --list', () => {
  it('prints every WebLLM model id with its VRAM need', async () => {
    const run = await fetchModel(['--list']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(prebuiltAppConfig.model_list.length);
    expect(lines[0]).toMatch(
      new RegExp(`^${modelId}\\s+${Math.round(record.vram_required_MB ?? 0)} MB VRAM$`),
    );
  });
});
