/**
 * What `npm run bench:load` runs, and its goals. LOAD_RATE (events per second), LOAD_DURATION_MS and LOAD_CALLS (calls
 * alive at once) change the load; `--transport` or LOAD_TRANSPORT the dialect.
 */
export const RATE_PER_S = Number(process.env.LOAD_RATE ?? 1000);
export const DURATION_MS = Number(process.env.LOAD_DURATION_MS ?? 10_000);
export const CONCURRENT = Number(process.env.LOAD_CALLS ?? 200);
export const TICK_MS = 10;
export const QUERY_EVERY_MS = 20;
export const KEEP_AFTER = 20;
export const SETTLE_MS = 2000;
export const LINE = '444';
export const USER = 'alice';
/** Goals. Notifications: "a few" individual ones (the notifier's MAX_INDIVIDUAL is 3) plus one summary, one spare. */
export const GOAL_P99_MS = 100;
export const GOAL_MAX_OPEN_NOTIFICATIONS = 5;
/** How long after the burst the probes wait for late answers, and the final comparison for its snapshot. */
export const PROBE_GRACE_MS = 20_000;
export const SNAPSHOT_WAIT_MS = 150_000;
export const WATCHDOG_MS = 300_000;
/** LOAD_PROFILE=<dir>: CPU profiles of the worker and the popup's renderer during the burst, written to <dir>. */
export const PROFILE_DIR = process.env.LOAD_PROFILE ?? '';

export type Dialect = 'websocket' | 'socket.io';

/** `--transport websocket|socket.io|both` (or LOAD_TRANSPORT): which dialects to run, one after the other. */
export function dialectsToRun(): Dialect[] {
  const at = process.argv.indexOf('--transport');
  const asked = (at >= 0 ? process.argv[at + 1] : process.env.LOAD_TRANSPORT) ?? 'websocket';
  if (asked === 'both') return ['websocket', 'socket.io'];
  if (asked === 'websocket' || asked === 'socket.io') return [asked];
  throw new Error(`--transport ${asked}: expected websocket, socket.io or both`);
}
