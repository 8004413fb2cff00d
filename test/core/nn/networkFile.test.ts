import { describe, expect, it } from 'vitest';
import { NetworkFileError, readNetworkFile } from '../../../src/core/nn/networkFile.ts';
import { baileyCavalloMlp, networkFile } from './fixtures.ts';

const valid = networkFile('vcg-redistribution', { n: 4, m: 1 }, baileyCavalloMlp);

/** Returns a deep copy of the valid file with `change` applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break the file in arbitrary places
function edited(change: (file: any) => void): unknown {
  const copy = JSON.parse(JSON.stringify(valid));
  change(copy);
  return copy;
}

function message(json: unknown): string {
  try {
    readNetworkFile(json);
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkFileError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be rejected');
}

describe('readNetworkFile', () => {
  it('reads back a network file written as JSON, unchanged', () => {
    expect(readNetworkFile(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });

  it('names what is wrong and where', () => {
    expect(message({ format: 'mechlab-run' })).toBe(
      "this is not a MechLab network file (its format is not 'mechlab-network')",
    );
    expect(message(null)).toMatch(/not a MechLab network file/);
    expect(message(edited((f) => (f.mlp.layers[0].weights = [0, 1])))).toBe(
      'invalid network file: mlp: layer 0 has 2 weights; 3 inputs × 1 outputs need 3',
    );
    expect(message(edited((f) => (f.mlp.layers[1].inputs = 2)))).toMatch(/layer 1 has 1 weights; 2 inputs/);
    expect(message(edited((f) => (f.mlp.layers[1].activation = 'relu')))).toBe(
      'invalid network file: mlp: hidden layers use relu and the output layer is linear',
    );
    expect(message(edited((f) => (f.training.backend = 'webgpu')))).toBe(
      "invalid network file: training.backend is 'webgpu'; expected cpu or wasm",
    );
    expect(message(edited((f) => (f.mlp.layers[0].biases = ['x'])))).toBe(
      "invalid network file: mlp.layers[0].biases[0] is 'x'; expected a finite number",
    );
    expect(message(edited((f) => delete f.kind))).toBe('invalid network file: kind is missing');
    expect(message(edited((f) => (f.extra = 1)))).toBe(
      'invalid network file: the file has an unknown field "extra"',
    );
    expect(message(edited((f) => (f.kind = 'allocation')))).toBe(
      "invalid network file: kind is 'allocation'; a vcg-redistribution network is 'rebate'",
    );
    expect(message(edited((f) => (f.problem = 'single-item-revenue')))).toBe(
      "invalid network file: problem is 'single-item-revenue'; expected vcg-redistribution or correlated-revenue",
    );
  });
});
