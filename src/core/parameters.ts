/**
 * Problem parameters: a schema every problem declares, and the one reader
 * that turns raw values (CLI flags, form fields, run files) into checked
 * numbers and strings, with an error that names the field, the value and
 * what is allowed.
 */

export interface ParameterSpec {
  /** The name used as a CLI flag (`--n`) and as the key in run files. */
  readonly name: string;
  readonly label: string;
  /** One line for the UI and `mechlab problems`. */
  readonly description: string;
  readonly kind: 'integer' | 'number' | 'text';
  readonly default: number | string;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
  /** For text: the accepted format, shown in help and errors. */
  readonly format?: string;
}

/** Values as given by a user: strings from a CLI or form, or numbers. */
export type RawParameters = Readonly<Record<string, string | number | undefined>>;

/** Checked values, one per spec, defaults filled in. */
export type ParameterValues = Readonly<Record<string, number | string>>;

/** A parameter value that is not allowed; `message` says which, and what is. */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field} = ${JSON.stringify(value)} is not allowed: ${allowed}`);
  }
}

function allowedRange(spec: ParameterSpec): string {
  const what = spec.kind === 'integer' ? 'a whole number' : 'a number';
  if (spec.min !== undefined && spec.max !== undefined) return `${what} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${what} ≥ ${spec.min}`;
  if (spec.max !== undefined) return `${what} ≤ ${spec.max}`;
  return what;
}

function readOne(spec: ParameterSpec, raw: string | number | undefined): number | string {
  if (raw === undefined || raw === '') return spec.default;
  if (spec.kind === 'text') return String(raw).trim();
  const value = typeof raw === 'number' ? raw : Number(raw.trim());
  const integral = spec.kind === 'integer' ? Number.isInteger(value) : true;
  const inRange =
    Number.isFinite(value) &&
    (spec.min === undefined || value >= spec.min) &&
    (spec.max === undefined || value <= spec.max);
  if (!integral || !inRange) throw new ParameterError(spec.name, raw, allowedRange(spec));
  return value;
}

/**
 * Returns the checked values of `raw` against `specs`: defaults for missing
 * fields, numbers parsed and range-checked. Unknown fields are an error too,
 * so a typo (`--nn 5`) is never silently ignored.
 */
export function readParameters(specs: readonly ParameterSpec[], raw: RawParameters): ParameterValues {
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(raw)) {
    if (raw[key] !== undefined && !known.has(key)) {
      throw new ParameterError(
        key,
        raw[key],
        `not a parameter of this problem; known: ${[...known].join(', ')}`,
      );
    }
  }
  const values: Record<string, number | string> = {};
  for (const spec of specs) values[spec.name] = readOne(spec, raw[spec.name]);
  return values;
}

/** Returns the default values of `specs`. */
export function defaultParameters(specs: readonly ParameterSpec[]): ParameterValues {
  return readParameters(specs, {});
}
