/** Progress of `npm run bench:load` on stderr (stdout carries the JSON alone), timed from the start of the run. */
export const T0 = Date.now();
export const log = (...args: unknown[]): void =>
  console.error(`[load ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)} s]`, ...args);
