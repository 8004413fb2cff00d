import { describe, expect, it } from 'vitest';
import {
  countCandidates,
  formatDuration,
  formatRate,
  perSecond,
  secondsLeft,
  tokensPerSecond,
} from '../../../src/ui/state/dashboardFigures.ts';
import { candidates } from '../candidates.ts';

const usage = (completionTokens: number, tokensPerSecond: number) => ({
  promptTokens: 100,
  completionTokens,
  tokensPerSecond,
});

describe('countCandidates', () => {
  it('countCandidates counts what the model wrote, not the seed, and the share that scored', () => {
    const run = candidates([
      { score: 0.3 },
      { score: 0.4 },
      { score: 'parse-error' },
      { score: 'duplicate' },
      { score: 0.5 },
    ]);
    expect(countCandidates(run)).toEqual({ written: 4, valid: 2, screenedOut: 0, validShare: 0.5 });
  });
  it('countCandidates counts screened-out candidates as valid: their code ran, it only scored too low', () => {
    const run = candidates([
      { score: 0.3 },
      { score: 'screened-out' },
      { score: 'runtime-error' },
      { score: 'screened-out' },
      { score: 0.5 },
    ]);
    expect(countCandidates(run)).toEqual({ written: 4, valid: 3, screenedOut: 2, validShare: 0.75 });
  });
  it('countCandidates of a run with only its seed has no valid share', () => {
    expect(countCandidates(candidates([{ score: 0.3 }]))).toEqual({
      written: 0,
      valid: 0,
      screenedOut: 0,
      validShare: null,
    });
  });
});

describe('tokensPerSecond', () => {
  it('tokensPerSecond weighs each reply by its length: total tokens over total decode time', () => {
    // 100 tokens at 50/s (2 s) and 300 tokens at 10/s (30 s): 400 tokens in 32 s.
    const run = candidates([{}, { usage: usage(100, 50) }, { usage: usage(300, 10) }]);
    expect(tokensPerSecond(run)).toBeCloseTo(12.5);
  });
  it('tokensPerSecond averages over the latest replies only', () => {
    const run = candidates([{ usage: usage(100, 1) }, { usage: usage(100, 20) }, { usage: usage(100, 20) }]);
    expect(tokensPerSecond(run, 2)).toBeCloseTo(20);
  });
  it('tokensPerSecond is null when no reply reports a speed', () => {
    expect(tokensPerSecond(candidates([{}, { usage: usage(40, 0) }]))).toBeNull();
  });
});

describe('perSecond', () => {
  it('perSecond divides by the running time, and is null before a second or a first count', () => {
    expect(perSecond(30, 12)).toBe(2.5);
    expect(perSecond(3, 0.5)).toBeNull();
    expect(perSecond(0, 10)).toBeNull();
  });
});

describe('secondsLeft', () => {
  it('secondsLeft extrapolates the candidates left at the pace so far', () => {
    // 20 candidates in 40 s: 2 s each; 30 left.
    expect(secondsLeft({ candidates: 50 }, { written: 20, modelCalls: 20, elapsedSeconds: 40 })).toBe(60);
  });
  it('secondsLeft takes the soonest limit', () => {
    const used = { written: 20, modelCalls: 20, elapsedSeconds: 40 };
    expect(secondsLeft({ candidates: 50, seconds: 70 }, used)).toBe(30);
    expect(secondsLeft({ candidates: 500, modelCalls: 25 }, used)).toBe(10);
  });
  it('secondsLeft is 0 once a limit is reached', () => {
    expect(secondsLeft({ candidates: 20 }, { written: 20, modelCalls: 20, elapsedSeconds: 40 })).toBe(0);
    expect(secondsLeft({ seconds: 30 }, { written: 20, modelCalls: 20, elapsedSeconds: 40 })).toBe(0);
  });
  it('secondsLeft is null with no limit, or before the pace is known', () => {
    expect(secondsLeft({}, { written: 20, modelCalls: 20, elapsedSeconds: 40 })).toBeNull();
    expect(secondsLeft({ candidates: 50 }, { written: 2, modelCalls: 2, elapsedSeconds: 4 })).toBeNull();
    expect(secondsLeft({ candidates: 50 }, { written: 5, modelCalls: 5, elapsedSeconds: 0.5 })).toBeNull();
  });
});

describe('formatDuration and formatRate', () => {
  it('formatDuration writes seconds, minutes and hours as people read them', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('—');
  });
  it('formatRate keeps two significant digits for small rates and none for large ones', () => {
    expect(formatRate(0.4212)).toBe('0.42');
    expect(formatRate(3.14)).toBe('3.1');
    expect(formatRate(27.3)).toBe('27');
    expect(formatRate(null)).toBe('—');
  });
});
