/**
 * Describes where an offline model bundle comes from: a WebLLM model id from
 * web-llm's prebuilt list, or `gguf:<url>` for one GGUF file (wllama).
 * Pure apart from reading the prebuilt list; no network access here.
 */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { webLlmFilesUrl } from '../src/llm/webllmCache.ts';

/** A WebLLM model: its weights repository and its compiled model library. */
export interface WebLlmSource {
  readonly kind: 'webllm';
  readonly id: string;
  /** The repository URL after the mirror is applied, e.g. …/mlc-ai/<id>. */
  readonly modelUrl: string;
  /** The URL the repository's files sit under (ends in `resolve/main/`). */
  readonly filesUrl: string;
  readonly libUrl: string;
}

/** One GGUF file, optionally with the SHA-256 it must have. */
export interface GgufSource {
  readonly kind: 'gguf';
  readonly id: string;
  readonly url: string;
  readonly sha256?: string;
}

export type ModelSource = WebLlmSource | GgufSource;

/** Thrown for a model argument the script cannot resolve; the message is one readable line. */
export class ModelSourceError extends Error {
  override readonly name = 'ModelSourceError';
}

/**
 * Returns `url` with its origin replaced by `mirror` (keeping any path prefix
 * of the mirror), so https://huggingface.co/mlc-ai/X becomes <mirror>/mlc-ai/X.
 */
export function withMirror(url: string, mirror: string | undefined): string {
  if (!mirror) return url;
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`;
  const { pathname, search } = new URL(url);
  return new URL(pathname.slice(1) + search, base).href;
}

/** Returns "<id>  <VRAM>" lines for every WebLLM model id, in web-llm's order. */
export function webLlmModelList(): string[] {
  return prebuiltAppConfig.model_list.map((record) => {
    const vram = record.vram_required_MB;
    const need = vram === undefined ? 'VRAM unknown' : `${Math.round(vram)} MB VRAM`;
    return `${record.model_id.padEnd(56)} ${need}`;
  });
}

/** Resolves a command-line model argument into a source, or throws ModelSourceError. */
export function modelSource(
  arg: string,
  options: { readonly mirror?: string; readonly sha256?: string },
): ModelSource {
  if (arg.startsWith('gguf:')) return ggufSource(arg.slice('gguf:'.length), options.sha256);
  const record = prebuiltAppConfig.model_list.find((r) => r.model_id === arg);
  if (!record) throw new ModelSourceError(unknownIdMessage(arg));
  const modelUrl = withMirror(record.model, options.mirror);
  return {
    kind: 'webllm',
    id: record.model_id,
    modelUrl,
    filesUrl: webLlmFilesUrl(modelUrl),
    libUrl: withMirror(record.model_lib, options.mirror),
  };
}

function ggufSource(url: string, sha256: string | undefined): GgufSource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ModelSourceError(`not a URL after gguf: '${url}'`);
  }
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(sha256)) {
    throw new ModelSourceError(`--sha256 must be 64 hex digits, got '${sha256}'`);
  }
  const fileName = decodeURIComponent(parsed.pathname.split('/').pop() ?? '');
  // The id names a folder under public/models, so keep it to safe characters.
  const id = fileName.replace(/\.gguf$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-');
  if (!id || id.startsWith('.')) {
    throw new ModelSourceError(`cannot name a model after the URL '${url}'`);
  }
  return { kind: 'gguf', id, url, sha256: sha256?.toLowerCase() };
}

function unknownIdMessage(arg: string): string {
  const needle = arg.toLowerCase();
  const close = prebuiltAppConfig.model_list
    .map((r) => r.model_id)
    .filter((id) => id.toLowerCase().includes(needle))
    .slice(0, 3);
  const suggestion = close.length > 0 ? ` Did you mean ${close.join(', ')}?` : '';
  return (
    `unknown model id '${arg}'.${suggestion} ` +
    'Run `npm run fetch-model -- --list` for the WebLLM model ids, or pass gguf:<url>.'
  );
}
