/**
 * What to expect from a model on the CPU (wllama) when WebGPU is missing:
 * a rough decode speed scaled from published figures, and what it means for
 * a run. Nothing here was measured by MechLab on a real model (no GPU and no
 * real model exist on its build machines); the figures are the cited
 * sources', and the scaling is stated.
 */

/** One published figure: where it comes from and what it says. */
export interface PublishedFigure {
  readonly source: string;
  readonly url: string;
  readonly says: string;
}

/** The figures the estimate rests on, labelled as their authors'. */
export const publishedFigures: readonly PublishedFigure[] = [
  {
    source: 'wllama pull request #198 (a contributor, January 2026)',
    url: 'https://github.com/ngxson/wllama/pull/198',
    says: 'Llama-3.2-1B-Instruct Q4_0: about 10 tokens/s on the multi-threaded CPU build, about 32 tokens/s with WebGPU',
  },
  {
    source: 'wllama issue #4 (a user, April 2024)',
    url: 'https://github.com/ngxson/wllama/issues/4',
    says: 'gemma-2b-it Q4_K_M (1.5 GB) in Chrome on a laptop: 6–7 tokens/s, against about 25 tokens/s natively on the same CPU',
  },
  {
    source: 'WebLLM paper (Ruan et al., arXiv 2412.15803)',
    url: 'https://arxiv.org/abs/2412.15803',
    says: 'WebLLM on WebGPU keeps up to 80% of native performance on the same device',
  },
];

/**
 * The reference point of the scaling: about 10 tokens/s for a model of
 * about 0.77 GB (Llama-3.2-1B at Q4_0), multi-threaded (PR #198). Decoding
 * reads every weight once per token, so speed falls in proportion to the
 * model's size; the gemma-2b report (1.5 GB, 6–7 tokens/s, where this
 * predicts 5) agrees within a third.
 */
const referenceBytes = 0.77e9;
const referenceTokensPerSecond = 10;

/** A typical reply (one idea and one short function) in tokens; the limit is higher. */
export const typicalReplyTokens = 250;

export interface CpuSpeedEstimate {
  /** Estimated decode speed with threads; null when the page runs wllama single-threaded. */
  readonly tokensPerSecond: number | null;
  /** Seconds to write one typical reply at that speed (prompt reading comes on top). */
  readonly secondsPerReply: number | null;
  /** One or two sentences for the model panel. */
  readonly summary: string;
}

/** Returns `seconds` as '40 s', '12 min' or '3.5 h'. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Returns the expected decode speed of a GGUF model of `modelBytes` on the
 * CPU, and the time of a run of `candidates` typical replies. Without
 * cross-origin isolation wllama runs on one thread; no published figure
 * covers that case, so no number is given for it.
 */
export function cpuSpeedEstimate(
  modelBytes: number,
  candidates: number,
  crossOriginIsolated: boolean,
): CpuSpeedEstimate {
  if (!crossOriginIsolated) {
    return {
      tokensPerSecond: null,
      secondsPerReply: null,
      summary:
        'This page is not cross-origin isolated, so wllama runs on one CPU thread: expect several times slower ' +
        'than the multi-threaded figures below. Serve MechLab with `npm start`, which sends the headers that allow threads.',
    };
  }
  const tokensPerSecond = (referenceTokensPerSecond * referenceBytes) / Math.max(modelBytes, 1);
  const secondsPerReply = typicalReplyTokens / tokensPerSecond;
  const gb = (modelBytes / 1e9).toFixed(modelBytes < 1e9 ? 2 : 1);
  return {
    tokensPerSecond,
    secondsPerReply,
    summary:
      `A ${gb} GB model on the CPU writes roughly ${tokensPerSecond.toFixed(tokensPerSecond < 10 ? 1 : 0)} tokens/s ` +
      `(scaled from published figures below), so a reply of about ${typicalReplyTokens} tokens takes about ` +
      `${formatDuration(secondsPerReply)} and ${candidates} candidates at least ${formatDuration(secondsPerReply * candidates)}, ` +
      'plus the time to read each prompt. The same model on a GPU with WebGPU is about three times faster.',
  };
}
