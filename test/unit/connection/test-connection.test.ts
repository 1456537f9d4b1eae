/**
 * The connection (src/background/connection.ts) over both dialects, through testConnection
 * (src/background/connection-test.ts), the options page's Test connection and the popup's Retry: the status at once, a
 * new attempt's verdict, or the status at the deadline.
 */
import { it, expect, vi } from 'vitest';
import { testConnection } from '../../../src/background/connection-test.ts';
import { systemTimers as timers } from '../../../src/background/timers.ts';
import { describeOverDialects, settle, setup, target } from './harness.ts';

describeOverDialects('Connection: test()', () => {
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
