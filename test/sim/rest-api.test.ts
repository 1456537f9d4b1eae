/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. The REST
 * API: login, access and refresh tokens, expiry, and CORS.
 */
import { describe, expect, it } from 'vitest';
import { event, open, postJson, start } from './harness.ts';

describe('REST API', () => {
  it('login, auth with the access token, refresh (the old refresh token dies), CORS', async () => {
    const sim = await start();
    const bad = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'alice@example.com', password: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ message: 'Invalid email or password' });

    const first = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'alice@example.com', password: 'alice-pass' });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
    });

    const c = await open(sim);
    c.send({
      action: 'auth',
      token: first.body.access_token,
      identityType: 'email',
      identityValue: 'alice@example.com',
    });
    expect((await c.waitFor(event('auth'))).data).toEqual({ event: 'auth', status: 'ok', line: '444' });

    const refreshed = await postJson(
      `${sim.restUrl}/v1/sso/refresh`,
      {},
      { Authorization: String(first.body.refresh_token) },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const reused = await postJson(
      `${sim.restUrl}/v1/sso/refresh`,
      {},
      { Authorization: String(first.body.refresh_token) },
    );
    expect(reused.status).toBe(401);
    const none = await postJson(`${sim.restUrl}/v1/sso/refresh`, {});
    expect(none.status).toBe(401);

    const preflight = await fetch(`${sim.restUrl}/v1/sso/refresh`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type, Authorization/);
  });

  it('an expired access token is refused with "Token expired"; refresh gives a working one', async () => {
    let now = 1_764_042_000_000;
    const sim = await start({ clock: () => now, modes: { tokenTtlSeconds: 60 } });
    const pair = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'bob@example.com', password: 'bob-pass' });
    expect(pair.body.expires_in).toBe(60);
    now += 61_000;
    const c = await open(sim);
    c.send({ action: 'auth', token: pair.body.access_token, identityType: 'login', identityValue: 'bob' });
    expect((await c.waitFor(event('auth'))).raw).toBe('{"event":"auth","status":"error","message":"Token expired"}');

    const fresh = await postJson(
      `${sim.restUrl}/v1/sso/refresh`,
      {},
      { Authorization: String(pair.body.refresh_token) },
    );
    c.send({ action: 'auth', token: fresh.body.access_token, identityType: 'login', identityValue: 'bob' });
    await c.waitFor(event('auth', { status: 'ok', line: '445' }));

    // expireTokens() ends every issued access token at once (static tokens are not affected).
    sim.expireTokens();
    c.send({ action: 'auth', token: fresh.body.access_token, identityType: 'login', identityValue: 'bob' });
    await c.waitFor(() => c.messages.filter((x) => x.data.message === 'Token expired').length === 2);
    c.send({ action: 'auth', token: 'demo-token-bob', identityType: 'login', identityValue: 'bob' });
    await c.waitFor(() => c.messages.filter((x) => x.data.status === 'ok').length === 2);
  });
});
