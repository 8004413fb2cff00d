import { expect } from 'vitest';
import { ParameterError } from '../../src/core/parameters.ts';

/** Returns the ParameterError thrown by `run`, failing the test if it throws nothing or something else. */
export function parameterErrorOf(run: () => unknown): ParameterError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return error as ParameterError;
  }
  throw new Error('expected a ParameterError');
}
