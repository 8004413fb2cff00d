import { describe, expect, it } from 'vitest';
import { defaultSearchConfig } from '../../../src/core/evolution/config.ts';
import { emptyRun, type StoredRun } from '../../../src/core/evolution/runFile.ts';
import type { RunMeta } from '../../../src/core/evolution/ports.ts';
import type { BaselineResult } from '../../../src/core/types.ts';
import {
  bestSoFar,
  compareBaselines,
  comparedNetworks,
  comparisonRow,
  runningSeconds,
  sharedSettings,
  shortModelLabel,
} from '../../../src/ui/library/compare.ts';
import { candidates, type Sketch } from '../candidates.ts';
import { networkFile, reserveMlp } from '../../core/nn/fixtures.ts';

function run(
  id: string,
  sketches: Sketch[],
  options: Partial<RunMeta['settings']> & { elapsed?: number } = {},
): StoredRun {
  const meta: RunMeta = {
    id,
    name: `run ${id}`,
    createdAt: 0,
    updatedAt: 0,
    model: { backend: 'webllm', model: 'Qwen2.5-0.5B' },
    settings: {
      problem: 'single-item-revenue',
      parameters: { n: 2, dist: 'uniform:0:1' },
      search: defaultSearchConfig,
      budget: { candidates: 10 },
      generation: { temperature: 0.8, topP: 0.95, maxTokens: 768 },
      ...options,
    },
  };
  const base = emptyRun(meta);
  return {
    meta,
    progress: { ...base.progress, status: 'finished', elapsedSeconds: options.elapsed ?? 10 },
    candidates: candidates(sketches),
  };
}

const a = run('a', [
  { score: 0.3 },
  { score: 0.35 },
  { score: 'timeout' },
  { score: 0.32 },
  { score: 0.41 },
  { score: 0.4 },
]);

describe('comparisonRow', () => {
  it('comparisonRow gives the best score, where it was found, and the valid share of what the model wrote', () => {
    expect(comparisonRow(a)).toEqual({
      id: 'a',
      name: 'run a',
      model: 'Qwen2.5-0.5B (webllm)',
      problem: 'single-item-revenue',
      written: 5,
      best: 0.41,
      bestId: 'c0004',
      validShare: 0.8,
      elapsedSeconds: 10,
      nnAssisted: false,
    });
  });
  it('comparisonRow of a run with nothing scored has no best', () => {
    const row = comparisonRow(run('b', [{ score: 'parse-error' }]));
    expect([row.best, row.bestId, row.validShare]).toEqual([null, null, null]);
  });
});

describe('bestSoFar', () => {
  it('bestSoFar steps at each improvement and ends at the last candidate', () => {
    expect(bestSoFar(a, 'candidates')).toEqual([
      [0, 0.3],
      [1, 0.35],
      [4, 0.41],
      [5, 0.41],
    ]);
  });
  it('bestSoFar on the time axis uses running seconds', () => {
    // Candidates one second apart (the sketches' default), 10 s of running: no pause to cut.
    expect(bestSoFar(a, 'seconds').map(([x]) => x)).toEqual([0, 1, 4, 5]);
  });
  it('bestSoFar of a run with nothing scored is empty', () => {
    expect(bestSoFar(run('b', [{ score: 'timeout' }]), 'candidates')).toEqual([]);
  });
});

describe('runningSeconds', () => {
  it('runningSeconds cuts a pause down to the median gap so the total matches the running time', () => {
    const times = [0, 1000, 2000, 3000, 3_603_000, 3_604_000];
    const paused = candidates(times.map((createdAt) => ({ createdAt })));
    // Running time 5 s: the one-hour gap shrinks to one second.
    expect(runningSeconds(paused, 5)).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it('runningSeconds cuts only the excess when the running time says the gap was partly work', () => {
    const times = [0, 1000, 2000, 12_000];
    expect(runningSeconds(candidates(times.map((createdAt) => ({ createdAt }))), 7)).toEqual([0, 1, 2, 7]);
  });
  it('runningSeconds leaves the times alone when they fit in the running time', () => {
    const times = [0, 1500, 4000];
    expect(runningSeconds(candidates(times.map((createdAt) => ({ createdAt }))), 10)).toEqual([0, 1.5, 4]);
  });
});

describe('sharedSettings', () => {
  it('sharedSettings finds the problem and parameters every run shares, in any key order', () => {
    const b = run('b', [{ score: 0.3 }], { parameters: { dist: 'uniform:0:1', n: 2 } });
    expect(sharedSettings([a, b])).toEqual({
      problem: 'single-item-revenue',
      parameters: { n: 2, dist: 'uniform:0:1' },
      seed: defaultSearchConfig.seed,
      samples: defaultSearchConfig.samples,
      sameSamples: true,
    });
  });
  it('sharedSettings says when the runs drew different sample sets', () => {
    const b = run('b', [{ score: 0.3 }], { search: { ...defaultSearchConfig, seed: 7 } });
    expect(sharedSettings([a, b])?.sameSamples).toBe(false);
  });
  it('sharedSettings is null when the problems or parameters differ', () => {
    expect(sharedSettings([a, run('b', [], { parameters: { n: 3, dist: 'uniform:0:1' } })])).toBeNull();
    expect(sharedSettings([a, run('c', [], { problem: 'vcg-redistribution', parameters: {} })])).toBeNull();
    expect(sharedSettings([])).toBeNull();
  });
});

/** Two hand-made networks for correlated-revenue that differ in when they were made. */
const parameters = { model: 'copula:0.5', n: 2 };
const first = networkFile('correlated-revenue', parameters, reserveMlp);
const second = { ...first, createdAt: first.createdAt + 1 };
const correlated = (id: string, network?: typeof first) =>
  run(id, [{ score: 0.4 }], { problem: 'correlated-revenue', parameters, ...(network ? { network } : {}) });

const baseline = (id: string, name: string, score: number): BaselineResult => ({
  id,
  name,
  score,
  standardError: 0.001,
});
const problemRows = [baseline('second-price', 'Second price', 0.38), baseline('greedy', 'Upper bound', 0.41)];
const nnRow = (score: number) => baseline('neural-network', 'Neural network (1 hidden, fixed)', score);

describe('NN-assisted runs in the comparison', () => {
  it('comparisonRow says which runs are NN-assisted, and sharedSettings compares them with plain runs', () => {
    const assisted = correlated('nn', first);
    const plain = correlated('plain');
    expect(comparisonRow(assisted).nnAssisted).toBe(true);
    expect(comparisonRow(plain).nnAssisted).toBe(false);
    // Search settings such as pbeWeight may differ: only the problem and its parameters must agree.
    const weighted = run('w', [{ score: 0.4 }], {
      problem: 'correlated-revenue',
      parameters,
      search: { ...defaultSearchConfig, pbeWeight: 4 },
      network: first,
    });
    expect(sharedSettings([weighted, plain])).toMatchObject({
      problem: 'correlated-revenue',
      sameSamples: true,
    });
  });

  it('comparedNetworks lists each distinct network once with the runs that carry it', () => {
    const runs = [correlated('a', first), correlated('p'), correlated('b', second), correlated('c', first)];
    const networks = comparedNetworks(runs);
    expect(networks.map((n) => n.runNames)).toEqual([['run a', 'run c'], ['run b']]);
    expect(networks[0].network).toBe(first);
    expect(networks[1].network).toBe(second);
    expect(comparedNetworks([correlated('p')])).toEqual([]);
  });

  it('compareBaselines shows the problem rows once and one network row under the dashboard name', () => {
    const networks = comparedNetworks([correlated('a', first), correlated('p')]);
    expect(compareBaselines(networks, [[...problemRows, nnRow(0.413)]])).toEqual([
      ...problemRows,
      nnRow(0.413),
    ]);
    expect(compareBaselines([], [problemRows])).toEqual(problemRows);
    expect(compareBaselines([], [])).toEqual([]);
  });

  it('compareBaselines names the runs of each network when several runs carry different networks', () => {
    const networks = comparedNetworks([correlated('a', first), correlated('b', second)]);
    const rows = compareBaselines(networks, [
      [...problemRows, nnRow(0.413)],
      [...problemRows, nnRow(0.405)],
    ]);
    expect(rows.map((r) => [r.id, r.name, r.score])).toEqual([
      ['second-price', 'Second price', 0.38],
      ['greedy', 'Upper bound', 0.41],
      ['neural-network-1', 'Neural network (1 hidden, fixed), the network of run a', 0.413],
      ['neural-network-2', 'Neural network (1 hidden, fixed), the network of run b', 0.405],
    ]);
  });
});

describe('shortModelLabel', () => {
  it('shortModelLabel names the demo and a model with its backend', () => {
    expect(shortModelLabel(null)).toBe('demo (scripted)');
    expect(shortModelLabel({ backend: 'scripted', model: 'scripted:demo' })).toBe('demo (scripted)');
    expect(shortModelLabel({ backend: 'wllama', model: 'tiny.gguf' })).toBe('tiny.gguf (wllama)');
  });
});
