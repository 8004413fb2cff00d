/**
 * Turns whatever WebLLM throws into one of a few kinds, each with a message
 * that says what happened and what to do next. WebLLM's error classes are
 * not exported and its constructors are minified, so errors are matched by
 * `name`; the worker engine rejects with the error's toString() text
 * ("ShaderF16SupportError: This model requires …"), so strings are parsed
 * back into a name and a message first.
 */

export type WebLlmErrorKind =
  'no-webgpu' | 'no-adapter' | 'shader-f16' | 'device-lost' | 'quota' | 'download' | 'not-found' | 'unknown';

export interface WebLlmErrorDescription {
  readonly kind: WebLlmErrorKind;
  readonly message: string;
}

interface NamedError {
  readonly name: string;
  readonly message: string;
}

/** Matches an error's toString() text: a leading name such as 'TypeError' or 'ShaderF16SupportError'. */
const errorTextPattern = /^\s*(?:Uncaught\s+)?([A-Z][A-Za-z0-9]*(?:Error|Exception))\s*:\s*([\s\S]*)$/;

/** Returns the name and message of an Error, an error-like record, or an error's toString() text. */
function namedError(error: unknown): NamedError {
  if (typeof error === 'string') {
    const match = errorTextPattern.exec(error);
    return match ? { name: match[1] ?? 'Error', message: match[2] ?? '' } : { name: 'Error', message: error };
  }
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') {
      // A bare Error whose message is itself another error's text (re-wrapped by a caller).
      if (name === 'Error' || name === undefined) {
        const inner = errorTextPattern.exec(message);
        if (inner) return { name: inner[1] ?? 'Error', message: inner[2] ?? '' };
      }
      return { name: typeof name === 'string' ? name : 'Error', message };
    }
  }
  return { name: 'Error', message: String(error) };
}

const notFoundNames = new Set([
  'ModelNotFoundError',
  'MissingModelError',
  'ModelNotLoadedError',
  'WorkerEngineModelNotLoadedError',
  'EngineNotLoadedError',
  'SpecifiedModelNotFoundError',
]);

const downloadNames = new Set(['NetworkError', 'IntegrityError', 'ArtifactManifestError']);

/** Returns the kind of `error`, by name first and by the texts WebLLM and the browser use. */
function errorKind({ name, message }: NamedError): WebLlmErrorKind {
  if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError') return 'no-webgpu';
  if (/Unable to find a compatible GPU/i.test(message)) return 'no-adapter';
  if (name === 'ShaderF16SupportError' || (name === 'FeatureSupportError' && /shader-f16/.test(message)))
    return 'shader-f16';
  if (name === 'DeviceLostError' || /device (was )?lost/i.test(message)) return 'device-lost';
  if (name === 'QuotaExceededError' || /QuotaExceededError|quota (has been )?exceeded/i.test(message))
    return 'quota';
  if (notFoundNames.has(name)) return 'not-found';
  if (
    downloadNames.has(name) ||
    /Failed to execute 'add' on 'Cache'|Failed to fetch|NetworkError/.test(message)
  )
    return 'download';
  return 'unknown';
}

/** Returns what to tell the user for each kind; `detail` is the error's own text. */
function advice(kind: WebLlmErrorKind, detail: string): string {
  switch (kind) {
    case 'no-webgpu':
      return 'This browser has no WebGPU: use a recent Chrome or Edge (or enable WebGPU), or switch to the wllama (CPU) backend';
    case 'no-adapter':
      return 'WebGPU found no usable GPU (none present, or blocked by the browser or driver): check chrome://gpu, or switch to the wllama (CPU) backend';
    case 'shader-f16':
      return 'Your GPU lacks shader-f16: choose the q4f32 build of this model';
    case 'device-lost':
      return 'The GPU was lost, most often because it ran out of memory: close other GPU-heavy tabs and load a smaller model';
    case 'quota':
      return 'The browser refused to store the model (storage quota exceeded): free disk space or delete cached models, then load it again';
    case 'download':
      return `A model file could not be downloaded or stored (${detail}): check the connection and the model URLs, then load it again`;
    case 'not-found':
      return `WebLLM does not know or has not loaded this model (${detail}): choose a model from the catalogue and load it`;
    case 'unknown':
      return `WebLLM failed (${detail}): reload the page and try again, or choose a smaller model`;
  }
}

const maxDetail = 240;

/**
 * Returns the kind of a WebLLM failure and a message saying what happened
 * and what to do next. Accepts Errors, DOMExceptions, error-like records
 * and the strings the worker engine rejects with.
 */
export function describeWebLlmError(error: unknown): WebLlmErrorDescription {
  const named = namedError(error);
  const kind = errorKind(named);
  const text = named.name === 'Error' ? named.message : `${named.name}: ${named.message}`;
  // WebLLM's messages run to several lines of advice; the first line says what failed.
  const firstLine = text.trim().split('\n')[0] ?? '';
  const detail = firstLine.length > maxDetail ? `${firstLine.slice(0, maxDetail)}…` : firstLine;
  return { kind, message: advice(kind, detail) };
}
