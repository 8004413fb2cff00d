/**
 * What running a search on the page needs, loaded when a run is first
 * started or opened: the engine, the browser's worker pool and the demo's
 * model. The first screen (run setup) never needs them, so they stay out of
 * its JavaScript (bench/run.ts part 4 measures it).
 */
export { EvolutionRun } from '../../core/evolution/loop.ts';
export { createEvaluatorPool } from '../../core/evolution/evaluatorPool.ts';
export { networkPromptSettings } from '../../core/nn/promptSettings.ts';
export { spawnBrowserEvaluator } from '../../platform/browserEvaluator.ts';
export { demoModel } from '../../llm/demoModel.ts';
