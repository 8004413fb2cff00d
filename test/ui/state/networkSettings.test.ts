import { describe, expect, it } from 'vitest';
import { defaultSearchConfig } from '../../../src/core/evolution/config.ts';
import { checkNetwork, hasNetwork, networkAdvancedSpecs } from '../../../src/ui/state/networkSettings.ts';

const search = { ...defaultSearchConfig, seed: 7, samples: 2048 };
const parameters = { n: 5, m: 1 };
const defaults = { backend: 'wasm', agreement: false } as const;

describe('checkNetwork', () => {
  it('turns empty fields into the default training request, seeded and scored on the run’s samples', () => {
    expect(checkNetwork({}, defaults, 'vcg-redistribution', parameters, search)).toEqual({
      plan: {
        request: {
          problem: 'vcg-redistribution',
          parameters,
          schedule: { epochs: 30, stepsPerEpoch: 50, learningRate: 0.002, hidden: [16, 16], seed: 7 },
          batchProfiles: 256,
          penalties: { deficit: 10, individualRationality: 5 },
          evaluation: { samples: 2048, seed: 7 },
        },
        backend: 'wasm',
        pbeWeight: 4,
        secondObjective: undefined,
      },
      error: null,
    });
  });

  it('reads every field, the problem’s own penalties and the agreement objective', () => {
    const checked = checkNetwork(
      {
        'nn-epochs': '3',
        'nn-steps': '20',
        'nn-batch': '64',
        'nn-rate': '0.01',
        'nn-hidden': ' 8, 4 ,2',
        'nn-pbe': '0',
        'nn-penalty-monotonicity': '3',
        'nn-penalty-maxRaise': '0.1',
        // Typed for the redistribution network before the problem changed: ignored.
        'nn-penalty-deficit': '99',
      },
      { backend: 'cpu', agreement: true },
      'correlated-revenue',
      {},
      search,
    );
    expect(checked.error).toBeNull();
    expect(checked.plan?.request.schedule).toEqual({
      epochs: 3,
      stepsPerEpoch: 20,
      learningRate: 0.01,
      hidden: [8, 4, 2],
      seed: 7,
    });
    expect(checked.plan?.request.batchProfiles).toBe(64);
    expect(checked.plan?.request.penalties).toEqual({ monotonicity: 3, maxRaise: 0.1 });
    expect(checked.plan).toMatchObject({ backend: 'cpu', pbeWeight: 0, secondObjective: 'agreement' });
  });

  it('says what is wrong with a bad field', () => {
    const check = (raw: Record<string, string>) =>
      checkNetwork(raw, defaults, 'vcg-redistribution', parameters, search).error;
    expect(check({ 'nn-epochs': '0' })).toBe('nn-epochs = "0" is not allowed: a whole number from 1 to 1000');
    expect(check({ 'nn-hidden': '16,x' })).toBe(
      'hidden widths = "16,x" is not allowed: 1 to 4 whole numbers from 1 to 512, like 16,16',
    );
    expect(check({ 'nn-hidden': '1,1,1,1,1' })).toContain('1 to 4 whole numbers');
    expect(check({ 'nn-penalty-deficit': '-1' })).toBe(
      'nn-penalty-deficit = "-1" is not allowed: a number from 0 to 1000',
    );
  });
});

describe('the network fields', () => {
  it('exist for the two problems with a network, with their penalties', () => {
    expect(hasNetwork('vcg-redistribution')).toBe(true);
    expect(hasNetwork('correlated-revenue')).toBe(true);
    expect(hasNetwork('single-item-revenue')).toBe(false);
    expect(networkAdvancedSpecs('correlated-revenue').map((spec) => spec.name)).toEqual([
      'nn-hidden',
      'nn-steps',
      'nn-batch',
      'nn-rate',
      'nn-penalty-monotonicity',
      'nn-penalty-maxRaise',
    ]);
  });
});
