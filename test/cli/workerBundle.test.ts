import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentBundle,
  workerBundle,
  workerEntry,
  type BundleManifest,
  type Bundler,
} from '../../src/cli/workerBundle.ts';

// Builds the real bundle once (about a second) into a folder of its own.
const buildTimeout = { timeout: 60_000 };

describe('workerBundle', () => {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'mechlab-bundle-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  const manifest = (): BundleManifest =>
    JSON.parse(readFileSync(join(cacheDir, 'evaluate.node.json'), 'utf8')) as BundleManifest;

  it('builds the worker with its sources listed and hashed, then reuses it', buildTimeout, async () => {
    const first = await workerBundle({ cacheDir });
    expect(first.built).toBe(true);
    const code = readFileSync(first.path, 'utf8');
    // Plain JavaScript with the core inlined: only Node's own modules stay imports.
    expect(code).toMatch(/function evaluationSession\(/);
    expect(code).not.toMatch(/from ["'](?!node:)[^"']+["']/);
    const files = manifest().files;
    expect(files[workerEntry]).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(files)).toContain('src/core/evolution/evaluateCandidate.ts');
    expect(Object.keys(files)).toContain('node_modules/comlink/dist/esm/comlink.mjs');
    expect(Object.keys(files).some((f) => f.startsWith('src/ui/') || f.startsWith('src/llm/'))).toBe(false);

    const again = await workerBundle({ cacheDir });
    expect(again).toEqual({ path: first.path, built: false });
    expect(currentBundle(cacheDir)).toBe(first.path);
  });

  it('rebuilds when a source file no longer has the hash it was built from', buildTimeout, async () => {
    const before = manifest();
    const stale: BundleManifest = {
      ...before,
      files: { ...before.files, 'src/core/evolution/evaluateCandidate.ts': '0'.repeat(64) },
    };
    writeFileSync(join(cacheDir, 'evaluate.node.json'), JSON.stringify(stale));
    // The digest no longer matches the files either way: the tampered manifest is not current.
    expect(currentBundle(cacheDir)).toBeNull();
    const rebuilt = await workerBundle({ cacheDir });
    expect(rebuilt.built).toBe(true);
    expect(manifest()).toEqual(before);
  });

  it('is not current when its bundle file is gone', buildTimeout, async () => {
    const { path } = await workerBundle({ cacheDir });
    rmSync(path);
    expect(currentBundle(cacheDir)).toBeNull();
    const rebuilt = await workerBundle({ cacheDir });
    expect(rebuilt).toEqual({ path, built: true });
    expect(statSync(path).size).toBeGreaterThan(10_000);
  });

  it('leaves no file behind when the bundler fails, and keeps the last good bundle', async () => {
    const good = currentBundle(cacheDir);
    const failing: Bundler = () => Promise.reject(new Error('no bundler here'));
    const empty = mkdtempSync(join(tmpdir(), 'mechlab-bundle-'));
    try {
      await expect(workerBundle({ cacheDir: empty, bundler: failing })).rejects.toThrow('no bundler here');
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(currentBundle(cacheDir)).toBe(good);
  });

  it('refuses a bundle that does not contain the worker entry', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mechlab-bundle-'));
    try {
      const source = join(empty, 'other.ts');
      writeFileSync(source, 'export {};\n');
      utimesSync(source, new Date(2020, 0, 1), new Date(2020, 0, 1));
      const wrong: Bundler = (_entry, outFile) => {
        writeFileSync(outFile, 'export {};\n');
        return Promise.resolve([source]);
      };
      await expect(workerBundle({ cacheDir: empty, bundler: wrong })).rejects.toThrow(
        `the bundle does not contain ${workerEntry}`,
      );
      expect(readdirSync(empty)).toEqual(['other.ts']);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it(
    'builds again while a source changes under it, and gives up after four tries',
    buildTimeout,
    async () => {
      const empty = mkdtempSync(join(tmpdir(), 'mechlab-bundle-'));
      try {
        const source = join(empty, 'edited.ts');
        let builds = 0;
        const racing: Bundler = (entry, outFile) => {
          builds++;
          writeFileSync(source, `export const edit = ${builds};\n`); // edited while the build reads it
          writeFileSync(outFile, 'export {};\n');
          return Promise.resolve([entry, source]);
        };
        await expect(workerBundle({ cacheDir: empty, bundler: racing })).rejects.toThrow(
          'its sources kept changing while it was built',
        );
        expect(builds).toBe(4);
        expect(readdirSync(empty)).toEqual(['edited.ts']);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    },
  );
});
