import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Runs `body` (an async function body returning plain data; module code,
 * hence strict) in a fresh Node process, after hardenIntrinsics() and with
 * compileHeuristic at hand: hardening is irreversible, so it must not touch
 * the test runner's realm. `natives` allows V8's %-functions in `body`.
 */
function inHardenedRealm(body: string, natives = false): unknown {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    const { hardenIntrinsics } = await import(${url('../../../src/core/sandbox/harden.ts')});
    const { compileHeuristic } = await import(${url('../../../src/core/sandbox/compile.ts')});
    hardenIntrinsics();
    const run = async () => { ${body} };
    process.stdout.write(JSON.stringify(await run()));`;
  const flags = natives ? ['--allow-natives-syntax'] : [];
  const child = spawnSync(
    process.execPath,
    [...flags, '--import', import.meta.resolve('tsx'), '--input-type=module', '--eval', script],
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

  it('cannot be undone through Object.defineProperty', () => {
    const result = inHardenedRealm(`
      return (${outcome})(() => Object.defineProperty(Function.prototype, 'constructor', { value: Function }));`);
    expect(result).toBe('TypeError');
  });

  it('freezes every namespace, constructor and method a candidate can reach by name', () => {
    // Plain code in the hardened realm, without the compiler's static check
    // or key guard: what would remain if those layers missed an alias.
    const attempts = [
      "Object.defineProperty(Math, 'max', { value: () => 0 })",
      "Object.defineProperty(Number, 'isFinite', { value: () => true })",
      "Object.defineProperty(Object, 'keys', { value: () => [] })",
      'Math.floor = (x) => x',
      'Array.from = () => []',
      'Array.isArray = () => true',
      'Float64Array.from = () => new Float64Array(0)',
      'Map.groupBy = () => new Map()',
      'Error.prepareStackTrace = () => "hijacked"',
      'Error.stackTraceLimit = 0',
      'parseInt.cache = {}',
      '[].push.memo = 1',
      '(1).toFixed.memo = 1',
      '"".slice.memo = 1',
      '[].values().next.memo = 1',
      'new Map().set.memo = 1',
      '/a/.exec.memo = 1',
      '(() => 0).call.memo = 1',
    ];
    const result = inHardenedRealm(`
      const probe = () => [Math.max(1, 2), Number.isFinite(NaN), Object.keys({ a: 1 }).length, Math.floor(1.5),
        Array.isArray(1), Array.from([1]).length, typeof Error.prepareStackTrace, Error.stackTraceLimit, [].push.memo];
      const before = JSON.stringify(probe());
      const outcomes = [${attempts.map((a) => `() => (${a})`).join(', ')}].map(${outcome});
      return { outcomes, same: before === JSON.stringify(probe()) };`);
    expect(result).toEqual({ outcomes: attempts.map(() => 'TypeError'), same: true });
  });

  it("leaves the prototypes alone and V8's protectors intact, so array code keeps its fast paths", () => {
    const result = inHardenedRealm(
      `
      const prototypes = [Object.prototype, Array.prototype, Float64Array.prototype, Object.getPrototypeOf([][Symbol.iterator]())];
      return {
        extensible: prototypes.map((prototype) => Object.isExtensible(prototype)),
        protectors: [%ArraySpeciesProtector(), %ArrayIteratorProtector(), %TypedArraySpeciesProtector(),
          %MapIteratorProtector(), %SetIteratorProtector(), %StringIteratorProtector(), %RegExpSpeciesProtector()],
      };`,
      true,
    );
    expect(result).toEqual({ extensible: [true, true, true, true], protectors: Array(7).fill(true) });
  });

  it('refuses, with the compiler, a candidate that builds a forbidden key at run time, and the realm stays as it was', () => {
    const attempts = [
      "const make = priority['constr' + 'uctor']; return make('return this')();",
      "const O = ({})['constr' + 'uctor']; O.defineProperty(Math, 'max', { value: () => 0 }); return bid;",
      "const A = []['__pro' + 'to__']; A.sort = () => []; return bid;",
      "const key = '__proto__'; const { [key]: P } = []; P.push = () => 0; return bid;",
      "const F = new Float64Array(1); return F['buf' + 'fer'].byteLength;",
    ];
    const result = inHardenedRealm(`
      const signature = { name: 'priority', parameters: ['bid', 'bidder', 'n'], doc: '' };
      const probe = () => [Math.max(1, 2), [3, 1, 2].sort().join(), [].push.length];
      const before = JSON.stringify(probe());
      const outcomes = ${JSON.stringify(attempts)}.map((body) => {
        const compiled = compileHeuristic('function priority(bid, bidder, n) { ' + body + ' }', signature);
        return compiled.ok ? (${outcome})(() => compiled.heuristic(0.5, 0, 2)) : 'rejected: ' + compiled.error.message;
      });
      return { outcomes, same: before === JSON.stringify(probe()) };`);
    expect(result).toEqual({ outcomes: attempts.map(() => 'SandboxViolation'), same: true });
  });

  it('leaves the sandbox compiler working, and may be called twice', () => {
    const result = inHardenedRealm(`
      hardenIntrinsics();
      const compiled = compileHeuristic('function priority(bid, bidder, n) { const t = new Float64Array([2, 1]); return t[0] * bid - t[1]; }', { name: 'priority', parameters: ['bid', 'bidder', 'n'], doc: '' });
      return compiled.heuristic(0.75, 0, 2);`);
    expect(result).toBe(0.5);
  });
});
