/** Rounding and medians for the figures of `npm run bench`. */
export const r1 = (x: number): number => Math.round(x * 10) / 10;
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The q-quantile by the nearest-rank definition: the smallest value with at least q of the values at or below it (the
 * 9th of 10 for the 90th percentile, not the largest). Null for no values.
 */
export const nearestRank = (xs: number[], q: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil(q * s.length))) - 1] ?? null;
};
