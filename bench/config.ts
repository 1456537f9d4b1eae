/** What `npm run bench` runs (page sizes, repeats, scenario settings) and the goals it judges the figures by. */
export const TABLE_SIZES = [1_000, 10_000, 50_000] as const;
/** Runs per size (each on its own numbers, so the background's cache never answers): the median run is reported. */
export const REPEATS: Record<number, number> = { 1000: 3, 10000: 3, 50000: 5 };
/** The 50k table is watched rendering for this long after load, then rendering is switched off so the scan can finish. */
export const VISIBLE_CAP_MS = 25_000;
export const SPA = { rows: 2_000, intervalMs: 500, renders: 10 };
export const LATE = { count: 5, gapMs: 400 };
export const IDLE_WINDOW_MS = 3_000;
/**
 * Loads of the prose page, each with its own first-reader walk: the idle figure is the median of their ratios. One
 * load's ratio swings from 0.9× to 4× on this project's machine (two shared cores), so one load judges nothing.
 */
export const IDLE_RUNS = 5;
export const PROSE_BYTES = 1_000_000;

export const GOALS = {
  longestTaskMs: 50,
  scriptVsBareWalk: 3,
  /**
   * "Linear": between two sizes, scan time grows like size^k; k = 1 is linear. Allowed up to this exponent (fixed
   * costs make k < 1 between small sizes; GC of a growing heap pushes it above 1).
   */
  linearExponent: 1.25,
  lateNumberMs: 150,
  injectedGzipBytes: 40 * 1024,
  /**
   * Idle cost, as a ratio: all our main-thread time on 1 MB of prose without numbers, against a bare walk of the same
   * page as its first reader, measured in the same run (an absolute figure was below what any content script pays to
   * read a 1 MB page once).
   */
  idleVsFirstReaderWalk: 1.5,
  /** The checks at a click: from the pointer's release to the message leaving (bench/clicks.ts). */
  clickChecksMs: 2,
};
/** Clicks measured per run: on prose marks after a rest, on cells of the 10k table after a rest, and with no rest. */
export const CLICKS = { prose: 20, table: 10, quick: 8, hoverMs: 300 };
