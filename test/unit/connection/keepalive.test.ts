/**
 * The connection (src/background/connection.ts) over both dialects. Keepalive: a ping every 20 s, any frame as its
 * answer, reconnecting when nothing comes back, custom intervals, and answers to the iPBX's own pings.
 */
import { it, expect, vi } from 'vitest';
import { WIRE } from './fake-sockets.ts';
import { describeOverDialects, dialect, settle, setup } from './harness.ts';

describeOverDialects('Connection: keepalive', () => {
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
