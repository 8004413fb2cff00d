import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Runs `body` (an async function body returning plain data) in a fresh Node
 * process, after hardenIntrinsics() and with compileHeuristic at hand:
 * hardening is irreversible, so it must not touch the test runner's realm.
 */
function inHardenedRealm(body: string): unknown {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    const { hardenIntrinsics } = await import(${url('../../../src/core/sandbox/harden.ts')});
    const { compileHeuristic } = await import(${url('../../../src/core/sandbox/compile.ts')});
    hardenIntrinsics();
    const run = async () => { ${body} };
    process.stdout.write(JSON.stringify(await run()));`;
  const child = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), '--input-type=module', '--eval', script],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (child.status !== 0) throw new Error(`the hardened realm failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

/** Returns what calling `f` did: its value's type, or the error's name. */
const outcome = `(f) => { try { return typeof f(); } catch (error) { return error.name; } }`;

describe('hardenIntrinsics()', () => {
  it('leaves no function constructor reachable through a function', () => {
    const found = inHardenedRealm(`
      return [
        (function () {}).constructor,
        (async function () {}).constructor,
        (function* () {}).constructor,
        (async function* () {}).constructor,
        Math.max.constructor,
      ].map((c) => typeof c);`);
    expect(found).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('stops a candidate that builds the key at run time, which the static check lets through', () => {
    const source =
      "function priority(bid, bidder, n) { const make = priority['constr' + 'uctor']; return make('return this')(); }";
    const result = inHardenedRealm(`
      const compiled = compileHeuristic(${JSON.stringify(source)}, { name: 'priority', parameters: ['bid', 'bidder', 'n'], doc: '' });
      return { compiled: compiled.ok, call: (${outcome})(() => compiled.heuristic(0.5, 0, 2)) };`);
    expect(result).toEqual({ compiled: true, call: 'TypeError' });
  });

  it('cannot be undone by a candidate that reaches Object.defineProperty', () => {
    const result = inHardenedRealm(`
      const defineProperty = ({})['constr' + 'uctor'].defineProperty;
      return (${outcome})(() => defineProperty(Function.prototype, 'constructor', { value: Function }));`);
    expect(result).toBe('TypeError');
  });

  it('keeps a candidate from replacing what the fixes and the output guard call (Math, Number, Object)', () => {
    const attempts = [
      "const O = ({})['constr' + 'uctor']; O.defineProperty(Math, 'max', { value: () => 0 });",
      "const O = ({})['constr' + 'uctor']; O.defineProperty(Number, 'isFinite', { value: () => true });",
      "const O = ({})['constr' + 'uctor']; O.defineProperty(O, 'keys', { value: () => [] });",
      'const M = Math; M.floor = (x) => x;',
    ];
    const result = inHardenedRealm(`
      const signature = { name: 'priority', parameters: ['bid', 'bidder', 'n'], doc: '' };
      const probe = () => [Math.max(1, 2), Number.isFinite(NaN), Object.keys({ a: 1 }).length, Math.floor(1.5)];
      const before = probe();
      const outcomes = ${JSON.stringify(attempts)}.map((body) => {
        const compiled = compileHeuristic('function priority(bid, bidder, n) { ' + body + ' return bid; }', signature);
        return compiled.ok ? (${outcome})(() => compiled.heuristic(0.5, 0, 2)) : 'rejected: ' + compiled.error.message;
      });
      return { outcomes, same: JSON.stringify(before) === JSON.stringify(probe()) };`);
    expect(result).toEqual({ outcomes: Array(4).fill('TypeError'), same: true });
  });

  it('leaves the prototypes alone, so that V8 keeps its fast paths for arrays', () => {
    const result = inHardenedRealm(`
      return [Object.prototype, Array.prototype, Float64Array.prototype, Object.getPrototypeOf([][Symbol.iterator]())]
        .map((prototype) => Object.isExtensible(prototype));`);
    expect(result).toEqual([true, true, true, true]);
  });

  it('leaves the sandbox compiler working, and may be called twice', () => {
    const result = inHardenedRealm(`
      hardenIntrinsics();
      const compiled = compileHeuristic('function priority(bid, bidder, n) { return 2 * bid - 1; }', { name: 'priority', parameters: ['bid', 'bidder', 'n'], doc: '' });
      return compiled.heuristic(0.75, 0, 2);`);
    expect(result).toBe(0.5);
  });
});
