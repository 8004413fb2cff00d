/**
 * The Node evaluation worker, prebundled: workers/evaluate.node.ts with
 * src/core and its packages in one plain-JavaScript file, built with Vite's
 * own bundler (rolldown, through Vite's build API). A worker started from it
 * is ready in about a quarter of the time one run through tsx's loader takes
 * (bench/search.ts), which a search pays for every worker and every
 * replacement after a timeout.
 *
 * The bundle lives in node_modules/.cache/mechlab/ with a manifest of every
 * source file that went into it and that file's SHA-256. Before a bundle is
 * used, every listed file is hashed again; one changed, added to the graph
 * or gone means a rebuild, so a stale bundle is never used. Where no bundle
 * can be built (Vite missing, as in an install without devDependencies, or a
 * read-only folder) callers fall back to tsx.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
/** The worker's TypeScript entry, relative to the repository. */
export const workerEntry = 'workers/evaluate.node.ts';
/** Where bundles are kept unless a caller says otherwise. */
export const defaultCacheDir = join(root, 'node_modules/.cache/mechlab');
const manifestName = 'evaluate.node.json';
/**
 * Bundles kept in the cache folder: the newest three, and any from the last
 * hour, which another process may be starting a worker from right now (a
 * process whose bundle is gone checks its sources again: evaluationWorker).
 */
const keptBundles = 3;
const keptForMs = 60 * 60 * 1000;

/** What a bundle was built from: each source file (relative to the repository) and its SHA-256. */
export interface BundleManifest {
  readonly digest: string;
  readonly files: Readonly<Record<string, string>>;
}

/** A usable bundle: its path, and whether this call built it. */
export interface WorkerBundle {
  readonly path: string;
  readonly built: boolean;
}

/** Bundles `entry` (absolute) into `outFile` and returns the absolute paths of the files it was made of. */
export type Bundler = (entry: string, outFile: string) => Promise<string[]>;

export interface WorkerBundleOptions {
  readonly cacheDir?: string;
  /** Builds the bundle; default: Vite's build API. */
  readonly bundler?: Bundler;
}

/** Returns the SHA-256 of a file's bytes, or null when it cannot be read. */
function fileHash(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

/** Returns the manifest's digest: one hash over every file and its hash, in order. */
function digestOf(files: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(`${name}\0${files[name]}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** Returns the bundle file of a digest. */
function bundleFile(cacheDir: string, digest: string): string {
  return join(cacheDir, `evaluate.node-${digest}.mjs`);
}

/** Returns the manifest in `cacheDir` when every file it lists still has its hash and its bundle exists. */
export function currentBundle(cacheDir: string): string | null {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(join(cacheDir, manifestName), 'utf8')) as BundleManifest;
  } catch {
    return null;
  }
  const files = manifest.files ?? {};
  if (Object.keys(files).length === 0 || digestOf(files) !== manifest.digest) return null;
  for (const [name, hash] of Object.entries(files)) if (fileHash(join(root, name)) !== hash) return null;
  const path = bundleFile(cacheDir, manifest.digest);
  return modified(path) === null ? null : path;
}

/**
 * Bundles with Vite's build API (rolldown): a Node build (`ssr`) with every
 * package inlined, not minified, no config file and no public folder.
 */
const viteBundler: Bundler = async (entry, outFile) => {
  const { build } = await import('vite');
  const outDir = join(outFile, '..');
  const fileName = relative(outDir, outFile);
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    publicDir: false,
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rolldownOptions: { output: { entryFileNames: fileName, format: 'es', codeSplitting: false } },
    },
    ssr: { noExternal: true, target: 'node' },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as { output?: { moduleIds?: string[] }[] }[];
  const modules = outputs.flatMap((o) => o.output ?? []).flatMap((chunk) => chunk.moduleIds ?? []);
  // Virtual modules (the bundler's runtime) start with \0 and are no files.
  return modules.filter((id) => isAbsolute(id)).map((id) => id.split('?')[0]);
};

/**
 * A source modified this close to (or after) the start of a build may not
 * be in the bundle as it is now: the build is repeated. Two seconds cover
 * file systems that keep modification times to the second.
 */
const settleMs = 2000;
/** Builds at most this many times while sources keep changing; then the caller falls back to tsx. */
const buildAttempts = 4;

/** Returns each of `paths` (relative to the repository) with its hash, or null when one changed too recently. */
function hashesIfSettled(paths: readonly string[], started: number): Record<string, string> | null {
  const files: Record<string, string> = {};
  for (const path of paths) {
    const hash = fileHash(path);
    const time = modified(path);
    if (hash === null || time === null) throw new Error(`the bundle names ${path}, which cannot be read`);
    if (time > started - settleMs) return null;
    files[relative(root, path)] = hash;
  }
  return files;
}

/** Builds a fresh bundle into `cacheDir` and writes its manifest; returns the bundle's path. */
async function buildBundle(cacheDir: string, bundler: Bundler): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const scratch = join(cacheDir, `building-${process.pid}-${Date.now().toString(36)}.mjs`);
  const manifestScratch = `${scratch}.json`;
  try {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const files = hashesIfSettled(await bundler(join(root, workerEntry), scratch), started);
      if (files === null) {
        if (attempt >= buildAttempts) throw new Error('its sources kept changing while it was built');
        await new Promise((resolve) => setTimeout(resolve, settleMs / 2));
        continue;
      }
      if (!(workerEntry in files)) throw new Error(`the bundle does not contain ${workerEntry}`);
      const digest = digestOf(files);
      const path = bundleFile(cacheDir, digest);
      // Renamed into place, bundle first: a process reading the cache meanwhile sees the old state or the new.
      renameSync(scratch, path);
      const manifest: BundleManifest = { digest, files };
      writeFileSync(manifestScratch, JSON.stringify(manifest, null, 1) + '\n');
      renameSync(manifestScratch, join(cacheDir, manifestName));
      try {
        pruneBundles(cacheDir);
      } catch {
        // An old bundle left behind costs only disk space.
      }
      return path;
    }
  } finally {
    rmSync(scratch, { force: true });
    rmSync(manifestScratch, { force: true });
  }
}

/** Returns a file's modification time, or null when it is gone (another process may prune too). */
function modified(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** Deletes the bundles beyond the newest `keptBundles` that are older than `keptForMs`. */
function pruneBundles(cacheDir: string): void {
  const bundles = readdirSync(cacheDir)
    .filter((name) => /^evaluate\.node-[0-9a-f]+\.mjs$/.test(name))
    .map((name) => ({ path: join(cacheDir, name), time: modified(join(cacheDir, name)) ?? 0 }))
    .sort((a, b) => b.time - a.time);
  const cutoff = Date.now() - keptForMs;
  for (const old of bundles.slice(keptBundles)) if (old.time < cutoff) rmSync(old.path, { force: true });
}

/**
 * Returns the prebundled worker, building it first when there is none or a
 * source file changed since. Rejects when it cannot be built (see
 * evaluationWorker() for the fallback).
 */
export async function workerBundle(options: WorkerBundleOptions = {}): Promise<WorkerBundle> {
  const cacheDir = options.cacheDir ?? defaultCacheDir;
  const current = currentBundle(cacheDir);
  if (current !== null) return { path: current, built: false };
  return { path: await buildBundle(cacheDir, options.bundler ?? viteBundler), built: true };
}

/** How a worker is started: a prebundled file with plain Node, or the TypeScript entry through tsx (with why). */
export type WorkerLaunch =
  | { readonly kind: 'bundle'; readonly path: string }
  | { readonly kind: 'tsx'; readonly path: string; readonly reason: string };

let launch: Promise<WorkerLaunch> | null = null;

/** Returns the bundle when it can be had, else the TypeScript entry with the reason. */
async function decideLaunch(): Promise<WorkerLaunch> {
  const path = join(root, workerEntry);
  if (process.env.MECHLAB_WORKER_BUNDLE === '0')
    return { kind: 'tsx', path, reason: 'MECHLAB_WORKER_BUNDLE=0' };
  try {
    return { kind: 'bundle', path: (await workerBundle()).path };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'tsx', path, reason: `the worker could not be bundled (${reason})` };
  }
}

/**
 * Returns how this process starts evaluation workers: the prebundled worker
 * when it exists or can be built, else the TypeScript entry through tsx.
 * Decided once per process, and again only if its bundle was deleted since.
 * MECHLAB_WORKER_BUNDLE=0 always chooses tsx.
 */
export async function evaluationWorker(): Promise<WorkerLaunch> {
  const known = await (launch ??= decideLaunch());
  if (known.kind === 'tsx' || modified(known.path) !== null) return known;
  launch = decideLaunch();
  return launch;
}
