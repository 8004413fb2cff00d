import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParameterError } from '../../../../src/core/parameters.ts';
import { parseModel } from '../../../../src/core/problems/correlated-revenue/models.ts';

describe('parseModel(text)', () => {
  it('reads common:ρ and copula:ρ, tolerating case and spaces, and gives a canonical spec', () => {
    expect(parseModel('common:0.5')).toMatchObject({ kind: 'common', rho: 0.5, spec: 'common:0.5' });
    expect(parseModel(' Copula : 0.30 ')).toMatchObject({ kind: 'copula', rho: 0.3, spec: 'copula:0.3' });
    expect(parseModel('copula:0')).toMatchObject({ kind: 'copula', rho: 0 });
    expect(parseModel('common:0.95').rho).toBe(0.95);
  });

  it('rejects anything else with a ParameterError that names the field, the value and the format', () => {
    for (const text of [
      '',
      'common',
      'gaussian:0.5',
      'common:abc',
      'common:1',
      'copula:-0.1',
      'common:0.5:1',
      'common:NaN',
    ]) {
      let error: unknown;
      try {
        parseModel(text);
      } catch (caught) {
        error = caught;
      }
      expect(error, text).toBeInstanceOf(ParameterError);
      const parameterError = error as ParameterError;
      expect(parameterError.field).toBe('model');
      expect(parameterError.value).toBe(text);
      expect(parameterError.message).toMatch(/common:ρ or copula:ρ/);
      expect(parameterError.message).toMatch(/0\.95/);
    }
  });

  it('conditionalVirtualValues(values, out) agrees with conditionalVirtualValue(values, i) for every bidder', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('common', 'copula'),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (kind, rho, values) => {
          const model = parseModel(`${kind}:${rho}`);
          const out = new Float64Array(values.length);
          model.conditionalVirtualValues(values, out);
          for (let i = 0; i < values.length; i++) {
            // Equal up to the order of a floating-point sum.
            const one = model.conditionalVirtualValue(values, i);
            if (one === -Infinity) expect(out[i]).toBe(-Infinity);
            else expect(Math.abs(out[i] - one)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(one)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the marginal of both models is symmetric around 1/2 on [0, 1], U[0, 1] for the copula', () => {
    for (const text of ['common:0', 'common:0.4', 'copula:0.7']) {
      const { marginal } = parseModel(text);
      expect(marginal.low).toBe(0);
      expect(marginal.high).toBeCloseTo(1, 15);
      expect(marginal.quantile(0.5)).toBeCloseTo(0.5, 12);
    }
    expect(parseModel('copula:0.7').marginal.spec).toBe('uniform:0:1');
  });
});
