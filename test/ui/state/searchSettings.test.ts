import { describe, expect, it } from 'vitest';
import { defaultSearchConfig } from '../../../src/core/evolution/config.ts';
import { defaultScreening } from '../../../src/core/evolution/screening.ts';
import { checkSearch, searchSpecs } from '../../../src/ui/state/searchSettings.ts';

const defaults = Object.fromEntries(searchSpecs.map((spec) => [spec.name, String(spec.default)]));

describe('checkSearch', () => {
  it('gives the default search of the core for the form’s defaults, and for empty fields', () => {
    const expected = {
      search: defaultSearchConfig,
      budget: { candidates: 60 },
      temperature: 0.8,
      error: null,
    };
    expect(checkSearch(defaults)).toEqual(expected);
    expect(checkSearch({})).toEqual(expected);
  });

  it('reads every field into the run settings', () => {
    const checked = checkSearch({
      ...defaults,
      budget: '6',
      islands: '2',
      parents: '3',
      temperature: '0.5',
      samples: '1024',
      seed: '11',
      'time-limit': '2.5',
      screening: '128',
      e1: '0',
    });
    expect(checked.search).toEqual({
      ...defaultSearchConfig,
      database: { ...defaultSearchConfig.database, islands: 2 },
      parentsPerPrompt: 3,
      operatorWeights: { funsearch: 4, e1: 0, e2: 1, m1: 2, m2: 2 },
      samples: 1024,
      seed: 11,
      evaluationTimeoutMs: 2500,
      screening: { ...defaultScreening, samples: 128 },
    });
    expect(checked.budget).toEqual({ candidates: 6 });
    expect(checked.temperature).toBe(0.5);
  });

  it('switches screening off with 0, and on by default with the core’s first stage', () => {
    expect(checkSearch({ ...defaults, screening: '0' }).search?.screening).toBeNull();
    expect(checkSearch(defaults).search?.screening).toEqual(defaultScreening);
    expect(defaultScreening).toEqual({ samples: 512, top: 3, z: 3 });
  });

  it.each([
    [{ islands: '0' }, 'islands = "0" is not allowed: a whole number from 1 to 16'],
    [{ parents: '2.5' }, 'parents = "2.5" is not allowed: a whole number from 1 to 8'],
    [{ temperature: 'hot' }, 'temperature = "hot" is not allowed: a number from 0 to 2'],
    [{ samples: '100' }, 'samples = "100" is not allowed: a whole number from 256 to 1000000'],
    [{ seed: '-1' }, 'seed = "-1" is not allowed: a whole number from 0 to 2147483647'],
    [{ m1: '101' }, 'm1 = "101" is not allowed: a number from 0 to 100'],
    [{ screening: '-1' }, 'screening = "-1" is not allowed: a whole number from 0 to 1000000'],
    [
      { samples: '512', screening: '512' },
      'screening = 512 is not allowed: the first stage must be smaller than the 512 samples, or 0 to switch screening off',
    ],
    [
      { funsearch: '0', e1: '0', e2: '0', m1: '0', m2: '0' },
      'operator weights = 0 is not allowed: at least one operator needs a weight above 0',
    ],
  ])('refuses %j with the core’s message', (raw, message) => {
    expect(checkSearch({ ...defaults, ...raw })).toEqual({
      search: null,
      budget: null,
      temperature: null,
      error: message,
    });
  });
});
