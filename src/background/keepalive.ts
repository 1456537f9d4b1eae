/**
 * Firefox only: keeps the event page running while the connection to the iPBX is up.
 *
 * Firefox stops an event page 30 s (extensions.background.idle.timeout) after the last activity it counts: an event
 * dispatched to one of the page's listeners, or an extension API call from the page that is handled in the parent
 * process. WebSocket frames are not counted, unlike in Chrome ≥ 116, so a connected page with its ping every 20 s
 * was stopped anyway, its socket closed (1001), and it reconnected on the next alarm: a reconnect about every minute
 * (measured in Firefox ESR 153, see docs/firefox.md).
 *
 * While connected, one cheap parent-process call per period (runtime.getPlatformInfo: no permission, no side
 * effect) keeps the page up. When not connected nothing is called, so an unconfigured, failed or offline extension
 * idles out as Firefox intends; the watchdog alarm restarts it.
 */
import type { Browser } from 'webextension-polyfill';
import type { ConnectionStatus } from '../shared/status.ts';

/** Below Firefox's default idle timeout (30 s) with room for a late timer; the same period as the ping. */
export const KEEPALIVE_PERIOD_MS = 20_000;

export interface StatusSource {
  readonly status: ConnectionStatus;
  onStatus(fn: (s: ConnectionStatus) => void): () => void;
}

export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const defaultTimers: IntervalTimers = {
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
};

/** Starts the keepalive; returns a function that stops it. */
export function keepEventPageAlive(
  browser: Pick<Browser, 'runtime'>,
  connection: StatusSource,
  timers: IntervalTimers = defaultTimers,
): () => void {
  let handle: unknown = null;
  const tick = () => void browser.runtime.getPlatformInfo().catch(() => undefined);
  const apply = (s: ConnectionStatus) => {
    if (s.state === 'connected') {
      if (handle === null) handle = timers.setInterval(tick, KEEPALIVE_PERIOD_MS);
    } else if (handle !== null) {
      timers.clearInterval(handle);
      handle = null;
    }
  };
  apply(connection.status);
  const off = connection.onStatus(apply);
  return () => {
    off();
    if (handle !== null) timers.clearInterval(handle);
    handle = null;
  };
}
