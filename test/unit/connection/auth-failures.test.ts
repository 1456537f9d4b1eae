/**
 * The connection (src/background/connection.ts) over both dialects. Authentication failures: a refused pasted token (no
 * retry), a renewable token renewed once, and a renewal that cannot reach the REST API.
 */
import { it, expect, vi } from 'vitest';
import { TokenError, type TokenSource } from '../../../src/background/tokens.ts';
import { describeOverDialects, ORIGINATE, settle, setup, target } from './harness.ts';

describeOverDialects('Connection: authentication failures', () => {
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
