// Rounding and printing numbers: the whole-number fast paths give what the decimal-string shifts give, and a
// figure written with an exponent (1e21, 2.5e-7) is shifted through its digits, not turned into NaN.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../src/core/answers/format-value.js';
import { roundTo } from '../src/core/scoring/round.js';

describe('roundTo', () => {
  it('rounds at the decimal place as written, not as stored (1.005 → 1.01, 2.675 → 2.68)', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(4.56, 1, 'floor')).toBe(4.5);
    expect(roundTo(4.51, 1, 'ceil')).toBe(4.6);
  });

  it('keeps a whole number as it is in every mode, and never gives -0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('half_up' as const, 'floor' as const, 'ceil' as const),
        (n, d, mode) => Object.is(roundTo(n, d, mode), n === 0 ? 0 : n),
      ),
    );
    expect(Object.is(roundTo(-0, 2), 0)).toBe(true);
  });

  it('keeps a whole number too large for the decimal shifts or prints with an exponent (both used to become NaN)', () => {
    expect(roundTo(1e15, 6)).toBe(1e15);
    expect(roundTo(1e21, 2, 'floor')).toBe(1e21);
    // Twelve significant digits are kept (float noise is dropped first), at any size.
    expect(roundTo(1500000000000000.5, 6)).toBe(1.5e15);
    expect(roundTo(1.5e-7, 6)).toBe(0);
    // Float noise left by a subtraction (5.55e-17) rounds to 0.
    expect(roundTo(0.1 + 0.2 - 0.3, 2)).toBe(0);
    expect(roundTo(2.5e-7, 7)).toBe(3e-7);
  });
});

describe('formatNumber', () => {
  it('prints whole numbers as they are and fractions without float noise or trailing zeros', () => {
    expect(formatNumber(98)).toBe('98');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(96.10000000001)).toBe('96.1');
    expect(formatNumber(1e-7)).toBe('0');
    fc.assert(fc.property(fc.integer(), (n) => formatNumber(n) === String(n === 0 ? 0 : n)));
  });
});
