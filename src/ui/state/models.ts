/**
 * The model a run uses, as the setup form chooses it, and how the lab turns
 * that choice into a backend. Only the demo needs nothing loaded; a local
 * model that is not loaded (after a reload) makes the run pause with a
 * message instead of silently using something else.
 */
import wllamaWasm from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { ModelPort, RunMeta } from '../../core/evolution/ports.ts';
import { problemById } from '../../core/problems/index.ts';
import { ModelUnavailableError } from '../../llm/backend.ts';
import { demoReplies } from '../../llm/demoReplies.ts';
import { heuristicGrammar } from '../../llm/grammar.ts';
import { createScriptedBackend } from '../../llm/scripted.ts';
import { createWllamaBackend } from '../../llm/wllama.ts';
import { loadWebLlmBackend } from '../../llm/webllm.ts';
import { modelCatalogue, type CatalogueEntry } from '../../llm/catalogue.ts';
import type { BrowserCapabilities } from '../../platform/capabilities.ts';

export type ModelChoice =
  | { readonly kind: 'demo' }
  /** A GGUF file run on the CPU by wllama; the grammar keeps small models to one valid function. */
  | { readonly kind: 'wllama'; readonly file: File; readonly grammar: boolean }
  /** A model of WebLLM's catalogue, run on the GPU in its own worker. */
  | { readonly kind: 'webllm'; readonly modelId: string };

/** Returns how a run records its model. */
export function modelIdentity(choice: ModelChoice): NonNullable<RunMeta['model']> {
  if (choice.kind === 'demo') return { backend: 'scripted', model: 'scripted:demo' };
  if (choice.kind === 'webllm') return { backend: 'webllm', model: choice.modelId };
  return { backend: 'wllama', model: choice.file.name };
}

/** Returns a readable label of a run's model. */
export function modelLabel(model: RunMeta['model']): string {
  if (!model || model.backend === 'scripted')
    return 'Demo — scripted replies, no language model (scores are real evaluations)';
  if (model.backend === 'wllama') return `${model.model} on the CPU (wllama)`;
  if (model.backend === 'webllm') return `${model.model} on the GPU (WebLLM)`;
  return `${model.model} (${model.backend})`;
}

/** Returns the demo backend of `meta`'s run, continuing after the `used` replies it already gave. */
export function demoBackend(meta: RunMeta, used: number): ModelPort {
  const { problem, search, budget } = meta.settings;
  // The demo set improves over its length, so it is drawn for the budget: the
  // same settings give the same replies here and in `mechlab run --backend demo`.
  const replies = demoReplies(problem, budget.candidates ?? 200, search.seed).slice(used);
  return createScriptedBackend({ replies, label: 'demo', delayMs: 4 });
}

/** Returns WebLLM's catalogue marked for this browser; the 6 MB package loads only when asked for. */
export async function webLlmCatalogue(capabilities: BrowserCapabilities): Promise<CatalogueEntry[]> {
  const { prebuiltAppConfig } = await import('@mlc-ai/web-llm');
  return modelCatalogue(prebuiltAppConfig, capabilities);
}

/** Loads the local model of `choice`: a GGUF file with wllama, or a WebLLM model in its worker. */
export function loadLocalModel(
  meta: RunMeta,
  choice: Exclude<ModelChoice, { kind: 'demo' }>,
): Promise<ModelPort> {
  if (choice.kind === 'webllm') {
    return loadWebLlmBackend({
      modelId: choice.modelId,
      worker: () =>
        new Worker(new URL('../../../workers/webllm.worker.ts', import.meta.url), { type: 'module' }),
    });
  }
  const signature = problemById(meta.settings.problem).heuristic;
  return createWllamaBackend({
    modelFile: choice.file,
    model: choice.file.name,
    wasmPaths: { default: wllamaWasm },
    grammar: choice.grammar ? heuristicGrammar(signature) : undefined,
  });
}

/** A stand-in for a model that is not loaded: every request fails, so the run pauses and says why. */
export function modelNotLoaded(model: NonNullable<RunMeta['model']>): ModelPort {
  return {
    ...model,
    generate: () =>
      Promise.reject(
        new ModelUnavailableError(`the model ${model.model} is not loaded; load it again to resume this run`),
      ),
  };
}
