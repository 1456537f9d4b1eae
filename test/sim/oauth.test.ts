/**
 * Sign-in against the simulator as the platform does it today (issue 15 §1): the OAuth 2.0 password and refresh_token
 * grants at /oauth/token, form-encoded, client "api"; and the older /v1/sso/login in its camelCase spelling.
 */
import { describe, expect, it } from 'vitest';
import { event, ioLogin, postForm, postJson, start, wsLogin, WsClient } from './clients.js';

const password = (username: string, pass: string, extra: Record<string, string> = {}) => ({
  grant_type: 'password',
  client_id: 'api',
  username,
  password: pass,
  scope: 'openid profile',
  ...extra,
});

describe('POST /oauth/token', () => {
  it('password grant: the platform’s token answer, never cached, open to the extension (CORS)', async () => {
    const sim = await start();
    const res = await postForm(sim.oauthTokenUrl, password('alice@example.com', 'alice-pass'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^at-/),
      expires_in: 3600,
      refresh_expires_in: 36_000,
      refresh_token: expect.stringMatching(/^rt-/),
      token_type: 'Bearer',
      scope: 'openid profile',
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(sim.oauthTokenUrl, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
  });

  it('its access token signs in on both transports; the e-mail is matched in any case, the login works too', async () => {
    const sim = await start();
    const { body } = await postForm(sim.oauthTokenUrl, password('ALICE@example.com', 'alice-pass'));
    await wsLogin(sim, 'alice', String(body.access_token));
    await ioLogin(sim, 'alice', String(body.access_token));
    expect(sim.authenticatedCount()).toBe(2);
    const byLogin = await postForm(sim.oauthTokenUrl, password('bob', 'bob-pass'));
    await wsLogin(sim, 'bob', String(byLogin.body.access_token));
  });

  it('refresh_token grant: a new pair, the old refresh token dies; an expired refresh token is refused', async () => {
    let now = 1_764_042_000_000;
    const sim = await start({ clock: () => now, modes: { tokenTtlSeconds: 60, refreshTokenTtlSeconds: 120 } });
    const first = await postForm(sim.oauthTokenUrl, password('bob@example.com', 'bob-pass'));
    expect(first.body).toMatchObject({ expires_in: 60, refresh_expires_in: 120 });
    now += 61_000;
    const c = await WsClient.open(sim.wsUrl);
    c.send({ action: 'auth', token: first.body.access_token, identityType: 'login', identityValue: 'bob' });
    expect((await c.waitFor(event('auth'))).data).toEqual({ event: 'auth', status: 'error', message: 'Token expired' });
    c.close();

    const refresh = (token: unknown) =>
      postForm(sim.oauthTokenUrl, { grant_type: 'refresh_token', client_id: 'api', refresh_token: String(token) });
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    await wsLogin(sim, 'bob', String(second.body.access_token));
    expect(await refresh(first.body.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    now += 121_000;
    expect(await refresh(second.body.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token is not active' },
    });
  });

  it('answers each mistake with its RFC 6749 error', async () => {
    const sim = await start();
    const url = sim.oauthTokenUrl;
    expect(await postForm(url, password('alice@example.com', 'wrong'))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await postForm(url, password('nobody@example.com', 'x'))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const badClient = await postForm(url, password('alice@example.com', 'alice-pass', { client_id: 'web' }));
    expect(badClient).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const { client_id: _omit, ...noClient } = password('alice@example.com', 'alice-pass');
    expect(await postForm(url, noClient)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await postForm(url, { client_id: 'api', username: 'a', password: 'b' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await postForm(url, { grant_type: 'client_credentials', client_id: 'api' })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(
      await postForm(url, { grant_type: 'password', client_id: 'api', username: 'alice@example.com' }),
    ).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await postForm(url, { grant_type: 'refresh_token', client_id: 'api' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await postJson(url, password('alice@example.com', 'alice-pass'))).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect((await fetch(url)).status).toBe(405);
  });

  it('accepts HTTP Basic client authentication as well', async () => {
    const sim = await start();
    const { client_id: _omit, ...form } = password('carol@example.com', 'carol-pass');
    const res = await postForm(sim.oauthTokenUrl, form, {
      Authorization: `Basic ${Buffer.from('api:').toString('base64')}`,
    });
    expect(res.status).toBe(200);
  });
});

describe('/v1/sso in both spellings', () => {
  it('restCamelCase: accessToken, refreshToken and an absolute expiresAt, on login and refresh; the tokens work', async () => {
    const now = 1_764_042_000_000;
    const sim = await start({ clock: () => now, modes: { restCamelCase: true, tokenTtlSeconds: 300 } });
    const login = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'alice@example.com', password: 'alice-pass' });
    expect(login).toEqual({
      status: 200,
      body: {
        accessToken: expect.stringMatching(/^at-/),
        refreshToken: expect.stringMatching(/^rt-/),
        expiresAt: new Date(now + 300_000).toISOString(),
      },
    });
    await wsLogin(sim, 'alice', String(login.body.accessToken));
    const refreshed = await fetch(`${sim.restUrl}/v1/sso/refresh`, {
      method: 'POST',
      headers: { Authorization: String(login.body.refreshToken) },
    });
    expect(Object.keys((await refreshed.json()) as object).sort()).toEqual([
      'accessToken',
      'expiresAt',
      'refreshToken',
    ]);
    sim.setModes({ restCamelCase: false });
    const snake = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'alice@example.com', password: 'alice-pass' });
    expect(Object.keys(snake.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token']);
  });
});

describe('logs', () => {
  it('never carry a password, an access token or a refresh token in full, on any sign-in or transport', async () => {
    const lines: string[] = [];
    const sim = await start({ log: (line) => lines.push(line) });
    const { body } = await postForm(sim.oauthTokenUrl, password('alice@example.com', 'alice-pass'));
    const refreshed = await postForm(sim.oauthTokenUrl, {
      grant_type: 'refresh_token',
      client_id: 'api',
      refresh_token: String(body.refresh_token),
    });
    await ioLogin(sim, 'alice', String(refreshed.body.access_token));
    await wsLogin(sim, 'alice', String(refreshed.body.access_token));
    await postForm(sim.oauthTokenUrl, password('alice@example.com', 'wrong-secret'));
    const text = lines.join('\n');
    expect(text).toContain('OAuth');
    for (const secret of [
      body.access_token,
      body.refresh_token,
      refreshed.body.access_token,
      refreshed.body.refresh_token,
      'alice-pass',
      'wrong-secret',
    ]) {
      expect(text).not.toContain(String(secret));
    }
  });
});
