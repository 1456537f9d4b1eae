/** Reconnect delays: exponential from 1 s, capped at 30 s, with jitter so a PBX restart is not met by a stampede. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;

/** Delay before attempt number `attempt` (0 = first retry). `random` is in [0, 1). */
export function backoffDelay(
  attempt: number,
  random: number,
  baseMs = BACKOFF_BASE_MS,
  capMs = BACKOFF_CAP_MS,
): number {
  const step = Number.isNaN(attempt) ? 0 : Math.min(Math.max(0, attempt), 30);
  const exp = Math.min(capMs, baseMs * 2 ** step);
  // "Equal jitter": between half and the whole of the exponential step.
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0.5;
  return Math.round(exp / 2 + (exp / 2) * r);
}
