/**
 * The connection (src/background/connection.ts) over both dialects. Losing the connection and reconnecting: handshake
 * and auth timeouts, closes before and during auth, exponential backoff with jitter, and the watchdog.
 */
import { it, expect, vi } from 'vitest';
import { WIRE } from './fake-sockets.ts';
import { describeOverDialects, dialect, settle, setup, target } from './harness.ts';

describeOverDialects('Connection: losing the connection and reconnecting', () => {
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
