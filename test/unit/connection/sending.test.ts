/**
 * The connection (src/background/connection.ts) over both dialects. Sending: at once when connected, queued while
 * connecting (flushed in order, timed out or refused), NotConnectedError, and stop().
 */
import { it, expect, vi } from 'vitest';
import { NotConnectedError } from '../../../src/background/connection.ts';
import { describeOverDialects, notConnectedReason, ORIGINATE, settle, setup, target, track } from './harness.ts';

describeOverDialects('Connection: sending', () => {
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
