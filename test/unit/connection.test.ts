/**
 * The connection's state machine (src/background/connection.ts) with fake servers, on both dialects: every test runs
 * over a plain WebSocket and over Socket.IO (describe.each at the bottom of the helpers), so that connecting,
 * keepalive, backoff, reconnecting and the fault cases are the same whatever carries the frames.
 */
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import {
  Connection,
  NotConnectedError,
  type ConnectionOptions,
  type ConnectionTarget,
} from '../../src/background/connection.ts';
import { testConnection } from '../../src/background/connection-test.ts';
import { systemTimers as timers } from '../../src/background/timers.ts';
import { staticToken, TokenError, type TokenSource } from '../../src/background/tokens.ts';
import {
  socketIoTransport,
  type SocketIoLike,
  type SocketIoOptions,
} from '../../src/background/transport/socket-io.ts';
import { websocketTransport, type SocketLike } from '../../src/background/transport/websocket.ts';
import type { Logger } from '../../src/shared/log.ts';
import type { ClientAction, PbxEvent } from '../../src/shared/protocol.ts';
import type { ConnectionStatus } from '../../src/shared/status.ts';
import type { TransportKind } from '../../src/shared/transports.ts';

type CloseEvent = { code: number; reason: string };
type MessageListener = (ev: { data: unknown }) => void;
type CloseListener = (ev: CloseEvent) => void;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** The server's side of one fake connection, the same for both dialects. */
interface FakeServer {
  /** What the client connected to, as the dialect names it. */
  readonly url: string;
  /** Every frame or emit the client sent after it opened, as wire text. */
  readonly sent: string[];
  closedByClient: { code: number | undefined; reason: string | undefined } | null;
  open(): void;
  /** A frame from the iPBX: an object (an event), JSON text, or binary. */
  receive(frame: object | string | ArrayBuffer): void;
  serverClose(code?: number, reason?: string): void;
  /** The sent actions, parsed (answers to the iPBX's own ping left out). */
  frames(): ClientAction[];
}

/** A WebSocket the test drives: it records what the client sends and fires what the server would. */
class FakeWebSocket implements SocketLike, FakeServer {
  binaryType = 'blob';
  readyState = CONNECTING;
  readonly sent: string[] = [];
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null;
  private readonly openListeners: (() => void)[] = [];
  private readonly messageListeners: MessageListener[] = [];
  private readonly closeListeners: CloseListener[] = [];

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState === CONNECTING) throw new Error('InvalidStateError: still connecting');
    if (this.readyState === OPEN) this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = CLOSED;
  }

  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: MessageListener): void;
  addEventListener(type: 'close', listener: CloseListener): void;
  addEventListener(
    type: 'open' | 'error' | 'message' | 'close',
    listener: (() => void) | MessageListener | CloseListener,
  ): void {
    if (type === 'open') this.openListeners.push(listener as () => void);
    else if (type === 'message') this.messageListeners.push(listener as MessageListener);
    else if (type === 'close') this.closeListeners.push(listener as CloseListener);
  }

  open(): void {
    this.readyState = OPEN;
    for (const l of this.openListeners) l();
  }

  receive(frame: object | string | ArrayBuffer): void {
    const data = typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame);
    for (const l of this.messageListeners) l({ data });
  }

  serverClose(code = 1006, reason = ''): void {
    this.readyState = CLOSED;
    for (const l of this.closeListeners) l({ code, reason });
  }

  frames(): ClientAction[] {
    return this.sent.filter((s) => s !== WIRE.websocket.pong).map((s) => JSON.parse(s) as ClientAction);
  }
}

/**
 * A socket.io-client Socket the test drives. The iPBX emits each event object as a named event (the name its event,
 * the rest its payload); JSON text arrives as one 'event' message, parsed as socket.io-client would (numbers become
 * doubles); binary as it is.
 */
class FakeSocketIo implements SocketIoLike, FakeServer {
  readonly sent: string[] = [];
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null;
  private connected = false;
  private readonly listeners = new Map<string, ((...args: never[]) => void)[]>();
  private any: ((name: string, ...args: unknown[]) => void)[] = [];

  constructor(
    readonly url: string,
    readonly options: SocketIoOptions,
  ) {}

  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  onAny(listener: (name: string, ...args: unknown[]) => void): this {
    this.any.push(listener);
    return this;
  }

  emit(name: string, ...args: unknown[]): this {
    if (this.connected) this.sent.push(JSON.stringify([name, ...args]));
    return this;
  }

  disconnect(): this {
    this.closedByClient = { code: undefined, reason: 'io client disconnect' };
    this.connected = false;
    return this;
  }

  private fire(event: 'connect'): void;
  private fire(event: 'connect_error', error: Error): void;
  private fire(event: 'disconnect', reason: string): void;
  private fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  }

  open(): void {
    this.connected = true;
    this.fire('connect');
  }

  receive(frame: object | string | ArrayBuffer): void {
    const deliver = (name: string, ...args: unknown[]) => {
      for (const l of this.any) l(name, ...args);
    };
    if (frame instanceof ArrayBuffer) {
      deliver('event', frame);
    } else if (typeof frame === 'string') {
      let parsed: unknown = frame;
      try {
        parsed = JSON.parse(frame);
      } catch {
        // not JSON: the payload is the text itself
      }
      deliver('event', parsed);
    } else {
      const event: unknown = Reflect.get(frame, 'event');
      const { event: _name, ...payload } = frame as Record<string, unknown>;
      if (typeof event === 'string') deliver(event, payload);
      else deliver('event', frame);
    }
  }

  serverClose(code = 1006, reason = ''): void {
    const wasConnected = this.connected;
    this.connected = false;
    if (!wasConnected) this.fire('connect_error', new Error('websocket error'));
    else this.fire('disconnect', code === 1000 ? 'io server disconnect' : reason || 'transport close');
  }

  frames(): ClientAction[] {
    return this.sent
      .filter((s) => s !== WIRE['socket.io'].pong)
      .map((s) => {
        const [action, payload] = JSON.parse(s) as [string, Record<string, unknown>?];
        return { action, ...payload } as ClientAction;
      });
  }
}

/** How each dialect writes our ping and our pong, and what a close says. */
const WIRE = {
  websocket: {
    ping: '{"action":"ping"}',
    pong: '{"event":"pong"}',
    url: (u: string) => u,
    /** The close detail of a server close before or after the socket opened. */
    closed: (code: number, reason: string, _opened: boolean) =>
      code && code !== 1000 && code !== 1005 ? `code ${code}${reason ? `: ${reason}` : ''}` : undefined,
  },
  'socket.io': {
    ping: '["ping"]',
    pong: '["pong"]',
    url: (u: string) => u.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:'),
    closed: (code: number, reason: string, opened: boolean) =>
      !opened ? 'websocket error' : code === 1000 ? 'io server disconnect' : reason || 'transport close',
  },
} as const;

/** Lets pending promise callbacks (token look-ups, renewals) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

let dialect: TransportKind = 'websocket';

function target(overrides: Partial<ConnectionTarget> = {}): ConnectionTarget {
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
function setup(options: Partial<ConnectionOptions> & { failFirst?: boolean } = {}) {
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

type Settled = { state: 'pending' } | { state: 'resolved' } | { state: 'rejected'; error: unknown };

function track(p: Promise<void>): { readonly outcome: Settled } {
  const box: { outcome: Settled } = { outcome: { state: 'pending' } };
  p.then(
    () => (box.outcome = { state: 'resolved' }),
    (error: unknown) => (box.outcome = { state: 'rejected', error }),
  );
  return box;
}

function notConnectedReason(outcome: Settled): string {
  if (outcome.state !== 'rejected') throw new Error(`expected a rejection, got ${outcome.state}`);
  if (!(outcome.error instanceof NotConnectedError)) throw new Error('expected a NotConnectedError');
  return outcome.error.reason;
}

const ORIGINATE: ClientAction = { action: 'originate', to: '777888999', actionid: 'a1' };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});

afterEach(() => {
  vi.useRealTimers();
});

describe.each(['websocket', 'socket.io'] as const)('over %s', (kind) => {
  beforeEach(() => {
    dialect = kind;
  });

  describe('Connection: connecting and signing in', () => {
    it('starts misconfigured', () => {
      const { conn, sockets } = setup();
      expect(conn.status).toEqual({ state: 'misconfigured', reason: 'cfgNoUrl', since: Date.now() });
      expect(sockets).toHaveLength(0);
    });

    it('configure → connecting → authenticating (auth frame) → connected with the line', async () => {
      const { conn, sockets, socket, statuses, log, allLogText } = setup();
      conn.configure(target());
      expect(conn.status.state).toBe('connecting');
      await settle();
      expect(sockets).toHaveLength(1);
      const s = socket();
      expect(s.url).toBe(WIRE[dialect].url('wss://pbx.test/ws'));
      if (s instanceof FakeWebSocket) expect(s.binaryType).toBe('arraybuffer');
      // Socket.IO over its WebSocket transport only (no XMLHttpRequest in a service worker), our backoff, not its own.
      if (s instanceof FakeSocketIo) {
        expect(s.options).toMatchObject({
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          path: '/ws',
        });
      }
      expect(s.sent).toEqual([]);

      s.open();
      expect(conn.status.state).toBe('authenticating');
      expect(s.frames()).toEqual([{ action: 'auth', token: 'tok-1', identityType: 'line', identityValue: '444' }]);

      s.receive({ event: 'auth', status: 'ok', line: '444' });
      expect(conn.status).toEqual({ state: 'connected', line: '444', since: Date.now() });
      expect(statuses.map((x) => x.state)).toEqual(['connecting', 'authenticating', 'connected']);
      expect(log.info).toHaveBeenCalledWith(`connected and authenticated over ${dialect}`);
      expect(allLogText()).not.toContain('tok-1');
    });

    it('connected without a line when the iPBX does not name one', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      socket().open();
      socket().receive('{"event":"AUTH","status":"OK"}');
      expect(conn.status).toEqual({ state: 'connected', since: Date.now() });
    });

    it('configure with a problem → misconfigured, the socket closed', async () => {
      const { conn, socket, connect } = setup();
      const s = await connect();
      conn.configure({ problem: 'cfgNoIdentity' });
      expect(conn.status).toMatchObject({ state: 'misconfigured', reason: 'cfgNoIdentity' });
      expect(s.closedByClient).not.toBeNull();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(socket()).toBe(s);
    });

    it('a socket that cannot be created → disconnected (unreachable) with a retry', async () => {
      const { conn, sockets } = setup({ failFirst: true });
      conn.configure(target());
      await settle();
      expect(conn.status).toMatchObject({ state: 'disconnected', reason: 'reasonUnreachable', detail: 'bad url' });
      await vi.advanceTimersByTimeAsync(500);
      await settle();
      expect(sockets).toHaveLength(1);
    });
  });

  describe('Connection: authentication failures', () => {
    it('an auth error with a pasted token → auth-failed, no retry', async () => {
      const { conn, sockets, socket, log } = setup();
      conn.configure(target());
      await settle();
      const s = socket();
      s.open();
      s.receive({ event: 'auth', status: 'error', message: 'invalid token' });
      await settle();
      expect(conn.status).toEqual({
        state: 'auth-failed',
        reason: 'reasonAuthRejected',
        detail: 'invalid token',
        since: Date.now(),
      });
      expect(s.closedByClient).not.toBeNull();
      expect(log.warn).toHaveBeenCalledWith('authentication failed: reasonAuthRejected (invalid token)');

      await vi.advanceTimersByTimeAsync(10 * 60_000);
      await settle();
      expect(sockets).toHaveLength(1);
      expect(conn.status.state).toBe('auth-failed');
      await expect(conn.send(ORIGINATE)).rejects.toMatchObject({
        name: 'NotConnectedError',
        reason: 'reasonAuthRejected',
      });
    });

    it('an auth error without a message has no detail', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      socket().open();
      socket().receive({ event: 'auth', status: 'error' });
      await settle();
      expect(conn.status).toEqual({ state: 'auth-failed', reason: 'reasonAuthRejected', since: Date.now() });
    });

    it('the watchdog leaves auth-failed alone; retryNow() tries again', async () => {
      const { conn, sockets, refused } = setup();
      await refused();
      conn.ensureAlive();
      await settle();
      expect(sockets).toHaveLength(1);
      conn.retryNow();
      await settle();
      expect(sockets).toHaveLength(2);
      expect(conn.status.state).toBe('connecting');
    });

    it('with a renewable token: renews once, reconnects with the new token; a second refusal → auth-failed', async () => {
      let token = 'old-token';
      const renew = vi.fn(async () => {
        token = 'new-token';
        return true;
      });
      const tokens: TokenSource = { current: async () => token, renew, refreshIfDue: async () => {} };
      const { conn, sockets, socket } = setup();
      conn.configure(target({ tokens }));
      await settle();
      socket().open();
      expect(socket().frames()[0]).toMatchObject({ action: 'auth', token: 'old-token' });
      socket().receive({ event: 'auth', status: 'error', message: 'expired' });
      await settle();

      expect(renew).toHaveBeenCalledTimes(1);
      expect(sockets).toHaveLength(2);
      expect(socket(0).closedByClient).not.toBeNull();
      socket().open();
      expect(socket().frames()[0]).toMatchObject({ action: 'auth', token: 'new-token' });

      socket().receive({ event: 'auth', status: 'error', message: 'still no' });
      await settle();
      expect(renew).toHaveBeenCalledTimes(1);
      expect(conn.status).toMatchObject({ state: 'auth-failed', reason: 'reasonAuthRejected', detail: 'still no' });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(2);
    });

    it('with a renewable token: the renewed token is accepted → connected', async () => {
      let token = 'old-token';
      const tokens: TokenSource = {
        current: async () => token,
        renew: async () => {
          token = 'new-token';
          return true;
        },
        refreshIfDue: async () => {},
      };
      const { conn, socket } = setup();
      conn.configure(target({ tokens }));
      await settle();
      socket().open();
      socket().receive({ event: 'auth', status: 'error' });
      await settle();
      socket().open();
      socket().receive({ event: 'auth', status: 'ok' });
      expect(conn.status.state).toBe('connected');
    });

    it('a renewal that cannot reach the REST API → disconnected with a retry', async () => {
      const tokens: TokenSource = {
        current: async () => 'tok',
        renew: async () => {
          throw new TokenError('unreachable', 'REST down');
        },
        refreshIfDue: async () => {},
      };
      const { conn, sockets, socket } = setup();
      conn.configure(target({ tokens }));
      await settle();
      socket().open();
      socket().receive({ event: 'auth', status: 'error' });
      await settle();
      expect(conn.status).toMatchObject({
        state: 'disconnected',
        reason: 'reasonRestUnreachable',
        detail: 'REST down',
      });
      expect(conn.status.retryAt).toBe(Date.now() + 500);
      await vi.advanceTimersByTimeAsync(500);
      await settle();
      expect(sockets).toHaveLength(2);
    });

    it.each([
      ['not-signed-in', 'auth-failed', 'reasonNotSignedIn'],
      ['rejected', 'auth-failed', 'reasonSignInAgain'],
      ['unreachable', 'disconnected', 'reasonRestUnreachable'],
      ['bad-response', 'disconnected', 'reasonRestUnreachable'],
    ] as const)('no token (%s) → %s (%s), without opening a socket', async (code, state, reason) => {
      const tokens: TokenSource = {
        current: async () => {
          throw new TokenError(code, 'why');
        },
        renew: async () => false,
        refreshIfDue: async () => {},
      };
      const { conn, sockets } = setup();
      conn.configure(target({ tokens }));
      await settle();
      expect(conn.status).toMatchObject({ state, reason });
      expect(sockets).toHaveLength(0);
    });
  });

  describe('Connection: losing the connection and reconnecting', () => {
    it('handshake timeout → disconnected with retryAt, retried after the backoff delay', async () => {
      const { conn, sockets, socket } = setup();
      conn.configure(target());
      await settle();
      await vi.advanceTimersByTimeAsync(9_999);
      expect(conn.status.state).toBe('connecting');
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.status).toEqual({
        state: 'disconnected',
        reason: 'reasonHandshakeTimeout',
        retryAt: Date.now() + 500,
        since: Date.now(),
      });
      expect(socket().closedByClient).not.toBeNull();

      await vi.advanceTimersByTimeAsync(499);
      expect(sockets).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expect(sockets).toHaveLength(2);
      expect(conn.status.state).toBe('connecting');
    });

    it('honours a custom handshake timeout', async () => {
      const { conn } = setup({ handshakeTimeoutMs: 2_000 });
      conn.configure(target());
      await settle();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(conn.status).toMatchObject({ state: 'disconnected', reason: 'reasonHandshakeTimeout' });
    });

    it('auth timeout → disconnected', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      socket().open();
      await vi.advanceTimersByTimeAsync(9_999);
      expect(conn.status.state).toBe('authenticating');
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.status).toMatchObject({
        state: 'disconnected',
        reason: 'reasonAuthTimeout',
        retryAt: Date.now() + 500,
      });
    });

    it('closed before it opened → unreachable', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      socket().serverClose(1006);
      expect(conn.status).toMatchObject({
        state: 'disconnected',
        reason: 'reasonUnreachable',
        detail: WIRE[dialect].closed(1006, '', false),
      });
    });

    it('closed during auth → reasonClosedDuringAuth with the close code and reason', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      socket().open();
      socket().serverClose(4001, 'identity unknown');
      expect(conn.status).toMatchObject({
        state: 'disconnected',
        reason: 'reasonClosedDuringAuth',
        detail: WIRE[dialect].closed(4001, 'identity unknown', true),
      });
    });

    it('connection lost → disconnected with retryAt; a normal WebSocket close carries no detail', async () => {
      const { conn, sockets, socket, connect } = setup();
      await connect();
      socket().serverClose(1000, 'bye');
      const detail = WIRE[dialect].closed(1000, 'bye', true);
      expect(conn.status).toEqual({
        state: 'disconnected',
        reason: 'reasonConnectionLost',
        ...(detail === undefined ? {} : { detail }),
        retryAt: Date.now() + 500,
        since: Date.now(),
      });
      await vi.advanceTimersByTimeAsync(500);
      await settle();
      expect(sockets).toHaveLength(2);
    });

    it('backs off exponentially and resets after a successful auth', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        socket().serverClose(1006);
        const { retryAt, since } = conn.status;
        delays.push((retryAt ?? 0) - since);
        await vi.advanceTimersByTimeAsync((retryAt ?? 0) - since);
        await settle();
      }
      expect(delays).toEqual([500, 1_000, 2_000, 4_000]);

      socket().open();
      socket().receive({ event: 'auth', status: 'ok' });
      socket().serverClose(1006);
      expect((conn.status.retryAt ?? 0) - conn.status.since).toBe(500);
    });

    it('uses the injected random for the jitter', async () => {
      const { conn, socket } = setup({ random: () => 1 });
      conn.configure(target());
      await settle();
      socket().serverClose(1006);
      expect((conn.status.retryAt ?? 0) - conn.status.since).toBe(1_000);
    });

    it('the watchdog does nothing while a retry is scheduled', async () => {
      const { conn, sockets, socket } = setup();
      conn.configure(target());
      await settle();
      socket().serverClose(1006);
      conn.ensureAlive();
      await settle();
      expect(sockets).toHaveLength(1);
    });
  });

  describe('Connection: keepalive', () => {
    it('pings every 20 s while the iPBX answers', async () => {
      const { conn, socket, connect, log } = setup();
      const s = await connect();
      await vi.advanceTimersByTimeAsync(19_999);
      expect(s.sent).not.toContain(WIRE[dialect].ping);
      await vi.advanceTimersByTimeAsync(1);
      expect(s.sent.filter((f) => f === WIRE[dialect].ping)).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(5_000);
      s.receive({ event: 'pong' });
      await vi.advanceTimersByTimeAsync(15_000);
      expect(s.sent.filter((f) => f === WIRE[dialect].ping)).toHaveLength(2);
      s.receive({ event: 'pong' });
      await vi.advanceTimersByTimeAsync(20_000);
      s.receive({ event: 'pong' });
      expect(s.sent.filter((f) => f === WIRE[dialect].ping)).toHaveLength(3);
      expect(conn.status.state).toBe('connected');
      expect(socket()).toBe(s);
      // Pings are not logged.
      expect(log.debug).not.toHaveBeenCalledWith('sent ping');
    });

    it('any frame counts as an answer to the ping', async () => {
      const { conn, connect } = setup();
      const s = await connect();
      await vi.advanceTimersByTimeAsync(20_000);
      await vi.advanceTimersByTimeAsync(9_000);
      s.receive({ event: 'Hangup', uniqueId: '1' });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(conn.status.state).toBe('connected');
    });

    it('reconnects when nothing arrives within 10 s of a ping', async () => {
      const { conn, sockets, connect } = setup();
      const s = await connect();
      await vi.advanceTimersByTimeAsync(20_000);
      await vi.advanceTimersByTimeAsync(9_999);
      expect(conn.status.state).toBe('connected');
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.status).toMatchObject({
        state: 'disconnected',
        reason: 'reasonKeepaliveTimeout',
        retryAt: Date.now() + 500,
      });
      expect(s.closedByClient).not.toBeNull();
      await vi.advanceTimersByTimeAsync(500);
      await settle();
      expect(sockets).toHaveLength(2);
    });

    it('honours custom ping and pong intervals', async () => {
      const { conn, connect } = setup({ pingIntervalMs: 1_000, pongTimeoutMs: 300 });
      const s = await connect();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(s.sent).toContain(WIRE[dialect].ping);
      await vi.advanceTimersByTimeAsync(300);
      expect(conn.status.reason).toBe('reasonKeepaliveTimeout');
    });

    it('answers a server ping with a pong ({"event":"pong"}, or emit("pong"))', async () => {
      const { conn, events, connect } = setup();
      const s = await connect();
      s.receive({ action: 'ping' });
      expect(s.sent).toContain(WIRE[dialect].pong);
      expect(s.sent[s.sent.length - 1]).toBe(WIRE[dialect].pong);
      expect(events).toEqual([]);
      expect(conn.status.state).toBe('connected');
    });
  });

  describe('Connection: sending', () => {
    it('sends at once when connected', async () => {
      const { conn, connect, log } = setup();
      const s = await connect();
      await conn.send(ORIGINATE);
      expect(s.frames()[1]).toEqual(ORIGINATE);
      expect(log.debug).toHaveBeenCalledWith('sent originate a1');
    });

    it('queues while connecting and flushes in order after auth', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      const first = track(conn.send(ORIGINATE));
      await settle();
      const s = socket();
      s.open();
      const second = track(conn.send({ action: 'hangupcall', uniqueid: '1.5' }));
      await settle();
      expect(s.frames().map((f) => f.action)).toEqual(['auth']);
      expect(first.outcome.state).toBe('pending');

      s.receive({ event: 'auth', status: 'ok' });
      await settle();
      expect(s.frames()).toEqual([
        { action: 'auth', token: 'tok-1', identityType: 'line', identityValue: '444' },
        ORIGINATE,
        { action: 'hangupcall', uniqueid: '1.5' },
      ]);
      expect(first.outcome.state).toBe('resolved');
      expect(second.outcome.state).toBe('resolved');
      // The queue timers are gone: nothing rejects later.
      await vi.advanceTimersByTimeAsync(15_000);
      expect(first.outcome.state).toBe('resolved');
    });

    it('a queued send times out with reasonTimedOut and is never sent', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      const p = track(conn.send(ORIGINATE, 1_000));
      await settle();
      socket().open();
      await vi.advanceTimersByTimeAsync(999);
      expect(p.outcome.state).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(notConnectedReason(p.outcome)).toBe('reasonTimedOut');
      socket().receive({ event: 'auth', status: 'ok' });
      expect(
        socket()
          .frames()
          .map((f) => f.action),
      ).toEqual(['auth']);
    });

    it('a queued send is refused when the connection fails', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      const p = track(conn.send(ORIGINATE));
      await settle();
      socket().serverClose(1006);
      await settle();
      expect(notConnectedReason(p.outcome)).toBe('reasonUnreachable');
    });

    it('a queued send is refused when the settings become unusable', async () => {
      const { conn } = setup();
      conn.configure(target());
      const p = track(conn.send(ORIGINATE));
      conn.configure({ problem: 'cfgNoAuth' });
      await settle();
      expect(notConnectedReason(p.outcome)).toBe('cfgNoAuth');
    });

    it('refuses with NotConnectedError when misconfigured or disconnected', async () => {
      const { conn, socket } = setup();
      const e = await conn.send(ORIGINATE).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NotConnectedError);
      expect(e).toMatchObject({ reason: 'cfgNoUrl', message: 'cfgNoUrl' });

      conn.configure({ problem: 'cfgBadUrl' });
      await expect(conn.send(ORIGINATE)).rejects.toMatchObject({ reason: 'cfgBadUrl' });

      conn.configure(target());
      await settle();
      socket().serverClose(1006);
      await expect(conn.send(ORIGINATE)).rejects.toMatchObject({ reason: 'reasonUnreachable' });
    });

    it('stop() refuses what is queued and does not reconnect', async () => {
      const { conn, sockets, socket } = setup();
      conn.configure(target());
      const p = track(conn.send(ORIGINATE));
      await settle();
      conn.stop();
      await settle();
      expect(notConnectedReason(p.outcome)).toBe('reasonNotConnected');
      expect(socket().closedByClient).not.toBeNull();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
    });
  });

  describe('Connection: online and offline', () => {
    it('setOnline(false) drops the connection without retrying; setOnline(true) reconnects', async () => {
      const { conn, sockets, connect } = setup();
      const s = await connect();
      conn.setOnline(false);
      expect(conn.status).toEqual({ state: 'disconnected', reason: 'reasonOffline', since: Date.now() });
      expect(s.closedByClient).not.toBeNull();
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(sockets).toHaveLength(1);
      await expect(conn.send(ORIGINATE)).rejects.toMatchObject({ reason: 'reasonOffline' });

      conn.setOnline(true);
      expect(conn.status.state).toBe('connecting');
      await settle();
      expect(sockets).toHaveLength(2);
    });

    it('offline before the settings arrive: configure does not open a socket', async () => {
      const { conn, sockets } = setup();
      conn.setOnline(false);
      expect(conn.status.state).toBe('misconfigured');
      conn.configure(target());
      await settle();
      expect(conn.status).toMatchObject({ state: 'disconnected', reason: 'reasonOffline' });
      expect(sockets).toHaveLength(0);
      conn.setOnline(true);
      await settle();
      expect(sockets).toHaveLength(1);
    });

    it('going offline cancels a scheduled retry', async () => {
      const { conn, sockets, socket } = setup();
      conn.configure(target());
      await settle();
      socket().serverClose(1006);
      conn.setOnline(false);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
      expect(conn.status.reason).toBe('reasonOffline');
    });

    it('repeating the same online state does nothing', async () => {
      const { conn, sockets, statuses, connect } = setup();
      await connect();
      const count = statuses.length;
      conn.setOnline(true);
      await settle();
      expect(statuses).toHaveLength(count);
      expect(sockets).toHaveLength(1);
    });
  });

  describe('Connection: frames from the iPBX', () => {
    it('passes call events to the listeners', async () => {
      const { events, connect } = setup();
      const s = await connect();
      s.receive({ event: 'Ringing', from: 777888999, to: '444', uniqueId: 1412256225.194, direction: 'INCOMING' });
      s.receive('{"event":"Hangup","uniqueId":1412256225.1940}');
      expect(events).toEqual([
        {
          event: 'call',
          type: 'ringing',
          uniqueId: '1412256225.194',
          from: '777888999',
          to: '444',
          direction: 'incoming',
        },
        // A JSON frame keeps the number's text; socket.io-client has parsed it into a double already (the documented
        // limit of the Socket.IO dialect).
        { event: 'call', type: 'hangup', uniqueId: dialect === 'websocket' ? '1412256225.1940' : '1412256225.194' },
      ]);
    });

    it('passes originateresponse and error frames; keeps pong, ping and unknown events to itself', async () => {
      const { events, connect, log } = setup();
      const s = await connect();
      s.receive({ event: 'originateresponse', actionid: 'a1', response: 'Success' });
      s.receive({ event: 'error', message: 'No such call', action: 'hangupcall' });
      s.receive({ event: 'pong' });
      s.receive({ event: 'QueueStats', calls: 3 });
      s.receive({ EventName: 'QUEUESTATS', calls: 4 });
      s.receive({ event: 'auth', status: 'ok' });
      expect(events).toEqual([
        { event: 'originateresponse', actionid: 'a1', ok: true },
        { event: 'error', message: 'No such call', action: 'hangupcall' },
      ]);
      // One line per unknown event name (any case), not one per frame.
      expect(log.info.mock.calls.filter(([m]) => m.startsWith('ignored unknown event'))).toEqual([
        ['ignored unknown event "QueueStats"'],
      ]);
    });

    it('a listener can unsubscribe', async () => {
      const { conn, connect } = setup();
      const seen: PbxEvent[] = [];
      const off = conn.onEvent((e) => seen.push(e));
      const s = await connect();
      s.receive({ event: 'Hangup', uniqueId: '1' });
      off();
      s.receive({ event: 'Hangup', uniqueId: '2' });
      expect(seen).toHaveLength(1);
    });

    it('drops a malformed frame with a logged reason and stays connected', async () => {
      const { conn, events, sockets, connect, log } = setup();
      const s = await connect();
      s.receive('this is not JSON');
      s.receive(new ArrayBuffer(4));
      s.receive({ event: 'Ringing', uniqueId: '1' });
      s.receive('[1,2,3]');
      const reasons = {
        websocket: [/^invalid JSON/, 'binary frame', 'ringing: missing "to"', 'frame is not a JSON object'],
        'socket.io': [
          '"event" message without an event object',
          'binary payload',
          'ringing: missing "to"',
          '"event" message without an event object',
        ],
      }[dialect];
      for (const reason of reasons) {
        expect(log.warn).toHaveBeenCalledWith(
          typeof reason === 'string'
            ? `dropped a frame from the iPBX: ${reason}`
            : expect.stringMatching(new RegExp(`^dropped a frame from the iPBX: ${reason.source.slice(1)}`)),
        );
      }
      expect(conn.status.state).toBe('connected');
      expect(events).toEqual([]);
      expect(sockets).toHaveLength(1);
      expect(s.closedByClient).toBeNull();

      // Still fully working afterwards.
      s.receive({ event: 'Hangup', uniqueId: '2' });
      expect(events).toHaveLength(1);
    });

    it('ignores every event of an old socket after a reconfigure', async () => {
      const { conn, sockets, socket, events, statuses } = setup();
      conn.configure(target());
      await settle();
      const old = socket();
      old.open();
      conn.configure(target({ url: 'wss://other.test/ws', identityValue: '445' }));
      await settle();
      expect(sockets).toHaveLength(2);
      expect(old.closedByClient).not.toBeNull();
      const fresh = socket();
      expect(fresh.url).toBe(WIRE[dialect].url('wss://other.test/ws'));

      const before = statuses.length;
      old.open();
      old.receive({ event: 'auth', status: 'ok', line: '444' });
      old.receive({ event: 'Hangup', uniqueId: '1' });
      old.receive({ action: 'ping' });
      old.serverClose(1006);
      expect(statuses).toHaveLength(before);
      expect(conn.status.state).toBe('connecting');
      expect(events).toEqual([]);

      fresh.open();
      expect(fresh.frames()[0]).toMatchObject({ action: 'auth', identityValue: '445' });
      fresh.receive({ event: 'auth', status: 'ok', line: '445' });
      expect(conn.status).toMatchObject({ state: 'connected', line: '445' });
    });

    it('ignores a token that arrives after the settings changed', async () => {
      let release: (t: string) => void = () => {};
      const slow: TokenSource = {
        current: () => new Promise<string>((resolve) => (release = resolve)),
        renew: async () => false,
        refreshIfDue: async () => {},
      };
      const { conn, sockets } = setup();
      conn.configure(target({ tokens: slow }));
      conn.configure({ problem: 'cfgNoUrl' });
      release('late');
      await settle();
      expect(sockets).toHaveLength(0);
      expect(conn.status.state).toBe('misconfigured');
    });
  });

  describe('Connection: the user needs it now (issue 15 §5)', () => {
    /** Fails `n` attempts in a row; the connection then waits for its next retry. */
    async function failTimes(conn: Connection, socket: () => FakeServer, n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        if (i > 0) {
          const { retryAt, since } = conn.status;
          await vi.advanceTimersByTimeAsync((retryAt ?? 0) - since);
          await settle();
        }
        socket().serverClose(1006);
      }
    }

    it('while waiting for the next attempt: tries at once, and the backoff goes on where it was', async () => {
      const { conn, sockets, socket } = setup();
      conn.configure(target());
      await settle();
      await failTimes(conn, socket, 3);
      expect((conn.status.retryAt ?? 0) - conn.status.since).toBe(2_000);
      conn.retryOnIntent();
      expect(conn.status.state).toBe('connecting');
      await settle();
      expect(sockets).toHaveLength(4);
      // The scheduled retry is gone: no second socket when its time comes.
      await vi.advanceTimersByTimeAsync(2_000);
      expect(sockets).toHaveLength(4);
      // A failure now waits as long as the backoff says (the count was not reset by the user's impatience).
      socket().serverClose(1006);
      expect((conn.status.retryAt ?? 0) - conn.status.since).toBe(4_000);
    });

    it('an intent that connects: the attempt count is reset by the successful auth, as always', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      await failTimes(conn, socket, 2);
      conn.retryOnIntent();
      await settle();
      socket().open();
      socket().receive({ event: 'auth', status: 'ok', line: '444' });
      expect(conn.status.state).toBe('connected');
      socket().serverClose(1006);
      expect((conn.status.retryAt ?? 0) - conn.status.since).toBe(500);
    });

    it('never more than one attempt in flight: intents while connecting or authenticating do nothing', async () => {
      const { conn, sockets, socket } = setup();
      conn.configure(target());
      conn.retryOnIntent();
      await settle();
      conn.retryOnIntent();
      conn.retryOnIntent();
      await settle();
      expect(sockets).toHaveLength(1);
      socket().open();
      conn.retryOnIntent();
      await settle();
      expect(sockets).toHaveLength(1);
      expect(conn.status.state).toBe('authenticating');
    });

    it('leaves alone a connected, refused, misconfigured, offline or stopped connection', async () => {
      const connected = setup();
      await connected.connect();
      connected.conn.retryOnIntent();
      await settle();
      expect(connected.sockets).toHaveLength(1);

      const refused = setup();
      await refused.refused();
      refused.conn.retryOnIntent();
      await settle();
      expect(refused.sockets).toHaveLength(1);
      expect(refused.conn.status.state).toBe('auth-failed');

      const misconfigured = setup();
      misconfigured.conn.retryOnIntent();
      await settle();
      expect(misconfigured.sockets).toHaveLength(0);

      const offline = setup();
      await offline.connect();
      offline.conn.setOnline(false);
      offline.conn.retryOnIntent();
      await settle();
      expect(offline.sockets).toHaveLength(1);
      expect(offline.conn.status.reason).toBe('reasonOffline');

      const stopped = setup();
      await stopped.connect();
      stopped.conn.stop();
      stopped.conn.retryOnIntent();
      await settle();
      expect(stopped.sockets).toHaveLength(1);
    });
  });

  describe('Connection: test()', () => {
    it('when connected, answers the current status without touching the socket', async () => {
      const { conn, sockets, connect } = setup();
      await connect();
      await expect(testConnection(conn, timers, 25_000)).resolves.toMatchObject({ state: 'connected', line: '444' });
      expect(sockets).toHaveLength(1);
    });

    it('when misconfigured, answers the problem at once', async () => {
      const { conn } = setup();
      conn.configure({ problem: 'cfgNoUrl' });
      await expect(testConnection(conn, timers, 25_000)).resolves.toMatchObject({
        state: 'misconfigured',
        reason: 'cfgNoUrl',
      });
    });

    it('after an auth failure, tries again now and answers with that attempt’s verdict', async () => {
      const { conn, sockets, socket, refused } = setup();
      await refused();
      const outcome = testConnection(conn, timers, 25_000);
      await settle();
      expect(sockets).toHaveLength(2);
      socket().open();
      await settle();
      socket().receive({ event: 'auth', status: 'ok', line: '445' });
      await expect(outcome).resolves.toMatchObject({ state: 'connected', line: '445' });
    });

    it('a failed attempt answers disconnected with the reason', async () => {
      const { conn, socket } = setup();
      conn.configure(target());
      await settle();
      socket().serverClose(1006);
      await settle();
      const outcome = testConnection(conn, timers, 25_000);
      await settle();
      socket().serverClose(1006);
      await expect(outcome).resolves.toMatchObject({ state: 'disconnected', reason: 'reasonUnreachable' });
    });

    it('an attempt that hangs ends with the status at the deadline', async () => {
      const { conn, socket } = setup({ handshakeTimeoutMs: 60_000 });
      conn.configure(target());
      await settle();
      socket().serverClose(1006);
      await settle();
      const outcome = testConnection(conn, timers, 5_000);
      await vi.advanceTimersByTimeAsync(5_000);
      await expect(outcome).resolves.toMatchObject({ state: 'connecting' });
    });
  });
});
