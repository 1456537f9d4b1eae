/**
 * Which dialect answers at an iPBX URL ("Test connection", issue 15 §3): each dialect's own transport opens there,
 * and one that completes its handshake answered. For Socket.IO that is its whole handshake (engine.io open, then the
 * namespace's connect); for a plain WebSocket the upgrade (a Socket.IO server refuses a plain upgrade without its
 * EIO parameter, so one does not pass for the other). Nothing is sent: no token leaves for a probe.
 */
import type { DialectAnswer } from '../../shared/messages.ts';
import { TRANSPORTS, type TransportKind } from '../../shared/transports.ts';
import { DEFAULT_SOCKET_IO_PATH, socketIoAddress } from './socket-io.ts';
import type { OpenTransport, Transports } from './types.ts';

/** The URL it answered at: the one asked, or for Socket.IO its default path on the same host. */
export type { DialectAnswer };

export const PROBE_TIMEOUT_MS = 5_000;

/** Opens, waits for the handshake (or a failure, or the deadline), closes. */
function answers(open: OpenTransport, url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    let close = (): void => undefined;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      close();
      resolve(ok);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    try {
      const transport = open(url, {
        opened: () => settle(true),
        received: () => undefined,
        closed: () => settle(false),
      });
      close = () => transport.close();
      if (settled) transport.close();
    } catch {
      settle(false);
    }
  });
}

/** The URLs to try a dialect at: the one given; for Socket.IO also its default path when the URL names another. */
export function probeUrls(url: string, dialect: TransportKind): string[] {
  if (dialect === 'websocket') return [url];
  const { path } = socketIoAddress(url);
  if (path === DEFAULT_SOCKET_IO_PATH) return [url];
  const u = new URL(url);
  return [url, `${u.protocol}//${u.host}${DEFAULT_SOCKET_IO_PATH}${u.search}`];
}

/** Every dialect that answers at `url` (both are asked at once), in the order of TRANSPORTS. */
export async function probeDialects(
  url: string,
  transports: Transports,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<DialectAnswer[]> {
  const tries = TRANSPORTS.flatMap((dialect) => probeUrls(url, dialect).map((at) => ({ dialect, url: at })));
  const ok = await Promise.all(tries.map((t) => answers(transports[t.dialect], t.url, timeoutMs)));
  // One answer per dialect: the first URL of its list that answered.
  return TRANSPORTS.flatMap((dialect) => tries.filter((t, i) => t.dialect === dialect && ok[i]).slice(0, 1));
}
