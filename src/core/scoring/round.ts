export type RoundMode = 'half_up' | 'floor' | 'ceil';

/**
 * Decimal rounding that does not trip over binary floats (1.005 → 1.01 half up):
 * shift by the exponent in the number's decimal string, not by multiplying.
 */
export function roundTo(x: number, decimals: number, mode: RoundMode = 'half_up'): number {
  if (!Number.isFinite(x)) return x;
  // A whole number is its own rounding at any place (the common score); the string shifts cost a turn µs.
  if (Number.isInteger(x) && decimals >= 0) return x === 0 ? 0 : x;
  // Strip float noise first (0.1+0.2), then round at the wanted place.
  const clean = Number(x.toPrecision(12));
  const shifted = shift(clean, decimals);
  const r =
    mode === 'floor'
      ? Math.floor(shifted + 1e-9)
      : mode === 'ceil'
        ? Math.ceil(shifted - 1e-9)
        : Math.sign(shifted) * Math.round(Math.abs(shifted));
  const out = shift(r, -decimals);
  return Object.is(out, -0) ? 0 : out;
}

/** x × 10^k through the decimal string, also when x prints with an exponent (1.5e+21). */
function shift(x: number, k: number): number {
  const s = String(x);
  const e = s.indexOf('e');
  return e < 0 ? Number(`${s}e${k}`) : Number(`${s.slice(0, e)}e${Number(s.slice(e + 1)) + k}`);
}

/** How a score is printed: the rounded value without trailing zeros (13, 8.5, 0.33). */
export function formatScore(x: number): string {
  // toFixed is slow and the review prints two of these per line; integers are the common case.
  if (Number.isInteger(x)) return String(x);
  const r = Math.round(x * 1e6) / 1e6;
  return String(r === 0 ? 0 : r);
}
