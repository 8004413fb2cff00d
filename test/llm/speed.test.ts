import { describe, expect, it } from 'vitest';
import { cpuSpeedEstimate, formatDuration, publishedFigures } from '../../src/llm/speed.ts';

describe('cpuSpeedEstimate', () => {
  it('scales the published 10 tokens/s of a 0.77 GB model by size', () => {
    const reference = cpuSpeedEstimate(0.77e9, 60, true);
    expect(reference.tokensPerSecond).toBeCloseTo(10, 10);
    expect(reference.secondsPerReply).toBeCloseTo(25, 10);
    const gemma = cpuSpeedEstimate(1.5e9, 60, true);
    // The user report for this size was 6–7 tokens/s: the scaling lands within a third of it.
    expect(gemma.tokensPerSecond).toBeCloseTo(5.13, 2);
    expect(gemma.summary).toBe(
      'A 1.5 GB model on the CPU writes roughly 5.1 tokens/s (scaled from published figures below), so a reply of ' +
        'about 250 tokens takes about 49 s and 60 candidates at least 49 min, plus the time to read each prompt. ' +
        'The same model on a GPU with WebGPU is about three times faster.',
    );
  });

  it('gives no number when wllama must run on one thread', () => {
    const single = cpuSpeedEstimate(1e9, 60, false);
    expect(single.tokensPerSecond).toBeNull();
    expect(single.summary).toMatch(
      /^This page is not cross-origin isolated, so wllama runs on one CPU thread/,
    );
  });

  it('cites its sources with links', () => {
    expect(publishedFigures.map((f) => f.url)).toEqual([
      'https://github.com/ngxson/wllama/pull/198',
      'https://github.com/ngxson/wllama/issues/4',
      'https://arxiv.org/abs/2412.15803',
    ]);
  });
});

describe('formatDuration', () => {
  it('uses seconds, then minutes, then hours', () => {
    expect([40, 89, 90, 600, 5399, 5400, 12_600].map(formatDuration)).toEqual([
      '40 s',
      '89 s',
      '2 min',
      '10 min',
      '90 min',
      '1.5 h',
      '3.5 h',
    ]);
  });
});
