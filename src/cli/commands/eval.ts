/** `mechlab eval`: fix and evaluate one heuristic or a trained network, with baselines and verification. */
import { rngStream } from '../../core/rng.ts';
import type { Heuristic, ProblemInstance } from '../../core/problem.ts';
import { problemById } from '../../core/problems/index.ts';
import { ParameterError } from '../../core/parameters.ts';
import { networkHeuristic } from '../../core/nn/networkMechanism.ts';
import { takeInteger, takeFlag } from '../args.ts';
import { CliError } from '../errors.ts';
import { expectNetworkFits, readNetwork } from '../network.ts';
import { configureFromFlags, loadHeuristic, runHeuristic } from '../setup.ts';
import { fixed, table, withError } from '../format.ts';
import type { Command } from '../command.ts';

interface Subject {
  readonly instance: ProblemInstance;
  readonly heuristic: Heuristic;
  /** What is evaluated, for the report: a heuristic file or a network. */
  readonly source: Record<string, unknown>;
}

/**
 * Returns the network in `path` as the heuristic to evaluate, on the
 * problem and parameters it was trained for; the flags left may change
 * parameters that only shape the fix (the grid).
 */
function networkSubject(path: string, flags: Map<string, string>): Subject {
  const network = readNetwork(path);
  const problem = takeFlag(flags, 'problem');
  if (problem !== undefined && problem !== network.problem)
    throw new CliError(`${path} is a network for ${network.problem}, not ${problem}: drop --problem`);
  const raw = { ...network.parameters, ...Object.fromEntries(flags) };
  flags.clear();
  let instance: ProblemInstance;
  try {
    instance = problemById(network.problem).configure(raw);
  } catch (error) {
    if (error instanceof ParameterError) throw new CliError(`--${error.message}`);
    throw error;
  }
  expectNetworkFits(network, instance, path);
  const { schedule, backend, milliseconds } = network.training;
  return {
    instance,
    heuristic: networkHeuristic(network, instance),
    source: {
      network: path,
      hidden: schedule.hidden,
      trainingSeed: schedule.seed,
      trainingBackend: backend,
      trainingMilliseconds: milliseconds,
    },
  };
}

export const evalCommand: Command = {
  usage:
    'mechlab eval (--problem ID [--param value …] --heuristic FILE | --network net.json) [--samples N] [--seed S] [--json]',
  summary:
    'fix and evaluate one heuristic or trained network on N sampled profiles; compare with the baselines; verify SP/IR/ND',
  run({ flags, switches }) {
    const path = takeFlag(flags, 'heuristic');
    const networkPath = takeFlag(flags, 'network');
    const samples = takeInteger(flags, 'samples', 100_000, 1, 10_000_000);
    const seed = takeInteger(flags, 'seed', 1, 0, 2 ** 31 - 1);
    if (path !== undefined && networkPath !== undefined)
      throw new CliError('give either --heuristic FILE or --network FILE, not both');
    let subject: Subject;
    if (networkPath !== undefined) {
      subject = networkSubject(networkPath, flags);
    } else {
      const instance = configureFromFlags(flags);
      subject = { instance, heuristic: loadHeuristic(path, instance), source: { heuristic: path } };
    }
    const { instance, heuristic } = subject;

    const sampleSet = instance.sample(rngStream(seed, 'evaluation'), samples);
    const started = performance.now();
    const mechanism = runHeuristic(() => instance.fix(heuristic));
    const fixMilliseconds = performance.now() - started;
    const evaluation = runHeuristic(() => instance.evaluate(mechanism, sampleSet));
    const verification = runHeuristic(() => instance.verify(mechanism, rngStream(seed, 'verification')));
    const baselines = instance.baselines(sampleSet);

    if (switches.has('json')) {
      return JSON.stringify(
        {
          problem: instance.problem.id,
          parameters: instance.parameters,
          ...subject.source,
          samples,
          seed,
          score: evaluation.score,
          standardError: evaluation.standardError,
          metrics: evaluation.metrics,
          heuristicCalls: evaluation.heuristicCalls,
          timing: { fixMilliseconds, evaluateMilliseconds: evaluation.milliseconds },
          baselines,
          verification,
        },
        null,
        2,
      );
    }
    const settings = Object.entries(instance.parameters)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const what =
      networkPath === undefined
        ? []
        : [
            `network ${networkPath}: ${(subject.source.hidden as number[]).join('×')} hidden, trained in ${((subject.source.trainingMilliseconds as number) / 1000).toFixed(1)} s on ${subject.source.trainingBackend as string}`,
          ];
    return [
      `${instance.problem.id}  ${settings}  (${samples} samples, seed ${seed})`,
      ...what,
      `score  ${withError(evaluation.score, evaluation.standardError)}`,
      table(evaluation.metrics.map((m) => [`  ${m.label}`, withError(m.value, m.standardError)])),
      `time   fix ${fixMilliseconds.toFixed(0)} ms, evaluation ${evaluation.milliseconds.toFixed(0)} ms, ${evaluation.heuristicCalls} heuristic calls`,
      '',
      'baselines (same samples)',
      table(
        baselines.map((b) => [
          `  ${b.name}`,
          withError(b.score, b.standardError),
          b.theory === undefined ? '' : `theory ${fixed(b.theory)}`,
        ]),
      ),
      '',
      `verification  ${verification.passed ? 'passed' : 'FAILED'}: ${verification.checks} checks on ${verification.profiles} profiles`,
      table(
        verification.properties.map((p) => [
          `  ${p.property}`,
          `${p.checks} checks`,
          `max violation ${p.maxViolation.toExponential(2)}`,
        ]),
      ),
    ].join('\n');
  },
};
