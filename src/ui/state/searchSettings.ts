/**
 * The search settings of the run setup form, declared the way problems
 * declare their parameters, so the core's reader checks them and its
 * messages ("islands = "0" is not allowed: a whole number from 1 to 16")
 * reach the user unchanged. Each has a one-line explanation for the form.
 */
import { defaultSearchConfig, type DrawnOperator } from '../../core/evolution/config.ts';
import { defaultScreening } from '../../core/evolution/screening.ts';
import type { Budget, RunSettings } from '../../core/evolution/ports.ts';
import { ParameterError, readParameters, type ParameterSpec } from '../../core/parameters.ts';

/** What each prompt operator asks the model, in the order the form shows them. */
const operatorDescriptions: Readonly<Record<string, { label: string; description: string }>> = {
  funsearch: {
    label: 'FunSearch',
    description: 'Shows the parents sorted by score and asks for the next, better version (FunSearch).',
  },
  e1: { label: 'E1 new idea', description: 'Asks for a new idea unlike the parents’ (EoH operator E1).' },
  e2: {
    label: 'E2 combine',
    description: 'Asks what the parents have in common, then for a new design built on it (EoH E2).',
  },
  m1: { label: 'M1 modify', description: 'Asks to change the idea of one parent (EoH M1).' },
  m2: {
    label: 'M2 retune',
    description: 'Asks to retune the constants of one parent, keeping its idea (EoH M2).',
  },
};

/** The prompt operators the core draws from: those described above first, then any the core adds. */
export const operatorOrder: readonly DrawnOperator[] = (
  Object.keys(defaultSearchConfig.operatorWeights) as DrawnOperator[]
).sort((a, b) => rank(a) - rank(b));

function rank(id: string): number {
  const at = Object.keys(operatorDescriptions).indexOf(id);
  return at === -1 ? Number.MAX_SAFE_INTEGER : at;
}

const operatorSpecs: readonly ParameterSpec[] = operatorOrder.map((id) => ({
  name: id,
  label: operatorDescriptions[id]?.label ?? id,
  description: operatorDescriptions[id]?.description ?? `Relative weight of the ${id} prompt operator.`,
  kind: 'number',
  default: defaultSearchConfig.operatorWeights[id],
  min: 0,
  max: 100,
}));

/** The settings the form shows, with their bounds, defaults and explanations. */
export const searchSpecs: readonly ParameterSpec[] = [
  {
    name: 'budget',
    label: 'Budget (candidates)',
    description: 'How many candidates the model writes before the run ends.',
    kind: 'integer',
    default: 60,
    min: 1,
    max: 100_000,
  },
  {
    name: 'islands',
    label: 'Islands',
    description: 'Populations that evolve apart; more islands keep more different ideas alive.',
    kind: 'integer',
    default: defaultSearchConfig.database.islands,
    min: 1,
    max: 16,
  },
  {
    name: 'parents',
    label: 'Parents per prompt',
    description: 'How many earlier candidates each prompt shows the model to build on.',
    kind: 'integer',
    default: defaultSearchConfig.parentsPerPrompt,
    min: 1,
    max: 8,
  },
  {
    name: 'temperature',
    label: 'Temperature',
    description:
      'How freely the model samples: 0 always takes the likeliest word, higher gives more varied code.',
    kind: 'number',
    default: 0.8,
    min: 0,
    max: 2,
  },
  {
    name: 'samples',
    label: 'Samples',
    description:
      'Value profiles every candidate is scored on (the same for all): more give smaller errors, slower.',
    kind: 'integer',
    default: defaultSearchConfig.samples,
    min: 256,
    max: 1_000_000,
  },
  {
    name: 'seed',
    label: 'Seed',
    description:
      'Seeds the samples, the choice of parents and prompts, and the model: the same seed repeats a run.',
    kind: 'integer',
    default: defaultSearchConfig.seed,
    min: 0,
    max: 2 ** 31 - 1,
  },
  {
    name: 'time-limit',
    label: 'Time limit (s)',
    description:
      'Seconds one candidate may take to be fixed and scored; a slower one is stopped and recorded as a timeout.',
    kind: 'number',
    default: defaultSearchConfig.evaluationTimeoutMs / 1000,
    min: 0.5,
    max: 600,
  },
  {
    name: 'screening',
    label: 'Screening samples',
    description: `Profiles each candidate is scored on first; only one that could still reach the top ${defaultScreening.top} of its island (within ${defaultScreening.z} standard errors) is then scored on all samples, the rest are recorded as screened out. Recorded scores are always on all samples. 0 switches screening off.`,
    kind: 'integer',
    default: defaultScreening.samples,
    min: 0,
    max: 1_000_000,
  },
  ...operatorSpecs,
];

/** The checked search settings, or the first message that says what is wrong. */
export type CheckedSearch =
  | {
      readonly search: RunSettings['search'];
      readonly budget: Budget;
      readonly temperature: number;
      readonly error: null;
    }
  | { readonly search: null; readonly budget: null; readonly temperature: null; readonly error: string };

/** Returns the settings of `raw` (form strings; empty means the default), checked by the core's reader. */
export function checkSearch(raw: Readonly<Record<string, string>>): CheckedSearch {
  try {
    const values = readParameters(searchSpecs, raw);
    const weights = Object.fromEntries(operatorOrder.map((id) => [id, Number(values[id])])) as Record<
      DrawnOperator,
      number
    >;
    if (operatorOrder.every((id) => weights[id] === 0))
      throw new ParameterError('operator weights', 0, 'at least one operator needs a weight above 0');
    const screened = Number(values.screening);
    if (screened >= Number(values.samples))
      throw new ParameterError(
        'screening',
        screened,
        `the first stage must be smaller than the ${values.samples} samples, or 0 to switch screening off`,
      );
    const search: RunSettings['search'] = {
      ...defaultSearchConfig,
      database: { ...defaultSearchConfig.database, islands: Number(values.islands) },
      parentsPerPrompt: Number(values.parents),
      operatorWeights: weights,
      samples: Number(values.samples),
      seed: Number(values.seed),
      evaluationTimeoutMs: Number(values['time-limit']) * 1000,
      screening: screened === 0 ? null : { ...defaultScreening, samples: screened },
    };
    return {
      search,
      budget: { candidates: Number(values.budget) },
      temperature: Number(values.temperature),
      error: null,
    };
  } catch (error) {
    return {
      search: null,
      budget: null,
      temperature: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
