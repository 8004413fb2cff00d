import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryScripts, measureBundle, staticImports } from '../../bench/bundle.ts';

const root = mkdtempSync(join(tmpdir(), 'mechlab-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the initial JavaScript of a build', () => {
  it('entryScripts reads module scripts and module preloads from index.html', () => {
    const html =
      '<script type="module" crossorigin src="/assets/index-1.js"></script>' +
      '<link rel="modulepreload" crossorigin href="/assets/vendor-2.js"><script src="/legacy.js"></script>';
    expect(entryScripts(html)).toEqual(['assets/index-1.js', 'assets/vendor-2.js']);
  });

  it('staticImports follows import … from and bare imports, not dynamic import()', () => {
    const code = 'import{a as b}from"./core-1.js";import"./side-2.js";const m=await import(`./lib-3.js`);';
    expect(staticImports(code)).toEqual(['./core-1.js', './side-2.js']);
  });

  it('measureBundle counts the entry and its static imports, and finds the runtimes among the lazy chunks', () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<script type="module" src="/assets/index.js"></script>');
    writeFileSync(join(root, 'assets/index.js'), 'import{x}from"./core.js";import(`./lib.js`);'.repeat(20));
    writeFileSync(join(root, 'assets/core.js'), 'export const x = 1;');
    writeFileSync(join(root, 'assets/lib.js'), 'const tvmjs = "runtime"; // MLCEngine'.repeat(50));
    writeFileSync(join(root, 'assets/esm.js'), 'function wllama_start(){}');
    writeFileSync(join(root, 'assets/train.worker.js'), '"tfjsflags"');
    const bundle = measureBundle(root, [
      'assets/index.js',
      'assets/core.js',
      'assets/lib.js',
      'assets/esm.js',
      'assets/train.worker.js',
    ]);
    expect(bundle.initial.map((c) => c.file)).toEqual(['assets/index.js', 'assets/core.js']);
    expect(bundle.initialGzipBytes).toBe(bundle.initial[0].gzipBytes + bundle.initial[1].gzipBytes);
    expect(bundle.initial[0].gzipBytes).toBeLessThan(bundle.initial[0].bytes);
    expect(bundle.lazy.map((c) => [c.file, c.runtime])).toEqual([
      ['assets/lib.js', 'web-llm'],
      ['assets/esm.js', 'wllama'],
      ['assets/train.worker.js', 'tensorflow.js'],
    ]);
    expect(bundle.runtimesLazy).toBe(true);
  });
});
