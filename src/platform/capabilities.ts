/**
 * What this browser offers MechLab: WebGPU (for WebLLM), cores (for the
 * worker pool), cross-origin isolation (for threaded WebAssembly) and
 * storage (for runs and model caches). Reads only what the browser reports;
 * every field says "unknown" rather than guessing.
 */

export type WebGpuStatus =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      /** The adapter's description, or vendor + architecture when the browser hides it. */
      readonly adapterName: string;
      readonly isFallbackAdapter: boolean;
      readonly shaderF16: boolean;
      readonly maxStorageBufferBindingSize: number;
      readonly maxBufferSize: number;
    };

export interface StorageStatus {
  readonly quota: number;
  readonly usage: number;
  readonly persisted: boolean;
}

export interface BrowserCapabilities {
  readonly webgpu: WebGpuStatus;
  readonly cores: number | null;
  readonly crossOriginIsolated: boolean;
  readonly storage: StorageStatus | null;
}

/** The parts of the global scope the probe reads; a test can pass a fake. */
export interface ProbeScope {
  readonly navigator: Pick<Navigator, 'hardwareConcurrency'> & {
    readonly gpu?: Pick<GPU, 'requestAdapter'>;
    readonly storage?: Pick<StorageManager, 'estimate' | 'persisted'>;
  };
  readonly crossOriginIsolated?: boolean;
}

function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unnamed adapter';
  const name = info.description || [info.vendor, info.architecture].filter(Boolean).join(' ');
  return name || 'unnamed adapter';
}

/** Returns the WebGPU status: whether an adapter exists, its name and the features WebLLM needs. */
export async function probeWebGpu(gpu: Pick<GPU, 'requestAdapter'> | undefined): Promise<WebGpuStatus> {
  if (!gpu) return { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return { available: false, reason: `requesting a WebGPU adapter failed: ${String(error)}` };
  }
  if (!adapter) {
    return {
      available: false,
      reason: 'WebGPU is present but no adapter was found (GPU blocked or disabled)',
    };
  }
  const info = adapter.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    available: true,
    adapterName: adapterName(info),
    isFallbackAdapter: Boolean(info?.isFallbackAdapter ?? legacyFallback),
    shaderF16: adapter.features.has('shader-f16'),
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

async function probeStorage(storage: ProbeScope['navigator']['storage']): Promise<StorageStatus | null> {
  if (!storage) return null;
  try {
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted()]);
    if (estimate.quota === undefined) return null;
    return { quota: estimate.quota, usage: estimate.usage ?? 0, persisted };
  } catch {
    return null;
  }
}

/** Returns what `scope` (by default the page's global scope) offers. */
export async function probeCapabilities(
  scope: ProbeScope = globalThis as ProbeScope,
): Promise<BrowserCapabilities> {
  const { navigator } = scope;
  const [webgpu, storage] = await Promise.all([probeWebGpu(navigator.gpu), probeStorage(navigator.storage)]);
  const cores = navigator.hardwareConcurrency;
  return {
    webgpu,
    cores: Number.isInteger(cores) && cores > 0 ? cores : null,
    crossOriginIsolated: scope.crossOriginIsolated === true,
    storage,
  };
}
