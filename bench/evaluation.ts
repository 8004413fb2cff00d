/**
 * One core, in this process: how fast a case's fix and evaluation run, how
 * many heuristic calls they make against how many the math needs, and how
 * that compares with the bare heuristic replaying the same calls.
 *
 * Before timing, a few demo candidates of the problem run through the same
 * code, as they would in a worker a few candidates into a run: V8 then sees
 * many heuristics at the fixes' call sites, as it does in a search, instead
 * of one it could inline everywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evaluateCandidate,
  prepareEvaluation,
  type PreparedEvaluation,
} from '../src/core/evolution/evaluateCandidate.ts';
import { guardOutputs } from '../src/core/evolution/outputGuard.ts';
import { parseReply } from '../src/core/evolution/parse.ts';
import type { Heuristic, ProblemInstance } from '../src/core/problem.ts';
import { compileHeuristic } from '../src/core/sandbox/compile.ts';
import type { SampleSet } from '../src/core/types.ts';
import { demoSet } from '../src/llm/demoReplies.ts';
import { callsNeededPerProfile, type BenchCase } from './cases.ts';
import { cpuTimed, summarise, type Measured } from './measure.ts';
import { RecordingFull, recordCalls, replay, type Recording } from './replay.ts';

/** The run's seed and sample size, as a default search has them. */
export const benchSeed = 1;
export const benchSamples = 4_096;

/** Numbers of recorded inputs at most (32 MB): the replay runs on a prefix of the profiles when they are more. */
const recordingBudget = 4_000_000;
/** Demo candidates run before timing (on a small sample set), so the call sites have seen many heuristics. */
const warmupCandidates = 12;

export interface CaseFigures {
  readonly id: string;
  readonly problem: string;
  readonly size: string;
  readonly parameters: Readonly<Record<string, number | string>>;
  readonly heuristic: string;
  readonly samples: number;
  /** Calls the fix needs per profile without sharing work (see callsNeededPerProfile). */
  readonly callsNeededPerProfile: number;
  /** Calls it makes per profile, after memoisation and exact shortcuts. */
  readonly callsMadePerProfile: number;
  /** Fix + evaluation of the whole sample set, CPU seconds. */
  readonly fixEvaluationSeconds: Measured;
  readonly profilesPerSecond: Measured;
  /** Heuristic calls per second inside fix + evaluation. */
  readonly achievedCallsPerSecond: Measured;
  /** The same heuristic replaying recorded calls in a tight loop. */
  readonly bareCallsPerSecond: Measured;
  /** (fix + evaluation time) / (replay time of the same calls), on `replayProfiles` profiles. */
  readonly overheadRatio: Measured;
  readonly replayProfiles: number;
  /** A whole candidate in one worker: compile, guard, fix, evaluate, verify. CPU seconds. */
  readonly secondsPerCandidate: Measured;
  readonly targetProfilesPerSecond: number | null;
}

/** Returns the first `count` profiles of `samples` (a view). */
function prefix(samples: SampleSet, count: number): SampleSet {
  return { n: samples.n, count, values: samples.values.subarray(0, count * samples.n) };
}

/** Returns the code of the problem's demo candidates that are meant to work. */
export function demoCodes(instance: ProblemInstance, count: number): string[] {
  const signature = instance.problem.heuristic;
  const codes: string[] = [];
  for (const demo of demoSet(instance.problem.id, 4 * count, benchSeed)) {
    if (demo.fault !== null) continue;
    const parsed = parseReply(demo.reply, signature);
    if (parsed.ok && !codes.includes(parsed.code)) codes.push(parsed.code);
    if (codes.length === count) break;
  }
  return codes;
}

/** Runs demo candidates through the evaluation path and through the replay. */
function warmUp(benchCase: BenchCase): void {
  const prepared = prepareEvaluation({
    problem: benchCase.problem,
    parameters: benchCase.parameters,
    seed: benchSeed,
    samples: 128,
  });
  for (const code of demoCodes(prepared.instance, warmupCandidates)) {
    evaluateCandidate(prepared, code);
    const compiled = compileHeuristic(code, prepared.instance.problem.heuristic);
    if (compiled.ok) {
      try {
        replay(compiled.heuristic, record(prepared, compiled.heuristic, prepared.samples).recording);
      } catch {
        // A demo candidate may throw on some input: it has warmed what it reached.
      }
    }
  }
}

/** Returns the fixed mechanism of `heuristic` behind the output guard, as a worker builds it. */
function guardedFix(instance: ProblemInstance, heuristic: Heuristic) {
  const { name, parameters } = instance.problem.heuristic;
  return instance.fix(guardOutputs(heuristic, name, parameters.length).heuristic);
}

/** Records the calls of fix + evaluation on `samples`; throws RecordingFull past the budget. */
function record(prepared: PreparedEvaluation, heuristic: Heuristic, samples: SampleSet) {
  const recorder = recordCalls(heuristic, recordingBudget);
  const { instance } = prepared;
  instance.evaluate(instance.fix(recorder.heuristic), samples);
  return { recording: recorder.recording() };
}

/** Returns the recording of the largest prefix (halving from the whole set) whose inputs fit the budget. */
function recordPrefix(
  prepared: PreparedEvaluation,
  heuristic: Heuristic,
): { readonly recording: Recording; readonly profiles: number } {
  for (let profiles = prepared.samples.count; ; profiles = Math.floor(profiles / 2)) {
    try {
      return { ...record(prepared, heuristic, prefix(prepared.samples, profiles)), profiles };
    } catch (error) {
      if (!(error instanceof RecordingFull) || profiles <= 1) throw error;
    }
  }
}

/** Measures `benchCase` `runs` times (after one untimed run) and returns its figures. */
export function measureCase(benchCase: BenchCase, root: string, runs: number): CaseFigures {
  warmUp(benchCase);
  const prepared = prepareEvaluation({
    problem: benchCase.problem,
    parameters: benchCase.parameters,
    seed: benchSeed,
    samples: benchSamples,
  });
  const { instance, samples } = prepared;
  const source = readFileSync(join(root, benchCase.heuristic), 'utf8');
  const compiled = compileHeuristic(source, instance.problem.heuristic);
  if (!compiled.ok) throw new Error(`${benchCase.heuristic}: ${compiled.error.message}`);
  const heuristic = compiled.heuristic;

  const { recording, profiles } = recordPrefix(prepared, heuristic);
  const head = prefix(samples, profiles);
  const fixSeconds: number[] = [];
  const ratios: number[] = [];
  const bare: number[] = [];
  const candidateSeconds: number[] = [];
  let calls = 0;
  for (let r = 0; r <= runs; r++) {
    const whole = cpuTimed(() => instance.evaluate(guardedFix(instance, heuristic), samples));
    const part = cpuTimed(() => instance.evaluate(guardedFix(instance, heuristic), head));
    const alone = cpuTimed(() => replay(heuristic, recording));
    const candidate = cpuTimed(() => evaluateCandidate(prepared, source));
    if (candidate.value.status !== 'ok')
      throw new Error(`${benchCase.heuristic}: ${candidate.value.error?.message}`);
    if (r === 0) continue; // the untimed run
    calls = whole.value.heuristicCalls;
    fixSeconds.push(whole.seconds);
    ratios.push(part.seconds / alone.seconds);
    bare.push(recording.calls / alone.seconds);
    candidateSeconds.push(candidate.seconds);
  }
  const fixEvaluationSeconds = summarise(fixSeconds);
  return {
    id: benchCase.id,
    problem: benchCase.problem,
    size: benchCase.size,
    parameters: { ...instance.parameters },
    heuristic: benchCase.heuristic,
    samples: samples.count,
    callsNeededPerProfile: callsNeededPerProfile(benchCase.problem, instance.parameters),
    callsMadePerProfile: calls / samples.count,
    fixEvaluationSeconds,
    profilesPerSecond: summarise(fixSeconds.map((s) => samples.count / s)),
    achievedCallsPerSecond: summarise(fixSeconds.map((s) => calls / s)),
    bareCallsPerSecond: summarise(bare),
    overheadRatio: summarise(ratios),
    replayProfiles: profiles,
    secondsPerCandidate: summarise(candidateSeconds),
    targetProfilesPerSecond: benchCase.targetProfilesPerSecond ?? null,
  };
}
