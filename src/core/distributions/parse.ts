/**
 * Distribution specs: the text a user types (`uniform:0:1`) and the
 * Distribution it names. Errors are ParameterErrors on the field `dist` that
 * say what was wrong and which formats are allowed.
 */
import { ParameterError } from '../parameters.ts';
import { bimodal, defaultBimodal } from './bimodal.ts';
import type { Distribution } from './distribution.ts';
import { exponential } from './exponential.ts';
import { uniform } from './uniform.ts';

/** The accepted formats, for help texts and error messages. */
export const distributionFormats = [
  'uniform:a:b (values uniform on [a, b], 0 ≤ a < b)',
  'exponential:rate[:capQuantile] (rate > 0; values above the capQuantile quantile, default 0.99, are folded onto it)',
  `bimodal[:mean1:sd1:mean2:sd2[:weight1]] (two normals truncated to [0, 1], means in [0, 1], sd in (0, 1], weight1 in (0, 1); default bimodal:${defaultBimodal.lower.mean}:${defaultBimodal.lower.sd}:${defaultBimodal.upper.mean}:${defaultBimodal.upper.sd}:${defaultBimodal.weight})`,
].join('; ');

const FIELD = 'dist';

function fail(spec: string, what: string): never {
  throw new ParameterError(FIELD, spec, `${what}; formats: ${distributionFormats}`);
}

/** Returns the numeric fields of `spec` after its name, failing on any that is not a number. */
function numbers(spec: string, fields: readonly string[]): number[] {
  return fields.map((field, k) => {
    const value = field.trim() === '' ? Number.NaN : Number(field);
    if (!Number.isFinite(value)) fail(spec, `field ${k + 1} of the spec, "${field}", is not a number`);
    return value;
  });
}

function build(spec: string, name: string, args: number[]): Distribution {
  switch (name) {
    case 'uniform':
      if (args.length !== 2) fail(spec, `uniform takes 2 numbers (a:b), got ${args.length}`);
      return uniform(args[0], args[1]);
    case 'exponential':
      if (args.length < 1 || args.length > 2) {
        fail(spec, `exponential takes 1 or 2 numbers (rate[:capQuantile]), got ${args.length}`);
      }
      return exponential(args[0], args[1]);
    case 'bimodal':
      if (args.length === 0) return bimodal();
      if (args.length !== 4 && args.length !== 5) {
        fail(spec, `bimodal takes 0, 4 or 5 numbers (mean1:sd1:mean2:sd2[:weight1]), got ${args.length}`);
      }
      return bimodal({
        lower: { mean: args[0], sd: args[1] },
        upper: { mean: args[2], sd: args[3] },
        weight: args[4] ?? defaultBimodal.weight,
      });
    default:
      return fail(spec, `unknown distribution "${name}"`);
  }
}

/**
 * Returns the distribution named by `spec`, e.g. `uniform:0:1`,
 * `exponential:2:0.995` or `bimodal`. Throws a ParameterError on `dist` that
 * says what was wrong and lists the formats.
 */
export function parseDistribution(spec: string): Distribution {
  const text = spec.trim();
  const [name, ...fields] = text.split(':');
  if (name.trim() === '') fail(text, 'the spec is empty or lacks a distribution name');
  const args = numbers(text, fields);
  try {
    return build(text, name.trim().toLowerCase(), args);
  } catch (error) {
    if (error instanceof RangeError) fail(text, error.message);
    throw error;
  }
}

/**
 * Returns one distribution per bidder: `spec` is either one spec for all `n`
 * bidders or a comma-separated list of exactly `n` specs.
 */
export function parseDistributionList(spec: string, n: number): Distribution[] {
  const parts = spec.split(',');
  if (parts.length === 1) {
    const dist = parseDistribution(parts[0]);
    return Array.from({ length: n }, () => dist);
  }
  if (parts.length !== n) {
    throw new ParameterError(
      FIELD,
      spec,
      `a list needs exactly one spec per bidder (${n}), got ${parts.length}; or give one spec for all; formats: ${distributionFormats}`,
    );
  }
  return parts.map(parseDistribution);
}
