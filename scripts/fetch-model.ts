/**
 * Downloads a model's files into public/models/<id>/ with a manifest, so a
 * built dist/ serves the model from its own origin (offline classrooms).
 *
 *   npm run fetch-model -- <webllm-model-id> [--source-base URL] [--out DIR]
 *   npm run fetch-model -- gguf:<url> [--sha256 HEX] [--out DIR]
 *   npm run fetch-model -- --list
 *   npm run fetch-model -- --index [--out DIR]
 *
 * A WebLLM model lands in the hub's own layout, <id>/resolve/main/<file>, so
 * the app can hand WebLLM `<origin>/models/<id>` as the model URL (WebLLM
 * appends resolve/main/); its model library lands in <id>/lib/<name>.wasm.
 * After every fetch (and with --index alone) the script rewrites
 * <out>/index.json from the manifests it finds: the list the app reads to
 * offer bundled models first.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ModelSourceError,
  modelSource,
  webLlmModelList,
  type GgufSource,
  type ModelSource,
  type WebLlmSource,
} from './model-sources.ts';
import {
  FetchModelError,
  ensureFile,
  formatBytes,
  type FileOutcome,
  type FileRequest,
  type VerifiedFile,
} from './download-file.ts';
import {
  bundleIndexFormat,
  bundleIndexVersion,
  type BundleEntry,
  type BundleIndex,
} from '../src/llm/bundles.ts';

/** One file of a bundle, as the manifest records it; `path` is relative to the bundle folder. */
export type ManifestFile = VerifiedFile;

/** public/models/<id>/manifest.json. */
export interface Manifest {
  readonly id: string;
  readonly kind: 'webllm' | 'gguf';
  readonly files: readonly ManifestFile[];
  readonly fetchedAt: string;
  readonly source: string;
}

/** Collects outcomes and prints progress; one per run. */
class BundleFetch {
  readonly outcomes: FileOutcome[] = [];
  private readonly known: ReadonlyMap<string, ManifestFile>;

  constructor(
    readonly folder: string,
    previous: Manifest | undefined,
  ) {
    this.known = new Map(previous?.files.map((f) => [f.path, f]));
  }

  /** Ensures the file at `name` (relative to the folder) is in place, verified, and recorded. */
  async ensure(name: string, request: Omit<FileRequest, 'path'>): Promise<ManifestFile> {
    const path = join(this.folder, name);
    const outcome = await ensureFile({ ...request, path }, this.known.get(name));
    const file = { ...outcome.file, path: name };
    this.outcomes.push({ ...outcome, file });
    const verb = outcome.alreadyThere ? 'present' : 'fetched';
    log(`  ${verb.padEnd(8)} ${name} (${formatBytes(file.bytes)})`);
    return file;
  }
}

/** Fetches the bundle described by `source` into `<out>/<id>/` and returns its manifest. */
export async function fetchBundle(source: ModelSource, out: string): Promise<Manifest> {
  const folder = join(out, source.id);
  await mkdir(folder, { recursive: true });
  const manifestPath = join(folder, 'manifest.json');
  const bundle = new BundleFetch(folder, await readManifest(manifestPath));
  log(`Fetching ${source.id} into ${folder}`);
  if (source.kind === 'webllm') await fetchWebLlm(source, bundle);
  else await fetchGguf(source, bundle);
  const manifest: Manifest = {
    id: source.id,
    kind: source.kind,
    files: bundle.outcomes.map((o) => o.file),
    fetchedAt: new Date().toISOString(),
    source: source.kind === 'webllm' ? source.modelUrl : source.url,
  };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(summary(bundle.outcomes, manifestPath));
  await writeBundleIndex(out);
  return manifest;
}

/** Returns the index entry of a manifest, or undefined when it lacks its model file. */
function indexEntry(manifest: Manifest): BundleEntry | undefined {
  const bytes = manifest.files.reduce((total, f) => total + f.bytes, 0);
  const { id, fetchedAt } = manifest;
  if (manifest.kind === 'gguf') {
    const file = manifest.files.find((f) => f.path.toLowerCase().endsWith('.gguf'))?.path;
    return file === undefined ? undefined : { kind: 'gguf', id, bytes, fetchedAt, file };
  }
  const modelLib = manifest.files.find((f) => f.path.startsWith('lib/'))?.path;
  return modelLib === undefined ? undefined : { kind: 'webllm', id, bytes, fetchedAt, modelLib };
}

/**
 * Rewrites `<out>/index.json` from the manifests of the bundles under `out`
 * (sorted by id) and returns it; the app lists these models first.
 */
export async function writeBundleIndex(out: string): Promise<BundleIndex> {
  const folders = await readdir(out, { withFileTypes: true }).catch(() => []);
  const models: BundleEntry[] = [];
  for (const folder of folders.filter((f) => f.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const manifest = await readManifest(join(out, folder.name, 'manifest.json'));
    const entry = manifest && manifest.id === folder.name ? indexEntry(manifest) : undefined;
    if (entry) models.push(entry);
  }
  const index: BundleIndex = { format: bundleIndexFormat, version: bundleIndexVersion, models };
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  log(`Index: ${join(out, 'index.json')} lists ${models.length} bundled model(s)`);
  return index;
}

async function fetchWebLlm(source: WebLlmSource, bundle: BundleFetch): Promise<void> {
  const fromRepo = (name: string, bytes?: number) =>
    bundle.ensure(posix.join('resolve/main', safeRelativePath(name)), {
      url: new URL(name, source.filesUrl).href,
      bytes,
    });
  // The two JSON files list everything else, so they come first.
  const cache = await tensorCacheOf(source, bundle);
  const config = await fromRepo('mlc-chat-config.json');
  const shards = shardsOf(await readJson(join(bundle.folder, cache.path), cache.path));
  const tokenizer = tokenizerFilesOf(await readJson(join(bundle.folder, config.path), config.path));
  for (const name of tokenizer) await fromRepo(name);
  for (const shard of shards) await fromRepo(shard.dataPath, shard.nbytes);
  const libName = safeRelativePath(posix.basename(new URL(source.libUrl).pathname));
  await bundle.ensure(posix.join('lib', libName), { url: source.libUrl });
}

/**
 * Fetches the list of weight shards as resolve/main/tensor-cache.json, the
 * name WebLLM 0.2.86 reads. Repositories converted before MLC renamed it
 * (mlc-llm PR 3326) only have ndarray-cache.json, the same format: then
 * that file is fetched and stored under the new name.
 */
async function tensorCacheOf(source: WebLlmSource, bundle: BundleFetch): Promise<ManifestFile> {
  const local = 'resolve/main/tensor-cache.json';
  try {
    return await bundle.ensure(local, { url: new URL('tensor-cache.json', source.filesUrl).href });
  } catch (error) {
    if (!(error instanceof FetchModelError) || error.status !== 404) throw error;
    return bundle.ensure(local, { url: new URL('ndarray-cache.json', source.filesUrl).href });
  }
}

async function fetchGguf(source: GgufSource, bundle: BundleFetch): Promise<void> {
  await bundle.ensure(`${source.id}.gguf`, { url: source.url, sha256: source.sha256 });
}

/** Returns the shards tensor-cache.json lists (records[].dataPath, records[].nbytes). */
function shardsOf(json: unknown): { dataPath: string; nbytes?: number }[] {
  const records = isObject(json) ? json.records : undefined;
  if (!Array.isArray(records)) throw new FetchModelError('tensor-cache.json has no records list');
  return records.map((record: unknown) => {
    if (!isObject(record) || typeof record.dataPath !== 'string') {
      throw new FetchModelError('tensor-cache.json has a record without a dataPath');
    }
    const nbytes = typeof record.nbytes === 'number' ? record.nbytes : undefined;
    return { dataPath: record.dataPath, nbytes };
  });
}

/** Returns mlc-chat-config.json's tokenizer_files (none if absent). */
function tokenizerFilesOf(json: unknown): string[] {
  const files = isObject(json) ? json.tokenizer_files : undefined;
  if (files === undefined) return [];
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) {
    throw new FetchModelError('mlc-chat-config.json: tokenizer_files is not a list of names');
  }
  return files;
}

/** Rejects names from downloaded JSON that would escape the bundle folder. */
function safeRelativePath(name: string): string {
  const normal = posix.normalize(name);
  if (!name || name.includes('\\') || posix.isAbsolute(name) || normal === '..' || normal.startsWith('../')) {
    throw new FetchModelError(`refusing unsafe file name '${name}' from the model's files`);
  }
  return normal;
}

function summary(outcomes: readonly FileOutcome[], manifestPath: string): string {
  const fetched = outcomes.filter((o) => !o.alreadyThere);
  const present = outcomes.filter((o) => o.alreadyThere);
  const sum = (list: readonly FileOutcome[], pick: (o: FileOutcome) => number) =>
    formatBytes(list.reduce((total, o) => total + pick(o), 0));
  return (
    `Fetched ${sum(fetched, (o) => o.transferred)} in ${fetched.length} file(s); ` +
    `${sum(present, (o) => o.file.bytes)} in ${present.length} file(s) already there. ` +
    `Manifest: ${manifestPath}`
  );
}

async function readJson(path: string, name: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new FetchModelError(`${name} is not valid JSON (delete it and run again)`);
  }
}

/** Returns the previous manifest, if a readable one exists; it only supplies expected hashes. */
async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    const json: unknown = JSON.parse(await readFile(path, 'utf8'));
    return isObject(json) && Array.isArray(json.files) ? (json as unknown as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

const usage =
  'usage: fetch-model <webllm-model-id | gguf:<url>> [--source-base URL] [--out DIR] [--sha256 HEX]\n' +
  '       fetch-model --list\n' +
  '       fetch-model --index [--out DIR]   (rewrite DIR/index.json from the bundles there)';

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        list: { type: 'boolean' },
        index: { type: 'boolean' },
        'source-base': { type: 'string' },
        out: { type: 'string', default: join('public', 'models') },
        sha256: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help || values.list) {
      for (const line of values.help ? [usage] : webLlmModelList()) log(line);
      return 0;
    }
    if (values.index && positionals.length === 0) {
      await writeBundleIndex(values.out);
      return 0;
    }
    if (positionals.length !== 1) throw new FetchModelError(`expected one model id\n${usage}`);
    const mirror = values['source-base'] ?? (process.env.MECHLAB_MODEL_MIRROR || undefined);
    const source = modelSource(positionals[0], { mirror, sha256: values.sha256 });
    await fetchBundle(source, values.out);
    return 0;
  } catch (error) {
    const known =
      error instanceof FetchModelError ||
      error instanceof ModelSourceError ||
      String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`fetch-model: ${known ? message : `unexpected ${message}`}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
