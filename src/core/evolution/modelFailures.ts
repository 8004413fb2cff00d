/**
 * What the run loop does when the model fails it, and what it tells the
 * user: a backend error is retried when the backend says asking again may
 * help (GenerationError), and pauses the run otherwise (the model is not
 * loaded, the GPU was lost, the model hung); replies that hold no code at
 * all — empty, cut at the token limit, prose only — are recorded as parse
 * errors, and a streak of them pauses the run. Errors are told apart by
 * `name`, as src/llm/backend.ts sets it: core cannot import those classes.
 */
import type { GenerateResult } from './ports.ts';

/** How a failed model call ends: the run is over, the call is made again, or the run waits for the user. */
export type FailureAction = 'finish' | 'retry' | 'pause';

/** Returns what the loop does after a model call failed with `error`. */
export function failureAction(error: unknown): FailureAction {
  const name = errorName(error);
  // The scripted backend has replayed every reply: the run is over, not broken.
  if (name === 'ScriptExhaustedError') return 'finish';
  // One generation failed (server error, broken stream): the model may answer if asked again.
  if (name === 'GenerationError') return 'retry';
  return 'pause';
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : '';
}

/** Returns the message of any thrown value, without a trailing full stop. */
export function errorText(error: unknown): string {
  const text =
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
      ? (error as { message: string }).message
      : String(error);
  return text.trim().replace(/\.+$/, '') || 'no reason given';
}

/** Returns the message of a run paused because the model failed with `error`; `kept` candidates are recorded. */
export function pausedByFailure(error: unknown, kept: number): string {
  return (
    `The model failed: ${errorText(error)}. The run is paused and its ${kept} recorded ` +
    `candidate${kept === 1 ? ' is' : 's are'} kept; resume it once the model works again.`
  );
}

/** Returns a span of time as people say it: "5 min", "30 s", "250 ms". */
function duration(ms: number): string {
  if (ms >= 60_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  if (ms >= 1_000) return `${Number((ms / 1_000).toFixed(1))} s`;
  return `${Math.round(ms)} ms`;
}

/** Returns the message shown while a failed generation is about to be asked again. */
export function retryingAfter(error: unknown, delayMs: number, attempt: number, attempts: number): string {
  return `The model failed to answer (${errorText(error)}); asking again in ${duration(delayMs)} (attempt ${attempt} of ${attempts}).`;
}

/** The error of a model call that wrote nothing for `stallMs`: it is aborted, and the run pauses. */
export function stalledError(stallMs: number): Error {
  return Object.assign(
    new Error(
      `it wrote nothing for ${duration(stallMs)}, so it may have hung or lost its GPU; reload the model in the model panel`,
    ),
    { name: 'ModelStalledError' },
  );
}

/** A reply from which no code could be read, for a reason that lies with the model rather than its code. */
export type ReplyFault = 'empty' | 'cut' | 'prose';

/**
 * Returns why a reply that did not parse holds no code at all: it is empty,
 * it stopped at the token limit, or it is prose with no fence and no
 * function. Null for a reply with code that is merely broken (a syntax
 * error is the code's failure, and the search goes on).
 */
export function replyFault(reply: GenerateResult): ReplyFault | null {
  if (!reply.text.trim()) return 'empty';
  if (reply.finishReason === 'length') return 'cut';
  if (!/```|\bfunction\b|=>/.test(reply.text)) return 'prose';
  return null;
}

/** Returns the parse error of a reply cut at the token limit: why it is cut, then what the parser found. */
export function cutReplyMessage(parseMessage: string, maxTokens: number): string {
  return `The reply stopped at the token limit (${maxTokens} tokens) before the code was complete. ${parseMessage}`;
}

/** Replies in a row with no code at all after which the run pauses: a working model rarely writes even two. */
export const repliesWithoutCodeLimit = 6;

const faultWords: Readonly<Record<ReplyFault, string>> = {
  empty: 'empty',
  cut: 'cut at the token limit',
  prose: 'prose only',
};

/** Returns the message of a run paused after `faults` (the last replies, none with code), with what to do. */
export function pausedByReplies(faults: readonly ReplyFault[], maxTokens: number): string {
  const counts = new Map<ReplyFault, number>();
  for (const fault of faults) counts.set(fault, (counts.get(fault) ?? 0) + 1);
  const kinds = [...counts.keys()];
  const tally = kinds.map((fault) => `${counts.get(fault)} ${faultWords[fault]}`).join(', ');
  const advice = kinds.map((fault) => {
    if (fault === 'cut')
      return `the replies need more than ${maxTokens} tokens: start a new run with the same settings and a higher "Max tokens"`;
    if (fault === 'empty') return 'the model returns nothing: reload it, or load another model';
    return 'the model answers in prose: load a coding or instruction-tuned model';
  });
  return (
    `The model's last ${faults.length} replies held no code (${tally}), so the run is paused: ` +
    `${advice.join('; ')}. Resume to keep trying with this model.`
  );
}

/** Resolves with true after `ms`, or with false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (finished: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(finished);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Returns `reply` as ModelPort promises it: usage figures that are missing
 * or not finite become 0 (token counts whole), a finish reason other than
 * 'length' becomes 'stop'. A reply without text throws a GenerationError-
 * named error: a backend bug must not put a broken record into the run.
 */
export function checkedReply(reply: unknown): GenerateResult {
  const r = reply as Partial<GenerateResult> | null;
  if (typeof r?.text !== 'string') {
    throw Object.assign(new Error('the model backend returned a reply without text'), {
      name: 'GenerationError',
    });
  }
  const usage = (r.usage ?? {}) as Partial<GenerateResult['usage']>;
  const rate = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
  const prefill = usage.prefillTokensPerSecond;
  return {
    text: r.text,
    usage: {
      promptTokens: Math.round(rate(usage.promptTokens)),
      completionTokens: Math.round(rate(usage.completionTokens)),
      tokensPerSecond: rate(usage.tokensPerSecond),
      ...(prefill === undefined ? {} : { prefillTokensPerSecond: rate(prefill) }),
    },
    finishReason: r.finishReason === 'length' ? 'length' : 'stop',
  };
}
