/**
 * Offline model bundles: models that `npm run fetch-model` put under
 * public/models/, so a build serves them from its own origin. The script
 * writes one manifest per model and public/models/index.json listing them
 * all; the app reads the index (a missing index means no bundles) and turns
 * each entry into something a backend can load from this origin: a WebLLM
 * model record whose weight and library URLs point into the bundle, or the
 * URL of a GGUF file for wllama. Pure: fetching is the caller's job.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { modelFitOf, type CatalogueCapabilities, type ModelFit } from './catalogue.ts';

/** The index's format tag and version, so an index from another tool is refused by name. */
export const bundleIndexFormat = 'mechlab-model-bundles';
export const bundleIndexVersion = 1;

/** One bundled model as the index lists it; paths are relative to models/<id>/. */
export type BundleEntry =
  | {
      readonly kind: 'webllm';
      readonly id: string;
      readonly bytes: number;
      readonly fetchedAt: string;
      /** The model library, e.g. 'lib/Qwen2-1.5B-Instruct-q4f32_1_cs1k-webgpu.wasm'. */
      readonly modelLib: string;
    }
  | {
      readonly kind: 'gguf';
      readonly id: string;
      readonly bytes: number;
      readonly fetchedAt: string;
      /** The GGUF file, e.g. 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf'. */
      readonly file: string;
    };

/** public/models/index.json. */
export interface BundleIndex {
  readonly format: typeof bundleIndexFormat;
  readonly version: typeof bundleIndexVersion;
  readonly models: readonly BundleEntry[];
}

/** The bundle index cannot be read: the message says which field is wrong and how to rebuild it. */
export class BundleIndexError extends Error {
  override readonly name = 'BundleIndexError';
}

const rebuild = 'run `npm run fetch-model -- --index` to rebuild it';

/** Returns whether `path` stays inside its bundle folder (no '..', no absolute path, no scheme). */
export function isBundlePath(path: string): boolean {
  return (
    path.length > 0 &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !/^[a-z][a-z0-9+.-]*:/i.test(path) &&
    path.split('/').every((part) => part !== '..' && part !== '.' && part !== '')
  );
}

/** Returns whether `id` is a safe folder name (as fetch-model names bundles). */
function isBundleId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id);
}

/** Returns the entry at `index` of the models list, checked; throws BundleIndexError. */
function readEntry(raw: unknown, index: number): BundleEntry {
  const at = `models[${index}]`;
  if (typeof raw !== 'object' || raw === null)
    throw new BundleIndexError(`${at} is not an object; ${rebuild}`);
  const entry = raw as Record<string, unknown>;
  if (!isBundleId(entry.id)) throw new BundleIndexError(`${at}.id is not a model folder name; ${rebuild}`);
  const bytes = entry.bytes;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0)
    throw new BundleIndexError(`${at}.bytes is not a byte count; ${rebuild}`);
  const fetchedAt = typeof entry.fetchedAt === 'string' ? entry.fetchedAt : '';
  const path = entry.kind === 'webllm' ? entry.modelLib : entry.file;
  const field = entry.kind === 'webllm' ? 'modelLib' : 'file';
  if (entry.kind !== 'webllm' && entry.kind !== 'gguf')
    throw new BundleIndexError(
      `${at}.kind is ${JSON.stringify(entry.kind)}, not 'webllm' or 'gguf'; ${rebuild}`,
    );
  if (typeof path !== 'string' || !isBundlePath(path))
    throw new BundleIndexError(`${at}.${field} is not a path inside the bundle; ${rebuild}`);
  return entry.kind === 'webllm'
    ? { kind: 'webllm', id: entry.id, bytes, fetchedAt, modelLib: path }
    : { kind: 'gguf', id: entry.id, bytes, fetchedAt, file: path };
}

/** Returns the entries of a parsed index.json; throws BundleIndexError saying what is wrong. */
export function readBundleIndex(json: unknown): BundleEntry[] {
  const index = json as Partial<BundleIndex> | null;
  if (typeof index !== 'object' || index === null || index.format !== bundleIndexFormat)
    throw new BundleIndexError(`models/index.json is not a MechLab bundle index; ${rebuild}`);
  if (index.version !== bundleIndexVersion)
    throw new BundleIndexError(
      `models/index.json has version ${String(index.version)}, this MechLab reads version ${bundleIndexVersion}; ${rebuild}`,
    );
  if (!Array.isArray(index.models))
    throw new BundleIndexError(`models/index.json has no models list; ${rebuild}`);
  return index.models.map(readEntry);
}

/** Returns the folder URL of bundle `id` under `modelsBase` (the URL of models/, ending in '/'). */
export function bundleFolderUrl(modelsBase: URL, id: string): URL {
  return new URL(`${encodeURIComponent(id)}/`, modelsBase);
}

/** Returns the URL of a bundled GGUF file. */
export function bundledGgufUrl(modelsBase: URL, entry: Extract<BundleEntry, { kind: 'gguf' }>): string {
  return new URL(entry.file, bundleFolderUrl(modelsBase, entry.id)).href;
}

/**
 * Returns WebLLM's record for a bundled model: the prebuilt record of the
 * same id (its overrides, memory needs and features), with the weights and
 * model library served from the bundle. WebLLM appends resolve/main/ to the
 * model URL, which is where fetch-model put the files. Null when this WebLLM
 * version does not know the id.
 */
export function bundledWebLlmRecord(
  modelsBase: URL,
  entry: Extract<BundleEntry, { kind: 'webllm' }>,
  prebuilt: AppConfig,
): ModelRecord | null {
  const record = prebuilt.model_list.find((r) => r.model_id === entry.id);
  if (!record) return null;
  const folder = bundleFolderUrl(modelsBase, entry.id);
  return { ...record, model: folder.href, model_lib: new URL(entry.modelLib, folder).href };
}

/** Returns an app config holding only `record`, for loading one model whatever else is listed. */
export function singleModelConfig(record: ModelRecord): AppConfig {
  return { model_list: [record] };
}

/** Returns whether each bundled WebLLM model can run with `capabilities`, by id. */
export function bundledModelFits(
  bundles: readonly BundleEntry[],
  modelsBase: URL,
  prebuilt: AppConfig,
  capabilities: CatalogueCapabilities,
): ReadonlyMap<string, ModelFit> {
  const ids = new Set(prebuilt.model_list.map((r) => r.model_id));
  const fits = new Map<string, ModelFit>();
  for (const entry of bundles) {
    if (entry.kind !== 'webllm') continue;
    const record = bundledWebLlmRecord(modelsBase, entry, prebuilt);
    fits.set(
      entry.id,
      record
        ? modelFitOf(record, capabilities, ids)
        : { usable: false, reason: 'this WebLLM version does not know the model; bundle another one' },
    );
  }
  return fits;
}
