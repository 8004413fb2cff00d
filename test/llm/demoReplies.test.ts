import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { parseReply } from '../../src/core/evolution/parse.ts';
import type { ProblemId } from '../../src/core/problem.ts';
import { problemById } from '../../src/core/problems/index.ts';
import { rngStream } from '../../src/core/rng.ts';
import { compileHeuristic } from '../../src/core/sandbox/compile.ts';
import { demoFaultBlock, demoReplies, demoSet, type DemoReply } from '../../src/llm/demoReplies.ts';

const problemIds: readonly ProblemId[] = ['single-item-revenue', 'vcg-redistribution', 'correlated-revenue'];

/** Typical arguments of each problem's heuristic at its default parameters. */
const typicalArguments: Readonly<Record<ProblemId, readonly unknown[]>> = {
  'single-item-revenue': [0.7, 0, 2],
  'vcg-redistribution': [[0.9, 0.6, 0.4, 0.2], 5, 1],
  'correlated-revenue': [[0.6, 0.4]],
};

/** Returns the code parseReply finds in `reply`, or throws with its message. */
function codeOf(reply: string, id: ProblemId): string {
  const parsed = parseReply(reply, problemById(id).heuristic);
  if (!parsed.ok) throw new Error(`parseReply failed: ${parsed.error.message}\n${reply}`);
  return parsed.code;
}

/** Returns what the heuristic in `reply` gives on the typical arguments (it must compile). */
function callOf(reply: string, id: ProblemId): () => unknown {
  const compiled = compileHeuristic(codeOf(reply, id), problemById(id).heuristic);
  if (!compiled.ok) throw new Error(`compileHeuristic failed: ${compiled.error.message}\n${reply}`);
  return () => (compiled.heuristic as (...args: readonly unknown[]) => unknown)(...typicalArguments[id]);
}

/** Returns whether `reply` fails before it can run: parseReply or compileHeuristic rejects it. */
function compileFailure(reply: string, id: ProblemId): string | null {
  const signature = problemById(id).heuristic;
  const parsed = parseReply(reply, signature);
  if (!parsed.ok) return parsed.error.reason;
  const compiled = compileHeuristic(parsed.code, signature);
  return compiled.ok ? null : compiled.error.reason;
}

for (const id of problemIds) {
  describe(`demoSet('${id}', count, seed)`, () => {
    const set = demoSet(id, 200, 1);

    it('returns count replies, the same for the same seed and different for another', () => {
      expect(set).toHaveLength(200);
      expect(demoSet(id, 200, 1)).toEqual(set);
      const other = demoSet(id, 200, 2);
      expect(other.filter((d, i) => d.reply !== set[i].reply).length).toBeGreaterThan(150);
      expect(demoReplies(id, 200, 1)).toEqual(set.map((d) => d.reply));
    });

    it('is varied: most replies differ from each other', () => {
      expect(new Set(set.map((d) => d.reply)).size).toBeGreaterThan(160);
    });

    it('fails exactly once in every block of eight, with every kind of failure', () => {
      for (let start = 0; start < set.length; start += demoFaultBlock)
        expect(set.slice(start, start + demoFaultBlock).filter((d) => d.fault !== null)).toHaveLength(1);
      expect(new Set(set.map((d) => d.fault))).toEqual(
        new Set([
          null,
          'syntax-error',
          'undefined-name',
          'infinite-loop',
          'nan-output',
          'forbidden-global',
          'runtime-error',
        ]),
      );
    });

    it('every reply meant to work parses with parseReply, compiles, and returns a finite number', () => {
      for (const { reply } of set.filter((d) => d.fault === null)) {
        const output = callOf(reply, id)();
        expect(typeof output === 'number' && Number.isFinite(output), `${output} from\n${reply}`).toBe(true);
        if (id === 'correlated-revenue') expect([-1, 0, 1]).toContain(output);
      }
    });

    it('has a one-line idea in braces in most replies that work', () => {
      const working = set.filter((d) => d.fault === null);
      const withThought = working.filter(
        (d) => parseReply(d.reply, problemById(id).heuristic).ok && /^\{[^\n{}]+\}$/m.test(d.reply),
      );
      expect(withThought.length / working.length).toBeGreaterThan(0.6);
    });

    const failing = (fault: DemoReply['fault']) => set.filter((d) => d.fault === fault);

    it('syntax errors are rejected as parse errors', () => {
      for (const { reply } of failing('syntax-error')) expect(compileFailure(reply, id)).toBe('parse-error');
    });

    it('undefined names and forbidden globals are rejected by the sandbox', () => {
      for (const { reply } of failing('undefined-name')) {
        expect(compileFailure(reply, id)).toBe('forbidden');
        expect(compileHeuristic(codeOf(reply, id), problemById(id).heuristic)).toMatchObject({
          error: { message: expect.stringContaining('is not defined') },
        });
      }
      for (const { reply } of failing('forbidden-global'))
        expect(compileFailure(reply, id)).toBe('forbidden');
    });

    it('NaN outputs compile and return NaN; runtime errors compile and throw', () => {
      for (const { reply } of failing('nan-output')) expect(callOf(reply, id)()).toBeNaN();
      for (const { reply } of failing('runtime-error')) expect(callOf(reply, id)).toThrow(TypeError);
    });

    it('endless loops compile and never return (stopped by a time limit)', () => {
      for (const { reply } of failing('infinite-loop')) {
        const code = codeOf(reply, id);
        expect(compileFailure(reply, id)).toBeNull();
        const call = `${code}\n${problemById(id).heuristic.name}(...args);`;
        expect(() => runInNewContext(call, { args: typicalArguments[id] }, { timeout: 50 })).toThrow(
          /timed out/,
        );
      }
    });
  });
}

describe('demoSet', () => {
  it('returns nothing for count 0 and one working or failing reply for count 1', () => {
    expect(demoSet('vcg-redistribution', 0, 1)).toEqual([]);
    expect(demoSet('vcg-redistribution', 1, 1)).toHaveLength(1);
  });

  it('rejects an unknown problem and a count that is not a whole number, saying what is expected', () => {
    expect(() => demoSet('knapsack', 10, 1)).toThrow(
      /no demo set for "knapsack": use one of single-item-revenue/,
    );
    expect(() => demoSet('single-item-revenue', 2.5, 1)).toThrow(/whole number/);
  });
});

describe('a demo run, scored by the real evaluation', () => {
  it('improves as a search would: single-item-revenue climbs from no-reserve levels to the optimal reserve', () => {
    const problem = problemById('single-item-revenue');
    const instance = problem.configure({});
    const samples = instance.sample(rngStream(1, 'evaluation'), 2048);
    const optimal = instance.baselines(samples).find((b) => b.id === 'second-price-reserve')!.score;
    const scores = demoSet('single-item-revenue', 100, 1).map(({ reply, fault }) => {
      if (fault !== null) return -Infinity;
      const compiled = compileHeuristic(codeOf(reply, 'single-item-revenue'), problem.heuristic);
      if (!compiled.ok) throw new Error(compiled.error.message);
      return instance.evaluate(instance.fix(compiled.heuristic), samples).score;
    });
    const bestOfFirst10 = Math.max(...scores.slice(0, 10));
    const best = Math.max(...scores);
    expect(best).toBeGreaterThan(optimal - 0.005);
    expect(best - bestOfFirst10).toBeGreaterThan(0.02);
    expect(Math.max(...scores.slice(50))).toBe(best);
  }, 60_000);
});
