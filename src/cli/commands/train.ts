/**
 * `mechlab train`: trains a problem's network (NNA-AMD-LLM) in Node on a
 * TensorFlow.js backend, scores the fixed network like a candidate, and
 * writes the network file that `mechlab eval --network` and
 * `mechlab run --network` read.
 */
import { writeFileSync } from 'node:fs';
import type { ProblemId } from '../../core/problem.ts';
import type { NetworkFile } from '../../core/nn/networkFile.ts';
import type { EpochReport } from '../../core/nn/train.ts';
import { trainingBackends, type TrainingBackend } from '../../core/nn/trainingRequest.ts';
import { defaultBatchProfiles, defaultSchedule } from '../../core/nn/trainingRequest.ts';
import { networkProblemIds } from '../../core/nn/networkProblems.ts';
import { problemById } from '../../core/problems/index.ts';
import { ParameterError } from '../../core/parameters.ts';
import { takeFlag, takeInteger } from '../args.ts';
import { CliError } from '../errors.ts';
import { withError } from '../format.ts';
import type { Command } from '../command.ts';

/** Returns flag `name` as a number in (0, 1), or `fallback`. */
function takeRate(flags: Map<string, string>, name: string, fallback: number): number {
  const raw = takeFlag(flags, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value > 0 && value < 1))
    throw new CliError(`--${name} ${raw} is not allowed: a number between 0 and 1`);
  return value;
}

/** Returns `--hidden 16,16` as layer widths. */
function takeHidden(flags: Map<string, string>): number[] {
  const raw = takeFlag(flags, 'hidden');
  if (raw === undefined) return [...defaultSchedule.hidden];
  const widths = raw.split(',').map((w) => Number(w.trim()));
  if (widths.length === 0 || widths.some((w) => !Number.isInteger(w) || w < 1 || w > 512))
    throw new CliError(
      `--hidden ${raw} is not allowed: layer widths from 1 to 512, separated by commas (e.g. 16,16)`,
    );
  return widths;
}

/** Returns `--penalties deficit=10,individualRationality=5` as numbers by name. */
function takePenalties(flags: Map<string, string>): Record<string, number> {
  const raw = takeFlag(flags, 'penalties');
  if (raw === undefined) return {};
  const penalties: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    const number = Number(value);
    if (!name || value === undefined || !(Number.isFinite(number) && number >= 0))
      throw new CliError(
        `--penalties ${raw} is not allowed: name=value pairs with values ≥ 0, e.g. deficit=10`,
      );
    penalties[name] = number;
  }
  return penalties;
}

function takeBackend(flags: Map<string, string>): TrainingBackend {
  const raw = takeFlag(flags, 'backend') ?? 'wasm';
  if (!(trainingBackends as readonly string[]).includes(raw))
    throw new CliError(`--backend ${raw} is not known; one of ${trainingBackends.join(', ')}`);
  return raw as TrainingBackend;
}

/** Returns one progress line: epoch, loss and its terms, elapsed time. */
function epochLine(report: EpochReport): string {
  const terms = Object.entries(report.terms)
    .map(([name, value]) => `${name} ${value.toFixed(4)}`)
    .join('  ');
  const epoch = `${report.epoch}/${report.epochs}`.padStart(2 * String(report.epochs).length + 1);
  return `epoch ${epoch}  loss ${report.loss.toFixed(4)}  ${terms}  ${(report.milliseconds / 1000).toFixed(1)} s`;
}

/** Returns the summary line of a trained network. */
export function networkSummary(network: NetworkFile): string {
  const { training, evaluation } = network;
  const trained = `${training.schedule.epochs} epochs of ${training.schedule.stepsPerEpoch} steps in ${(training.milliseconds / 1000).toFixed(1)} s on ${training.backend}`;
  if (evaluation === null) return `trained ${trained}`;
  const verified = evaluation.verification.passed ? 'verification passed' : 'verification FAILED';
  return `trained ${trained}; the fixed network scores ${withError(evaluation.score, evaluation.standardError)} on ${evaluation.samples} samples (seed ${evaluation.seed}), ${verified}`;
}

export const trainCommand: Command = {
  usage:
    'mechlab train --problem vcg-redistribution|correlated-revenue [--param value …] [--seed S] [--epochs E] [--steps N] [--batch B] [--hidden 16,16] [--learning-rate R] [--penalties name=value,…] [--backend wasm|cpu] [--samples N] [--eval-seed S] --out net.json [--json]',
  summary: 'train the problem’s neural network (NNA-AMD-LLM), score it fixed, and write a network file',
  async run({ flags, switches }) {
    const out = takeFlag(flags, 'out');
    if (out === undefined) throw new CliError('--out FILE is required: where the network file is written');
    const seed = takeInteger(flags, 'seed', defaultSchedule.seed, 0, 2 ** 31 - 1);
    const schedule = {
      epochs: takeInteger(flags, 'epochs', defaultSchedule.epochs, 1, 10_000),
      stepsPerEpoch: takeInteger(flags, 'steps', defaultSchedule.stepsPerEpoch, 1, 100_000),
      learningRate: takeRate(flags, 'learning-rate', defaultSchedule.learningRate),
      hidden: takeHidden(flags),
      seed,
    };
    const batchProfiles = takeInteger(flags, 'batch', defaultBatchProfiles, 1, 65_536);
    const penalties = takePenalties(flags);
    const backend = takeBackend(flags);
    const samples = takeInteger(flags, 'samples', 4_096, 0, 10_000_000);
    const evalSeed = takeInteger(flags, 'eval-seed', seed, 0, 2 ** 31 - 1);
    const problemId = takeFlag(flags, 'problem');
    if (problemId === undefined)
      throw new CliError(`--problem is required; networks exist for ${networkProblemIds.join(' and ')}`);
    if (!networkProblemIds.includes(problemId as ProblemId)) {
      problemById(problemId); // an unknown id gets the registry's message
      throw new CliError(
        `${problemId} has no network; networks exist for ${networkProblemIds.join(' and ')}`,
      );
    }
    const parameters = Object.fromEntries(flags);
    flags.clear();

    // Loaded here, not at startup: the other commands never need TensorFlow.js.
    await import('@tensorflow/tfjs-backend-cpu');
    await import('@tensorflow/tfjs-backend-wasm');
    const { trainProblemNetwork } = await import('../../core/nn/trainProblemNetwork.ts');

    const quiet = switches.has('json');
    const controller = new AbortController();
    const interrupt = () => controller.abort(new CliError('training was interrupted', 130));
    process.once('SIGINT', interrupt);
    let network: NetworkFile;
    try {
      network = await trainProblemNetwork(
        {
          problem: problemId as ProblemId,
          parameters,
          schedule,
          batchProfiles,
          penalties,
          evaluation: samples > 0 ? { samples, seed: evalSeed } : null,
        },
        {
          backend,
          signal: controller.signal,
          onEpoch: (report) => quiet || process.stderr.write(`${epochLine(report)}\n`),
          onEvaluating: () =>
            quiet || process.stderr.write(`scoring the fixed network on ${samples} samples…\n`),
        },
      );
    } catch (error) {
      if (error instanceof ParameterError) throw new CliError(`--${error.message}`);
      if (error instanceof RangeError) throw new CliError(error.message);
      throw error;
    } finally {
      process.off('SIGINT', interrupt);
    }
    writeFileSync(out, `${JSON.stringify(network)}\n`);
    if (quiet)
      return JSON.stringify({
        out,
        problem: network.problem,
        parameters: network.parameters,
        backend: network.training.backend,
        trainingMilliseconds: network.training.milliseconds,
        finalLoss: network.training.history.at(-1)?.loss ?? null,
        evaluation: network.evaluation,
      });
    return `${networkSummary(network)} — wrote ${out}`;
  },
};
