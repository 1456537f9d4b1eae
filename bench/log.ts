/** Progress of `npm run bench` on stderr (stdout carries the JSON alone), timed from the start of the run. */
export const T0 = Date.now();
export const log = (...args: unknown[]): void =>
  console.error(`[bench ${((Date.now() - T0) / 1000).toFixed(1).padStart(6)} s]`, ...args);
