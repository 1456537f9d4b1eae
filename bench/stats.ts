/** Rounding and medians for the figures of `npm run bench`. */
export const r1 = (x: number): number => Math.round(x * 10) / 10;
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
