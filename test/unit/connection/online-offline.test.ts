/**
 * The connection (src/background/connection.ts) over both dialects. Online and offline: the browser's network state
 * drops and resumes the connection and cancels a scheduled retry.
 */
import { it, expect, vi } from 'vitest';
import { describeOverDialects, ORIGINATE, settle, setup, target } from './harness.ts';

describeOverDialects('Connection: online and offline', () => {
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
