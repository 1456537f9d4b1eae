/**
 * The connection (src/background/connection.ts) over both dialects. Connecting and signing in: the states an attempt
 * goes through, with or without a line, a problem in the settings, and a socket that cannot be created.
 */
import { it, expect, vi } from 'vitest';
import { FakeSocketIo, FakeWebSocket, WIRE } from './fake-sockets.ts';
import { describeOverDialects, dialect, settle, setup, target } from './harness.ts';

describeOverDialects('Connection: connecting and signing in', () => {
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
