import { describe, expect, it } from 'vitest';
import { runBaselines } from '../../src/platform/baselines.ts';
import { baileyCavalloMlp, networkFile } from '../core/nn/fixtures.ts';

// The figures themselves are checked in the browser against `mechlab baselines` (test/e2e/setup.test.ts);
// here, the checks that happen before any worker starts (Node has no Web Worker).
describe('runBaselines', () => {
  it('rejects bad parameters with the core’s ParameterError before starting a worker', async () => {
    await expect(runBaselines('single-item-revenue', { n: '0' }, 1, 4096)).rejects.toMatchObject({
      name: 'ParameterError',
      message: 'n = "0" is not allowed: a whole number from 1 to 10',
    });
    await expect(runBaselines('single-item-revenue', { bidders: 2 }, 1, 4096)).rejects.toThrow(
      'bidders = 2 is not allowed: not a parameter of this problem',
    );
  });

  it('rejects a seed or a sample count that a run cannot have', async () => {
    await expect(runBaselines('single-item-revenue', {}, 1.5, 4096)).rejects.toThrow(
      'seed = 1.5 is not allowed: a whole number from 0 to 2147483647',
    );
    await expect(runBaselines('vcg-redistribution', {}, 1, 0)).rejects.toThrow(
      'samples = 0 is not allowed: a whole number from 1 to 10000000',
    );
  });

  it('rejects a network trained for another setting before starting a worker', async () => {
    const atFour = networkFile('vcg-redistribution', { n: 4, m: 1 }, baileyCavalloMlp);
    await expect(runBaselines('vcg-redistribution', { n: 5, m: 1 }, 1, 4096, atFour)).rejects.toMatchObject({
      name: 'NetworkMismatchError',
      message: expect.stringContaining('the network was trained for vcg-redistribution n=4') as unknown,
    });
    await expect(runBaselines('correlated-revenue', {}, 1, 4096, atFour)).rejects.toMatchObject({
      name: 'NetworkMismatchError',
      message: expect.stringContaining('train a network for this setting') as unknown,
    });
  });
});
