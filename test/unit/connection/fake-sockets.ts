/**
 * Fake servers for the connection's tests: a WebSocket and a socket.io-client Socket that the test drives, with the
 * same server side (FakeServer) for both dialects, and how each dialect writes what the tests look for (WIRE).
 */
import type { SocketIoLike, SocketIoOptions } from '../../../src/background/transport/socket-io.ts';
import type { SocketLike } from '../../../src/background/transport/websocket.ts';
import type { ClientAction } from '../../../src/shared/protocol.ts';

type CloseEvent = { code: number; reason: string };
type MessageListener = (ev: { data: unknown }) => void;
type CloseListener = (ev: CloseEvent) => void;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** The server's side of one fake connection, the same for both dialects. */
export interface FakeServer {
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
export class FakeWebSocket implements SocketLike, FakeServer {
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
export class FakeSocketIo implements SocketIoLike, FakeServer {
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
export const WIRE = {
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
