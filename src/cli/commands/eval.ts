/** `mechlab eval`: fix and evaluate one heuristic, with baselines and verification. */
import { rngStream } from '../../core/rng.ts';
import { takeInteger, takeFlag } from '../args.ts';
import { configureFromFlags, loadHeuristic, runHeuristic } from '../setup.ts';
import { fixed, table, withError } from '../format.ts';
import type { Command } from '../command.ts';

export const evalCommand: Command = {
  usage: 'mechlab eval --problem ID [--param value …] --heuristic FILE [--samples N] [--seed S] [--json]',
  summary:
    'fix and evaluate one heuristic on N sampled profiles; compare with the baselines; verify SP/IR/ND',
  run({ flags, switches }) {
    const path = takeFlag(flags, 'heuristic');
    const samples = takeInteger(flags, 'samples', 100_000, 1, 10_000_000);
    const seed = takeInteger(flags, 'seed', 1, 0, 2 ** 31 - 1);
    const instance = configureFromFlags(flags);
    const heuristic = loadHeuristic(path, instance);

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
    return [
      `${instance.problem.id}  ${settings}  (${samples} samples, seed ${seed})`,
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
