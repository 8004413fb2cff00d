/**
 * The app's initial JavaScript, read from a build: the module scripts
 * index.html loads and every chunk they import statically, gzipped. The
 * runtimes (WebLLM and wllama for the models, TensorFlow.js for training a
 * network) must not be among them: they are imported dynamically, when a
 * model is chosen, or inside the training worker. Everything else the build
 * holds is listed as lazy, with its gzip size.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The large libraries the app loads only when they are needed. */
export type Runtime = 'web-llm' | 'wllama' | 'tensorflow.js';

export interface ChunkSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Which runtime the chunk holds, if any. */
  readonly runtime: Runtime | null;
}

export interface BundleFigures {
  /** Gzip bytes of the JavaScript loaded before the app can run. */
  readonly initialGzipBytes: number;
  readonly initial: readonly ChunkSize[];
  /** Chunks loaded later (dynamic imports, workers), largest first. */
  readonly lazy: readonly ChunkSize[];
  /** True when no chunk of the initial set holds a runtime. */
  readonly runtimesLazy: boolean;
}

/**
 * Marks that identify a runtime's own code in a chunk (names the app's code
 * mentions, such as "MLCEngine" or "wllama", would not do): TVM's runtime
 * inside WebLLM, the entry points of wllama's llama.cpp build, and the
 * prefix of TensorFlow.js's URL flags, which its environment module holds.
 */
const runtimeMarks: readonly [Runtime, RegExp][] = [
  ['web-llm', /\btvmjs\b/],
  ['wllama', /\bwllama_start\b/],
  ['tensorflow.js', /\btfjsflags\b/],
];

/** Returns the runtime whose own code `code` (a chunk's text) holds, or null. */
export function runtimeIn(code: string): Runtime | null {
  return runtimeMarks.find(([, mark]) => mark.test(code))?.[0] ?? null;
}

/** Returns the paths (relative to the build's root) of the module scripts in `html`. */
export function entryScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  return [...scripts, ...preloads].map((path) => path.replace(/^\//, ''));
}

/** Returns the chunks `code` imports statically (import … from "./x.js", import "./x.js"), not import(). */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) found.add(m[1]);
  return [...found];
}

function sizeOf(root: string, file: string): ChunkSize {
  const code = readFileSync(join(root, file));
  const text = code.toString('utf8');
  return {
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    runtime: runtimeIn(text),
  };
}

/** Returns the initial and lazy JavaScript of the build in `root` (a folder with index.html). */
export function measureBundle(root: string, allFiles: readonly string[]): BundleFigures {
  const queue = entryScripts(readFileSync(join(root, 'index.html'), 'utf8'));
  const initial = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (initial.has(file)) continue;
    initial.add(file);
    const code = readFileSync(join(root, file), 'utf8');
    for (const target of staticImports(code)) queue.push(posix.join(dirname(file), target));
  }
  const initialSizes = [...initial].map((file) => sizeOf(root, file));
  const lazy = allFiles
    .filter((file) => file.endsWith('.js') && !initial.has(file))
    .map((file) => sizeOf(root, file))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    initialGzipBytes: initialSizes.reduce((sum, c) => sum + c.gzipBytes, 0),
    initial: initialSizes,
    lazy,
    runtimesLazy: initialSizes.every((c) => c.runtime === null),
  };
}
