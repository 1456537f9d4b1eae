/**
 * The connection (src/background/connection.ts) over both dialects. The user needs the connection now (issue 15 §5):
 * retryOnIntent skips the backoff wait, one attempt at a time, and leaves alone a connection it must not touch.
 */
import { it, expect, vi } from 'vitest';
import type { Connection } from '../../../src/background/connection.ts';
import type { FakeServer } from './fake-sockets.ts';
import { describeOverDialects, settle, setup, target } from './harness.ts';

describeOverDialects('Connection: the user needs it now (issue 15 §5)', () => {
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
