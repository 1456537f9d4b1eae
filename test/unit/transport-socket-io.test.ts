/**
 * The Socket.IO transport (src/background/transport/socket-io.ts) with a scripted socket, and the dialect probe
 * (transport/probe.ts): where io() goes for an iPBX URL, with which options, how emits in either style become the
 * one codec's events, what goes out, and that a closed transport reports nothing more.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  emitText,
  socketIoAddress,
  socketIoTransport,
  type SocketIoLike,
  type SocketIoOptions,
} from '../../src/background/transport/socket-io.ts';
import { probeDialects, probeUrls } from '../../src/background/transport/probe.ts';
import type { OpenTransport, TransportHandlers } from '../../src/background/transport/types.ts';
import type { Decoded } from '../../src/shared/protocol.ts';

class ScriptedSocket implements SocketIoLike {
  readonly emitted: unknown[][] = [];
  disconnected = false;
  private readonly on_ = new Map<string, (...args: never[]) => void>();
  private any: ((name: string, ...args: unknown[]) => void) | null = null;

  on(event: string, listener: (...args: never[]) => void): this {
    this.on_.set(event, listener);
    return this;
  }
  onAny(listener: (name: string, ...args: unknown[]) => void): this {
    this.any = listener;
    return this;
  }
  emit(name: string, ...args: unknown[]): this {
    this.emitted.push([name, ...args]);
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    return this;
  }
  // the server
  fire(event: 'connect' | 'connect_error' | 'disconnect', ...args: unknown[]): void {
    (this.on_.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  }
  serverEmit(name: string, ...args: unknown[]): void {
    this.any?.(name, ...args);
  }
}

function open(url = 'wss://pbx.example.com/socket.io/?tenant=acme') {
  const made: { uri: string; options: SocketIoOptions; socket: ScriptedSocket }[] = [];
  const transport = socketIoTransport((uri, options) => {
    const socket = new ScriptedSocket();
    made.push({ uri, options, socket });
    return socket;
  });
  const seen = { opened: 0, received: [] as [Decoded, string][], closed: [] as [boolean, string | undefined][] };
  const handlers: TransportHandlers = {
    opened: () => seen.opened++,
    received: (decoded, wire) => seen.received.push([decoded, wire]),
    closed: (opened, detail) => seen.closed.push([opened, detail]),
  };
  const t = transport(url, handlers);
  const first = made[0];
  if (!first) throw new Error('io() was not called');
  return { t, seen, ...first };
}

describe('socketIoAddress', () => {
  it.each([
    ['wss://pbx.example.com/socket.io/', 'https://pbx.example.com', '/socket.io/'],
    ['ws://127.0.0.1:7878/socket.io/', 'http://127.0.0.1:7878', '/socket.io/'],
    ['wss://pbx.example.com', 'https://pbx.example.com', '/socket.io/'],
    ['wss://pbx.example.com/', 'https://pbx.example.com', '/socket.io/'],
    ['wss://pbx.example.com:8443/ipbx/io', 'https://pbx.example.com:8443', '/ipbx/io'],
  ])('%s → io(%s, { path: %s })', (url, uri, path) => {
    expect(socketIoAddress(url)).toMatchObject({ uri, path });
  });

  it('takes the query along', () => {
    expect(socketIoAddress('wss://pbx/socket.io/?tenant=acme&x=1').query).toEqual({ tenant: 'acme', x: '1' });
  });
});

describe('socketIoTransport', () => {
  it('opens the official client over its WebSocket transport only, with its own reconnection off', () => {
    const { uri, options } = open();
    expect(uri).toBe('https://pbx.example.com');
    expect(options).toEqual({
      path: '/socket.io/',
      query: { tenant: 'acme' },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
    });
  });

  it('"connect" opens it; actions go out as emit(action, payload); a pong as emit("pong")', () => {
    const { t, seen, socket } = open();
    socket.fire('connect');
    expect(seen.opened).toBe(1);
    const wire = t.send({ action: 'auth', token: 'tok', identityType: 'login', identityValue: 'alice' });
    expect(socket.emitted).toEqual([['auth', { token: 'tok', identityType: 'login', identityValue: 'alice' }]]);
    expect(wire).toBe('["auth",{"token":"tok","identityType":"login","identityValue":"alice"}]');
    t.send({ action: 'originate', to: '777888999', actionid: 'a1' });
    t.send({ action: 'hangupcall', uniqueid: '1.5' });
    t.send({ action: 'transfer', uniqueid: '1.5', to: '445', type: 'blind', data: {} });
    t.send({ action: 'ping' });
    expect(t.pong()).toBe('["pong"]');
    expect(socket.emitted.slice(1)).toEqual([
      ['originate', { to: '777888999', actionid: 'a1' }],
      ['hangupcall', { uniqueid: '1.5' }],
      ['transfer', { uniqueid: '1.5', to: '445', type: 'blind', data: {} }],
      ['ping'],
      ['pong'],
    ]);
  });

  it('named events and the one "event" message both decode through the codec, with their wire text', () => {
    const { seen, socket } = open();
    socket.fire('connect');
    socket.serverEmit('Ringing', { From: '777888999', To: '444', UniqueId: '1.1', Direction: 'incoming' });
    socket.serverEmit('event', { EventName: 'Hangup', UniqueId: '1.1', Reason: 'No user response' });
    socket.serverEmit('auth', { status: 'ok', line: '444' });
    socket.serverEmit('pong');
    socket.serverEmit('Ringing', 'not an object');
    expect(seen.received.map(([d]) => d)).toEqual([
      {
        ok: true,
        event: {
          event: 'call',
          type: 'ringing',
          uniqueId: '1.1',
          from: '777888999',
          to: '444',
          direction: 'incoming',
        },
      },
      { ok: true, event: { event: 'call', type: 'hangup', uniqueId: '1.1', reason: 'No user response' } },
      { ok: true, event: { event: 'auth', ok: true, line: '444' } },
      { ok: true, event: { event: 'pong' } },
      { ok: false, reason: '"Ringing" payload is not an object' },
    ]);
    expect(seen.received[0]?.[1]).toBe(
      '["Ringing",{"From":"777888999","To":"444","UniqueId":"1.1","Direction":"incoming"}]',
    );
  });

  it('a failed handshake closes it unopened; a disconnect after connect closes it opened, with the reason', () => {
    const refused = open();
    refused.socket.fire('connect_error', new Error('websocket error'));
    expect(refused.seen.closed).toEqual([[false, 'websocket error']]);
    const lost = open();
    lost.socket.fire('connect');
    lost.socket.fire('disconnect', 'transport close');
    expect(lost.seen.closed).toEqual([[true, 'transport close']]);
    // Told once.
    lost.socket.fire('disconnect', 'again');
    expect(lost.seen.closed).toHaveLength(1);
  });

  it('closed by us: disconnects, and reports nothing more', () => {
    const { t, seen, socket } = open();
    socket.fire('connect');
    t.close();
    expect(socket.disconnected).toBe(true);
    socket.fire('disconnect', 'io client disconnect');
    socket.serverEmit('Ringing', { uniqueId: '1' });
    expect(seen.closed).toEqual([]);
    expect(seen.received).toEqual([]);
  });

  it('emitText writes what cannot be JSON without throwing', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(emitText(['Ringing', loop])).toBe('["Ringing", …not JSON]');
  });
});

describe('probeDialects', () => {
  /** A transport that answers (opens) at the URLs given, fails elsewhere. */
  function answeringAt(urls: string[], closes: string[]): OpenTransport {
    return (url, handlers) => {
      queueMicrotask(() => (urls.includes(url) ? handlers.opened() : handlers.closed(false, 'refused')));
      return { send: () => '', pong: () => '', close: () => void closes.push(url) };
    };
  }

  it('tries Socket.IO at the URL and at its default path; says which dialect answered where, and closes all', async () => {
    const closes: string[] = [];
    const answered = await probeDialects('ws://pbx:7878/ws', {
      websocket: answeringAt(['ws://pbx:7878/ws'], closes),
      'socket.io': answeringAt(['ws://pbx:7878/socket.io/'], closes),
    });
    expect(answered).toEqual([
      { dialect: 'websocket', url: 'ws://pbx:7878/ws' },
      { dialect: 'socket.io', url: 'ws://pbx:7878/socket.io/' },
    ]);
    expect(closes.sort()).toEqual(['ws://pbx:7878/socket.io/', 'ws://pbx:7878/ws', 'ws://pbx:7878/ws'].sort());
  });

  it('nothing answers within the time: none, and every attempt is closed', async () => {
    vi.useFakeTimers();
    try {
      const closes: string[] = [];
      const silent: OpenTransport = (url) => ({ send: () => '', pong: () => '', close: () => void closes.push(url) });
      const result = probeDialects('wss://pbx/socket.io/', { websocket: silent, 'socket.io': silent }, 1_000);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await result).toEqual([]);
      expect(closes).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('probeUrls: one URL for a WebSocket, and for Socket.IO the default path too unless the URL has it', () => {
    expect(probeUrls('wss://pbx/ws?x=1', 'websocket')).toEqual(['wss://pbx/ws?x=1']);
    expect(probeUrls('wss://pbx/ws?x=1', 'socket.io')).toEqual(['wss://pbx/ws?x=1', 'wss://pbx/socket.io/?x=1']);
    expect(probeUrls('wss://pbx/socket.io/', 'socket.io')).toEqual(['wss://pbx/socket.io/']);
    expect(probeUrls('wss://pbx', 'socket.io')).toEqual(['wss://pbx']);
  });

  it('a transport that throws is no answer', async () => {
    const throwing: OpenTransport = () => {
      throw new SyntaxError('bad url');
    };
    expect(await probeDialects('wss://pbx/ws', { websocket: throwing, 'socket.io': throwing }, 100)).toEqual([]);
  });
});
