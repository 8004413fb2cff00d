// The public API of the mechanism core: re-exports only.
export * from './types.ts';
export * from './problem.ts';
export * from './parameters.ts';
export * from './rng.ts';
export * from './grid.ts';
export * from './statistics.ts';
export * from './samples.ts';
export { problems, problemById } from './problems/index.ts';
