/**
 * The neural-network settings of the run setup (NNA-AMD-LLM,
 * docs/nn-assisted.md), declared like the search settings so the core's
 * reader checks them and its messages reach the user unchanged. Field
 * names start with `nn-` so they never clash with the other fields' ids.
 */
import type { RunSettings } from '../../core/evolution/ports.ts';
import type { TrainingBackend } from '../../core/nn/trainingRequest.ts';
import { networkKinds } from '../../core/nn/networkFile.ts';
import { networkProblem } from '../../core/nn/networkProblems.ts';
import { defaultPbeWeight } from '../../core/nn/promptSettings.ts';
import {
  defaultBatchProfiles,
  defaultSchedule,
  type TrainingRequest,
} from '../../core/nn/trainingRequest.ts';
import { ParameterError, readParameters, type ParameterSpec } from '../../core/parameters.ts';
import type { ProblemId } from '../../core/problem.ts';

/** Returns whether `problem` has a network that can be trained for it. */
export function hasNetwork(problem: ProblemId): boolean {
  return problem in networkKinds;
}

/** The fields always shown when the switch is on. */
export const networkMainSpecs: readonly ParameterSpec[] = [
  {
    name: 'nn-epochs',
    label: 'Epochs',
    description: 'Passes of training; progress is shown after each. More learn more, and take longer.',
    kind: 'integer',
    default: defaultSchedule.epochs,
    min: 1,
    max: 1000,
  },
  {
    name: 'nn-pbe',
    label: 'Example prompt weight',
    description:
      'Weight of the prompt that shows the network’s examples and asks for code that reproduces, then beats it.',
    kind: 'number',
    default: defaultPbeWeight,
    min: 0,
    max: 100,
  },
];

/** The fields folded away under "Advanced training". */
const scheduleSpecs: readonly ParameterSpec[] = [
  {
    name: 'nn-hidden',
    label: 'Hidden widths',
    description: 'Units in each hidden layer, comma-separated (1 to 4 layers of 1 to 512 units).',
    kind: 'text',
    default: defaultSchedule.hidden.join(','),
    format: 'widths like 16,16',
  },
  {
    name: 'nn-steps',
    label: 'Steps per epoch',
    description: 'Minibatches per epoch, each freshly sampled.',
    kind: 'integer',
    default: defaultSchedule.stepsPerEpoch,
    min: 1,
    max: 10_000,
  },
  {
    name: 'nn-batch',
    label: 'Profiles per minibatch',
    description: 'Value profiles sampled for each training step: more give smoother steps, slower.',
    kind: 'integer',
    default: defaultBatchProfiles,
    min: 8,
    max: 8192,
  },
  {
    name: 'nn-rate',
    label: 'Learning rate',
    description: 'Adam’s first step size; it falls along a cosine to a twentieth of it by the last step.',
    kind: 'number',
    default: defaultSchedule.learningRate,
    min: 0.00001,
    max: 0.5,
  },
];

/** The one-line explanation of each penalty weight of the losses. */
const penaltyDescriptions: Readonly<Record<string, { label: string; description: string }>> = {
  deficit: {
    label: 'Deficit penalty',
    description:
      'Weight of the mean deficit in the loss; above 1 a deficit costs more than its rebates gain.',
  },
  individualRationality: {
    label: 'IR penalty',
    description: 'Weight of the mean negative rebate (an agent paying more than VCG) in the loss.',
  },
  monotonicity: {
    label: 'Monotonicity penalty',
    description: 'Weight of the drop in a bidder’s winning chance when it raises its bid.',
  },
  maxRaise: {
    label: 'Largest raise',
    description: 'The monotonicity penalty compares each bid with one raised by up to this much.',
  },
};

/** Returns the advanced fields of `problem`'s network: the schedule, then its penalty weights. */
export function networkAdvancedSpecs(problem: ProblemId): ParameterSpec[] {
  const penalties = networkProblem(problem).defaultPenalties;
  return [
    ...scheduleSpecs,
    ...Object.entries(penalties).map(([name, value]) => ({
      name: `nn-penalty-${name}`,
      label: penaltyDescriptions[name]?.label ?? name,
      description: penaltyDescriptions[name]?.description ?? `Weight of ${name} in the loss.`,
      kind: 'number' as const,
      default: value,
      min: 0,
      max: 1000,
    })),
  ];
}

/** The network options of the form besides its text fields. */
export interface NetworkChoices {
  readonly backend: TrainingBackend;
  /** Whether agreement with the network is the search's second objective. */
  readonly agreement: boolean;
}

/** What training and the run need from the form; the request's evaluation is the run's sample set. */
export interface NetworkPlan {
  readonly request: TrainingRequest;
  readonly backend: TrainingBackend;
  readonly pbeWeight: number;
  readonly secondObjective: RunSettings['search']['secondObjective'];
}

export type CheckedNetwork = { plan: NetworkPlan; error: null } | { plan: null; error: string };

/** Returns the hidden widths of `text` ("16,16"), or throws a ParameterError that says what is allowed. */
function readHidden(text: string): number[] {
  const widths = text.split(',').map((part) => Number(part.trim()));
  if (widths.length < 1 || widths.length > 4 || widths.some((w) => !Number.isInteger(w) || w < 1 || w > 512))
    throw new ParameterError('hidden widths', text, '1 to 4 whole numbers from 1 to 512, like 16,16');
  return widths;
}

/**
 * Returns the training request and search additions of the form's
 * network fields `raw` for a run of `problem` with `parameters` and the
 * run's `search` (its seed seeds training; its samples and seed score the
 * fixed network on the run's sample set), or the first message that says
 * what is wrong.
 */
export function checkNetwork(
  raw: Readonly<Record<string, string>>,
  choices: NetworkChoices,
  problem: ProblemId,
  parameters: RunSettings['parameters'],
  search: RunSettings['search'],
): CheckedNetwork {
  try {
    const advanced = networkAdvancedSpecs(problem);
    const specs = [...networkMainSpecs, ...advanced];
    // Penalties typed for another problem's network stay in the form but are not this one's.
    const known = Object.fromEntries(specs.map((spec) => [spec.name, raw[spec.name]]));
    const values = readParameters(specs, known);
    const penalties = Object.fromEntries(
      advanced
        .filter((spec) => spec.name.startsWith('nn-penalty-'))
        .map((spec) => [spec.name.slice('nn-penalty-'.length), Number(values[spec.name])]),
    );
    const request: TrainingRequest = {
      problem,
      parameters,
      schedule: {
        epochs: Number(values['nn-epochs']),
        stepsPerEpoch: Number(values['nn-steps']),
        learningRate: Number(values['nn-rate']),
        hidden: readHidden(String(values['nn-hidden'])),
        seed: search.seed,
      },
      batchProfiles: Number(values['nn-batch']),
      penalties,
      evaluation: { samples: search.samples, seed: search.seed },
    };
    return {
      plan: {
        request,
        backend: choices.backend,
        pbeWeight: Number(values['nn-pbe']),
        secondObjective: choices.agreement ? 'agreement' : undefined,
      },
      error: null,
    };
  } catch (error) {
    return { plan: null, error: error instanceof Error ? error.message : String(error) };
  }
}
