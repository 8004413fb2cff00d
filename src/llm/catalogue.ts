/**
 * The WebLLM models MechLab offers: the few in WebLLM's model list that
 * write JavaScript well at small sizes, each with what it costs (GPU
 * memory, an estimated download) and whether this browser's GPU can run it.
 * Pure: the browser's capabilities come in as an argument.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';

/** What the catalogue needs to know about WebGPU (BrowserCapabilities from src/platform fits). */
export interface CatalogueCapabilities {
  readonly webgpu: {
    readonly available: boolean;
    /** Why WebGPU is unavailable, as the probe reports it. */
    readonly reason?: string;
    /** Absent when unknown: then f16 builds are offered. */
    readonly shaderF16?: boolean;
    readonly maxStorageBufferBindingSize?: number;
    readonly maxBufferSize?: number;
  };
}

export interface ModelFit {
  readonly usable: boolean;
  /** Why not, or what to expect: one sentence for the model panel. */
  readonly reason: string;
}

export interface CatalogueEntry {
  /** WebLLM's model_id, e.g. 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC'. */
  readonly id: string;
  /** The model without its build, e.g. 'Qwen2.5-Coder-1.5B-Instruct'. */
  readonly name: string;
  readonly family: string;
  /** Parameters in billions, as the model card gives them (1.54 for "1.5B"). */
  readonly parametersBillions: number;
  /** WebLLM's quantisation code: q4f16_1, q4f32_1, q0f16, q0f32. */
  readonly quantisation: string;
  /** Whether this build runs only with WebGPU's shader-f16 feature. */
  readonly needsShaderF16: boolean;
  readonly vramRequiredMB: number | null;
  readonly lowResourceRequired: boolean;
  /**
   * Estimated download in MB: parameters × bits per weight of the
   * quantisation (ModelRecord carries no download size). Weights only.
   */
  readonly estimatedDownloadMB: number;
  readonly fit: ModelFit;
}

interface CuratedModel {
  readonly name: string;
  readonly family: string;
  readonly parametersBillions: number;
}

/** The models offered, best coders first; each is offered in every build the model list has. */
const curatedModels: readonly CuratedModel[] = [
  { name: 'Qwen2.5-Coder-1.5B-Instruct', family: 'Qwen2.5-Coder', parametersBillions: 1.54 },
  { name: 'Qwen2.5-Coder-3B-Instruct', family: 'Qwen2.5-Coder', parametersBillions: 3.09 },
  { name: 'Qwen2.5-Coder-7B-Instruct', family: 'Qwen2.5-Coder', parametersBillions: 7.62 },
  { name: 'Qwen2.5-Coder-0.5B-Instruct', family: 'Qwen2.5-Coder', parametersBillions: 0.49 },
  { name: 'Qwen2.5-1.5B-Instruct', family: 'Qwen2.5', parametersBillions: 1.54 },
  { name: 'Qwen2.5-3B-Instruct', family: 'Qwen2.5', parametersBillions: 3.09 },
  { name: 'Llama-3.2-1B-Instruct', family: 'Llama-3.2', parametersBillions: 1.24 },
  { name: 'Llama-3.2-3B-Instruct', family: 'Llama-3.2', parametersBillions: 3.21 },
  { name: 'Phi-3.5-mini-instruct', family: 'Phi-3.5', parametersBillions: 3.82 },
];

/**
 * Bits stored per weight: 4-bit groups of 32 share one scale (f16 or f32);
 * q0 keeps the weights unquantised.
 */
const bitsPerWeight: Readonly<Record<string, number>> = {
  q4f16_1: 4 + 16 / 32,
  q4f32_1: 4 + 32 / 32,
  q0f16: 16,
  q0f32: 32,
};

/** Returns the place of a quantisation in the catalogue: 4-bit f16, 4-bit f32, then unquantised. */
function buildOrder(quantisation: string | undefined): number {
  const order = Object.keys(bitsPerWeight).indexOf(quantisation ?? '');
  return order === -1 ? Number.MAX_SAFE_INTEGER : order;
}

/** Matches '<name>-<quantisation>-MLC'; ids with a suffix (the '-1k' short-context builds) do not match. */
const modelIdPattern = /^(.+)-(q\d+f\d+(?:_\d+)?)-MLC$/;

const megabyte = 1024 * 1024;

function formatMB(bytes: number): string {
  return `${Math.round(bytes / megabyte)} MB`;
}

/** Returns the id of the f32 build of an f16 id (q4f16_1 → q4f32_1, q0f16 → q0f32). */
function f32Sibling(id: string): string {
  return id.replace(/-(q\d+)f16((?:_\d+)?)-MLC$/, '-$1f32$2-MLC');
}

function needsShaderF16(record: ModelRecord, quantisation: string): boolean {
  return /f16/.test(quantisation) || (record.required_features ?? []).includes('shader-f16');
}

/**
 * Returns whether `record` can run with `capabilities`, and why not; `ids`
 * are the model ids on offer, to name the f32 sibling of an f16 build.
 */
export function modelFitOf(
  record: ModelRecord,
  capabilities: CatalogueCapabilities,
  ids: ReadonlySet<string>,
): ModelFit {
  return modelFit(record, modelIdPattern.exec(record.model_id)?.[2] ?? '', capabilities, ids);
}

function modelFit(
  record: ModelRecord,
  quantisation: string,
  capabilities: CatalogueCapabilities,
  ids: ReadonlySet<string>,
): ModelFit {
  const { webgpu } = capabilities;
  if (!webgpu.available) {
    const why = webgpu.reason ?? 'this browser reports no WebGPU adapter';
    return { usable: false, reason: `WebGPU is not available: ${why}; use the wllama (CPU) backend` };
  }
  if (needsShaderF16(record, quantisation) && webgpu.shaderF16 === false) {
    const sibling = f32Sibling(record.model_id);
    const next = ids.has(sibling) ? `use the q4f32 build ${sibling}` : 'choose an f32 build of another model';
    return { usable: false, reason: `this GPU lacks shader-f16; ${next}` };
  }
  const needed = record.buffer_size_required_bytes;
  const limit = webgpu.maxStorageBufferBindingSize;
  if (needed !== undefined && limit !== undefined && needed > limit) {
    return {
      usable: false,
      reason:
        `this GPU binds at most ${formatMB(limit)} per storage buffer (maxStorageBufferBindingSize ${limit}), ` +
        `but the model needs ${formatMB(needed)} (${needed} bytes); choose a smaller model`,
    };
  }
  const vram = record.vram_required_MB;
  return {
    usable: true,
    reason:
      vram === undefined ? 'runs on this GPU' : `runs on this GPU with about ${Math.round(vram)} MB free`,
  };
}

/**
 * Returns the curated models found in `appConfig.model_list`, best coders
 * first and f16 builds before f32, each with its fit on a GPU with
 * `capabilities`.
 */
export function modelCatalogue(appConfig: AppConfig, capabilities: CatalogueCapabilities): CatalogueEntry[] {
  const ids = new Set(appConfig.model_list.map((record) => record.model_id));
  const entries: CatalogueEntry[] = [];
  for (const model of curatedModels) {
    const builds = appConfig.model_list
      .map((record) => ({ record, match: modelIdPattern.exec(record.model_id) }))
      .filter(({ match }) => match?.[1] === model.name)
      .sort((a, b) => buildOrder(a.match?.[2]) - buildOrder(b.match?.[2]));
    for (const { record, match } of builds) {
      const quantisation = match?.[2] ?? '';
      const bits = bitsPerWeight[quantisation] ?? 16;
      entries.push({
        id: record.model_id,
        name: model.name,
        family: model.family,
        parametersBillions: model.parametersBillions,
        quantisation,
        needsShaderF16: needsShaderF16(record, quantisation),
        vramRequiredMB: record.vram_required_MB ?? null,
        lowResourceRequired: record.low_resource_required ?? false,
        estimatedDownloadMB: Math.round((model.parametersBillions * 1e9 * bits) / 8 / megabyte),
        fit: modelFit(record, quantisation, capabilities, ids),
      });
    }
  }
  return entries;
}

/** The default model: small enough for a typical laptop, yet writes usable code. */
const defaultModelName = 'Qwen2.5-Coder-1.5B-Instruct';

/**
 * Returns the default model among `entries`: Qwen2.5-Coder-1.5B-Instruct,
 * its q4f16 build where the GPU has shader-f16, else its q4f32 build; else
 * the first usable 4-bit entry; null when nothing is usable.
 */
export function defaultModel(entries: readonly CatalogueEntry[]): CatalogueEntry | null {
  const usable = entries.filter((entry) => entry.fit.usable);
  const preferred = ['q4f16_1', 'q4f32_1'].map((quantisation) =>
    usable.find((entry) => entry.name === defaultModelName && entry.quantisation === quantisation),
  );
  return preferred[0] ?? preferred[1] ?? usable.find((entry) => entry.quantisation.startsWith('q4')) ?? null;
}
