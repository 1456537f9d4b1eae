/**
 * Shared setup of the connection's tests (src/background/connection.ts): a Connection over fake servers in the dialect
 * of the running suite, and describeOverDialects, which runs a suite over a plain WebSocket and over Socket.IO with
 * fake timers, so that connecting, keepalive, backoff, reconnecting and the fault cases are the same whatever carries
 * the frames.
 */
import { afterEach, beforeEach, describe, expect, vi } from 'vitest';
import {
  Connection,
  NotConnectedError,
  type ConnectionOptions,
  type ConnectionTarget,
} from '../../../src/background/connection.ts';
import { systemTimers as timers } from '../../../src/background/timers.ts';
import { staticToken } from '../../../src/background/tokens.ts';
import { socketIoTransport } from '../../../src/background/transport/socket-io.ts';
import { websocketTransport } from '../../../src/background/transport/websocket.ts';
import type { Logger } from '../../../src/shared/log.ts';
import type { ClientAction, PbxEvent } from '../../../src/shared/protocol.ts';
import type { ConnectionStatus } from '../../../src/shared/status.ts';
import type { TransportKind } from '../../../src/shared/transports.ts';
import { FakeSocketIo, FakeWebSocket, type FakeServer } from './fake-sockets.ts';

/** Lets pending promise callbacks (token look-ups, renewals) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

export let dialect: TransportKind = 'websocket';

export function target(overrides: Partial<ConnectionTarget> = {}): ConnectionTarget {
  return {
    url: 'wss://pbx.test/ws',
    transport: dialect,
    identityType: 'line',
    identityValue: '444',
    tokens: staticToken('tok-1'),
    ...overrides,
  };
}

/** A connection over the dialect of the running suite; `failFirst`: the first socket cannot even be created. */
export function setup(options: Partial<ConnectionOptions> & { failFirst?: boolean } = {}) {
  const sockets: FakeServer[] = [];
  let failing = options.failFirst === true;
  const made = <T extends FakeServer>(s: T): T => {
    if (failing) {
      failing = false;
      throw new SyntaxError('bad url');
    }
    sockets.push(s);
    return s;
  };
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
  const conn = new Connection({
    transports: {
      websocket: websocketTransport((url) => made(new FakeWebSocket(url))),
      'socket.io': socketIoTransport((uri, opts) => made(new FakeSocketIo(`${uri}${opts.path}`, opts))),
    },
    log,
    timers,
    now: () => Date.now(),
    random: () => 0,
    ...options,
  });
  const statuses: ConnectionStatus[] = [];
  const events: PbxEvent[] = [];
  conn.onStatus((s) => statuses.push(s));
  conn.onEvent((e) => events.push(e));
  const socket = (i = sockets.length - 1): FakeServer => {
    const s = sockets[i];
    if (!s) throw new Error(`no socket #${i}`);
    return s;
  };
  /** Configures, opens the socket and answers the auth: connected. */
  const connect = async (t: ConnectionTarget = target(), line = '444'): Promise<FakeServer> => {
    conn.configure(t);
    await settle();
    const s = socket();
    s.open();
    s.receive({ event: 'auth', status: 'ok', line });
    expect(conn.status.state).toBe('connected');
    return s;
  };
  /** Configures, opens the socket and refuses the auth: auth-failed. */
  const refused = async (): Promise<void> => {
    conn.configure(target());
    await settle();
    socket().open();
    socket().receive({ event: 'auth', status: 'error', message: 'no' });
    await settle();
  };
  const allLogText = (): string =>
    [log.debug, log.info, log.warn, log.error].flatMap((fn) => fn.mock.calls.map((c) => String(c[0]))).join('\n');
  return { conn, sockets, socket, log, statuses, events, connect, refused, allLogText };
}

export type Settled = { state: 'pending' } | { state: 'resolved' } | { state: 'rejected'; error: unknown };

export function track(p: Promise<void>): { readonly outcome: Settled } {
  const box: { outcome: Settled } = { outcome: { state: 'pending' } };
  p.then(
    () => (box.outcome = { state: 'resolved' }),
    (error: unknown) => (box.outcome = { state: 'rejected', error }),
  );
  return box;
}

export function notConnectedReason(outcome: Settled): string {
  if (outcome.state !== 'rejected') throw new Error(`expected a rejection, got ${outcome.state}`);
  if (!(outcome.error instanceof NotConnectedError)) throw new Error('expected a NotConnectedError');
  return outcome.error.reason;
}

export const ORIGINATE: ClientAction = { action: 'originate', to: '777888999', actionid: 'a1' };

/** Runs `suite` as `title` once over each dialect (`dialect` says which), with fake timers at a fixed time. */
export function describeOverDialects(title: string, suite: () => void): void {
  describe.each(['websocket', 'socket.io'] as const)('over %s', (kind) => {
    beforeEach(() => {
      vi.useFakeTimers();
      vi.setSystemTime(1_700_000_000_000);
      dialect = kind;
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    describe(title, suite);
  });
}
