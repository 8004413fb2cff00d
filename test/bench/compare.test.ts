import { describe, expect, it } from 'vitest';
import { changeText, compareFigures, figuresOf, type Figure } from '../../bench/compare.ts';
import { collectFigures } from '../../bench/figures.ts';
import { summarise } from '../../bench/measure.ts';

const figure = (key: string, value: number, better: Figure['better']): Figure => ({
  key,
  label: key,
  value,
  better,
});

describe('compareFigures', () => {
  it('gives every figure its change against the figure with the same key, and flags what got worse by > 10%', () => {
    const changes = compareFigures(
      [
        figure('a:profiles', 120, 'higher'),
        figure('b:seconds', 1.2, 'lower'),
        figure('c:profiles', 85, 'higher'),
        figure('d:ratio', 1.05, 'lower'),
        figure('e:new', 3, 'higher'),
        figure('f:bare', 50, 'neither'),
      ],
      [
        figure('a:profiles', 100, 'higher'),
        figure('b:seconds', 1, 'lower'),
        figure('c:profiles', 100, 'higher'),
        figure('d:ratio', 1, 'lower'),
        figure('f:bare', 100, 'neither'),
        figure('gone', 1, 'higher'),
      ],
    );
    expect(
      changes.map((c) => [c.key, c.relative === null ? null : Number(c.relative.toFixed(3)), c.worse]),
    ).toEqual([
      ['a:profiles', 0.2, false],
      ['b:seconds', 0.2, true],
      ['c:profiles', -0.15, true],
      ['d:ratio', 0.05, false],
      ['e:new', null, false],
      ['f:bare', -0.5, false],
    ]);
    expect(changes.map(changeText)).toEqual(['+20%', '+20% worse', '−15% worse', '+5%', 'new', '−50%']);
  });
});

describe('figuresOf', () => {
  it('reads the first benchmark format: cases at their default size, searches and the browser run', () => {
    const measured = (median: number) => ({ median, min: median, max: median, runs: 3 });
    const figures = figuresOf({
      cases: [
        {
          problem: 'vcg-redistribution',
          parameters: { n: 5 },
          secondsPerCandidate: measured(0.18),
          heuristicCallsPerSecond: measured(2.2e7),
          profilesPerSecond: measured(22_700),
        },
      ],
      searches: [{ problem: 'vcg-redistribution', workers: 2, candidatesPerMinute: 230 }],
      browser: { candidatesPerMinute: 615, mainThreadBusy: 0.48 },
    });
    expect(Object.fromEntries(figures.map((f) => [f.key, f.value]))).toEqual({
      'vcg-redistribution/default:profiles-per-second': 22_700,
      'vcg-redistribution/default:achieved-calls-per-second': 2.2e7,
      'vcg-redistribution/default:fix-evaluation-seconds': 0.18,
      'search/vcg-redistribution/100:candidates-per-minute:2': 230,
      'browser:run-candidates-per-minute': 615,
      'browser:main-thread-busy': 0.48,
    });
  });

  it('reads back the figures a run writes', () => {
    const written = collectFigures({
      cases: [],
      pools: [{ id: 'x/default', perMinute: [summarise([60, 62]), summarise([110, 118])] }],
      counts: [1, 2],
      searches: [],
      bundle: null,
      browser: null,
    });
    expect(figuresOf(JSON.parse(JSON.stringify({ figures: written })))).toEqual(
      [
        figure('pool/x/default:candidates-per-minute:1', 61, 'higher'),
        figure('pool/x/default:candidates-per-minute:2', 114, 'higher'),
      ].map((f, k) => ({ ...f, label: written[k].label })),
    );
  });
});
