/**
 * The two sign-in servers (src/background/token-endpoints.ts, token-request.ts): the platform's OAuth token endpoint
 * (password and refresh grants, form-encoded) and the older REST API, both spellings of its answers, and every way a
 * request can fail, each with the code the options page turns into a sentence.
 */
import { describe, expect, it } from 'vitest';
import { oauthEndpoint, readTokens, restEndpoint, type TokenEndpoint } from '../../src/background/token-endpoints.ts';
import { networkFailure, TokenError, type TokenErrorCode } from '../../src/background/token-request.ts';
import { signInError } from '../../src/background/request-errors.ts';
import { RequestError, requestErrorText } from '../../src/background/requests.ts';
import type { StoredTokens } from '../../src/shared/storage/items.ts';
import { fakeFetch, jsonResponse, nodeFetchFailure, textResponse } from '../support/fake-fetch.ts';

const T0 = 1_700_000_000_000;
const TOKEN_URL = 'https://auth.voipex.io/token';
const REST = 'https://pbx.example.com/api';
const OAUTH_ANSWER = {
  access_token: 'acc-1',
  refresh_token: 'ref-1',
  expires_in: 3000,
  refresh_expires_in: 36000,
  token_type: 'Bearer',
};

function oauth(fetch: ReturnType<typeof fakeFetch>, audit?: (text: string) => void): TokenEndpoint {
  return oauthEndpoint(
    { tokenUrl: TOKEN_URL, clientId: 'api', scope: 'openid profile' },
    { fetch, now: () => T0, audit },
  );
}

function rest(fetch: ReturnType<typeof fakeFetch>): TokenEndpoint {
  return restEndpoint(REST, { fetch, now: () => T0 });
}

async function failure(p: Promise<unknown>, code: TokenErrorCode): Promise<TokenError> {
  const e: unknown = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  if (!(e instanceof TokenError)) throw e;
  expect(e.code).toBe(code);
  return e;
}

const stored = (overrides: Partial<StoredTokens> = {}): StoredTokens => ({
  restUrl: TOKEN_URL,
  kind: 'oauth',
  accessToken: 'acc-0',
  refreshToken: 'ref-0',
  issuedAt: T0 - 1000,
  expiresAt: T0 + 1000,
  refreshExpiresAt: T0 + 60_000,
  ...overrides,
});

describe('OAuth 2.0 token endpoint', () => {
  it('password grant: form-encoded to the token URL with client_id, username, password and scope', async () => {
    const fetch = fakeFetch(jsonResponse(200, OAUTH_ANSWER));
    const tokens = await oauth(fetch).signIn('alice@example.com', 'p@ss w&rd');
    expect(fetch.calls).toHaveLength(1);
    const [call] = fetch.calls;
    expect(call?.url).toBe(TOKEN_URL);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(call?.init.body))).toEqual({
      grant_type: 'password',
      client_id: 'api',
      username: 'alice@example.com',
      password: 'p@ss w&rd',
      scope: 'openid profile',
    });
    expect(tokens).toEqual({
      restUrl: TOKEN_URL,
      kind: 'oauth',
      accessToken: 'acc-1',
      refreshToken: 'ref-1',
      issuedAt: T0,
      expiresAt: T0 + 3_000_000,
      refreshExpiresAt: T0 + 36_000_000,
    });
  });

  it('leaves the scope out when the settings have none', async () => {
    const fetch = fakeFetch(jsonResponse(200, OAUTH_ANSWER));
    await oauthEndpoint({ tokenUrl: TOKEN_URL, clientId: 'api', scope: '' }, { fetch, now: () => T0 }).signIn('a', 'b');
    expect(new URLSearchParams(fetch.calls[0]?.init.body).has('scope')).toBe(false);
  });

  it('refresh grant: client_id and refresh_token; a new refresh token replaces the old one', async () => {
    const fetch = fakeFetch(jsonResponse(200, { ...OAUTH_ANSWER, access_token: 'acc-2', refresh_token: 'ref-2' }));
    const next = await oauth(fetch).refresh(stored());
    expect(Object.fromEntries(new URLSearchParams(fetch.calls[0]?.init.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: 'api',
      refresh_token: 'ref-0',
    });
    expect(next).toMatchObject({ accessToken: 'acc-2', refreshToken: 'ref-2', refreshExpiresAt: T0 + 36_000_000 });
  });

  it('a refresh answer without a refresh token keeps the old one and its expiry (RFC 6749 §6)', async () => {
    const fetch = fakeFetch(jsonResponse(200, { access_token: 'acc-2', expires_in: 3000 }));
    const next = await oauth(fetch).refresh(stored());
    expect(next).toMatchObject({ accessToken: 'acc-2', refreshToken: 'ref-0', refreshExpiresAt: T0 + 60_000 });
  });

  it.each([
    [400, { error: 'invalid_grant', error_description: 'Invalid user credentials' }, 'rejected'],
    [401, { error: 'invalid_client', error_description: 'Invalid client credentials' }, 'invalid-client'],
    [400, { error: 'invalid_request', error_description: 'username is required' }, 'refused'],
    [400, { error: 'unsupported_grant_type' }, 'refused'],
    [400, { error: 'invalid_scope' }, 'refused'],
    [500, { message: 'boom' }, 'http-error'],
    [404, { error: 'Not found: /token' }, 'http-error'],
    [404, {}, 'http-error'],
  ] as const)('HTTP %i %j → %s', async (status, body, code) => {
    const e = await failure(oauth(fakeFetch(jsonResponse(status, body))).signIn('a', 'b'), code);
    if ('error' in body && code !== 'http-error') expect(e.message).toContain(body.error);
  });

  it('invalid_grant on refresh is "rejected" too: the sign-in is over', async () => {
    await failure(oauth(fakeFetch(jsonResponse(400, { error: 'invalid_grant' }))).refresh(stored()), 'rejected');
  });

  it('tells the connection log each attempt, its body and its answer (the log redacts them)', async () => {
    const told: string[] = [];
    await oauth(fakeFetch(jsonResponse(200, OAUTH_ANSWER)), (text) => told.push(text)).signIn('alice', 'pw');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^OAuth password grant: POST https:\/\/auth\.voipex\.io\/token grant_type=password&/);
    expect(told[0]).toContain('→ HTTP 200 {"access_token"');
  });
});

describe('REST API (/v1/sso)', () => {
  it('signs in with JSON at {restUrl}/v1/sso/login and reads snake_case answers', async () => {
    const fetch = fakeFetch(jsonResponse(200, { access_token: 'a', refresh_token: 'r', expires_in: 60 }));
    const tokens = await rest(fetch).signIn('a@b.c', 'pw');
    expect(fetch.calls[0]?.url).toBe(`${REST}/v1/sso/login`);
    expect(fetch.calls[0]?.init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(fetch.calls[0]?.init.body ?? '')).toEqual({ email: 'a@b.c', password: 'pw' });
    expect(tokens).toEqual({
      restUrl: REST,
      kind: 'rest',
      accessToken: 'a',
      refreshToken: 'r',
      issuedAt: T0,
      expiresAt: T0 + 60_000,
    });
  });

  it('handles trailing slashes in restUrl', async () => {
    const fetch = fakeFetch(jsonResponse(200, { access_token: 'a', refresh_token: 'r', expires_in: 60 }));
    await restEndpoint(`${REST}//`, { fetch, now: () => T0 }).signIn('a', 'b');
    expect(fetch.calls[0]?.url).toBe(`${REST}/v1/sso/login`);
  });

  it.each([
    [
      'camelCase with an ISO 8601 expiresAt',
      { accessToken: 'a', refreshToken: 'r', expiresAt: new Date(T0 + 90_000).toISOString() },
    ],
    ['camelCase with epoch seconds', { accessToken: 'a', refreshToken: 'r', expiresAt: (T0 + 90_000) / 1000 }],
    ['camelCase with epoch milliseconds', { accessToken: 'a', refreshToken: 'r', expiresAt: T0 + 90_000 }],
    ['camelCase with expiresIn', { accessToken: 'a', refreshToken: 'r', expiresIn: 90 }],
    ['snake_case with expires_in as text', { access_token: 'a', refresh_token: 'r', expires_in: '90' }],
    [
      'snake_case with an absolute expires_at',
      { access_token: 'a', refresh_token: 'r', expires_at: (T0 + 90_000) / 1000 },
    ],
  ])('accepts %s', async (_label, body) => {
    const tokens = await rest(fakeFetch(jsonResponse(200, body))).signIn('a', 'b');
    expect(tokens).toMatchObject({ accessToken: 'a', refreshToken: 'r', expiresAt: T0 + 90_000 });
  });

  it('refreshes at /v1/sso/refresh with the bare refresh token in Authorization', async () => {
    const fetch = fakeFetch(jsonResponse(200, { accessToken: 'a2', refreshToken: 'r2', expiresAt: T0 + 5_000 }));
    const next = await rest(fetch).refresh(stored({ restUrl: REST, kind: 'rest', refreshExpiresAt: undefined }));
    expect(fetch.calls[0]?.url).toBe(`${REST}/v1/sso/refresh`);
    expect(fetch.calls[0]?.init.headers.Authorization).toBe('ref-0');
    expect(fetch.calls[0]?.init.body).toBeUndefined();
    expect(next).toMatchObject({ accessToken: 'a2', refreshToken: 'r2', expiresAt: T0 + 5_000 });
  });

  it.each([400, 401, 403])('HTTP %i → rejected, with the server message', async (status) => {
    const e = await failure(
      rest(fakeFetch(jsonResponse(status, { message: 'Bad credentials' }))).signIn('a', 'b'),
      'rejected',
    );
    expect(e.message).toBe('Bad credentials');
  });

  it.each([404, 500, 502])('HTTP %i → http-error', async (status) => {
    await failure(rest(fakeFetch(jsonResponse(status, { message: 'x' }))).signIn('a', 'b'), 'http-error');
  });
});

describe('answers that are not what they should be (both servers)', () => {
  const servers = [
    ['OAuth', oauth],
    ['REST', rest],
  ] as const;

  it.each(servers)('%s: an HTML page, an empty body, or JSON that is not an object → not-json', async (_n, make) => {
    for (const r of [
      textResponse(200, '<html>Login</html>'),
      textResponse(502, ''),
      jsonResponse(200, [1]),
      jsonResponse(200, null),
    ]) {
      await failure(make(fakeFetch(r)).signIn('a', 'b'), 'not-json');
    }
  });

  it.each(servers)('%s: a success without a usable token → bad-response', async (_n, make) => {
    for (const body of [
      { refresh_token: 'r', expires_in: 60 },
      { access_token: '', refresh_token: 'r', expires_in: 60 },
      { access_token: 5, refresh_token: 'r', expires_in: 60 },
      { access_token: 'a', expires_in: 60 },
      { access_token: 'a', refresh_token: 'r' },
      { access_token: 'a', refresh_token: 'r', expires_in: 0 },
      { access_token: 'a', refresh_token: 'r', expires_in: -5 },
      { access_token: 'a', refresh_token: 'r', expires_in: 'soon' },
      { accessToken: 'a', refreshToken: 'r', expiresAt: 'not a date' },
      { accessToken: 'a', refreshToken: 'r', expiresAt: new Date(T0 - 1000).toISOString() },
    ]) {
      await failure(make(fakeFetch(jsonResponse(200, body))).signIn('a', 'b'), 'bad-response');
    }
  });

  it.each(servers)('%s: never puts the password in an error', async (_n, make) => {
    for (const r of [
      jsonResponse(401, {}),
      jsonResponse(500, {}),
      new TypeError('Failed to fetch'),
      textResponse(200, 'x'),
    ]) {
      const e: unknown = await make(fakeFetch(r))
        .signIn('a@b.c', 'S3cret-pw')
        .catch((err: unknown) => err);
      expect(e).toBeInstanceOf(TokenError);
      expect(JSON.stringify({ ...(e instanceof TokenError ? e : {}), message: String(e) })).not.toContain('S3cret-pw');
    }
  });
});

describe('network failures', () => {
  it('a browser TypeError on https: cannot tell unreachable from TLS, and says so', () => {
    expect(networkFailure(new TypeError('Failed to fetch'), 'https://auth.example.com/token').code).toBe(
      'unreachable-or-tls',
    );
  });

  it('a browser TypeError on http: unreachable (there is no TLS to fail)', () => {
    expect(
      networkFailure(new TypeError('NetworkError when attempting to fetch resource.'), 'http://x/token').code,
    ).toBe('unreachable');
  });

  it.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'EPROTO',
  ])('Node says %s → tls', (code) => {
    expect(networkFailure(nodeFetchFailure(code), 'https://x/token')).toMatchObject({ code: 'tls', message: code });
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET'])('Node says %s → unreachable', (code) => {
    expect(networkFailure(nodeFetchFailure(code), 'https://x/token').code).toBe('unreachable');
  });

  it('the request deadline → timeout', () => {
    expect(networkFailure(new DOMException('signal timed out', 'TimeoutError'), 'https://x/token').code).toBe(
      'timeout',
    );
  });

  it('a thrown fetch names the URL and is told to the log', async () => {
    const told: string[] = [];
    const e = await failure(
      oauth(fakeFetch(nodeFetchFailure('ECONNREFUSED')), (t) => told.push(t)).signIn('a', 'b'),
      'unreachable',
    );
    expect(e.url).toBe(TOKEN_URL);
    expect(told[0]).toContain('→ unreachable (ECONNREFUSED)');
  });
});

describe('what the options page says', () => {
  it.each([
    ['rejected', 'invalid_grant: Invalid user credentials', 'Wrong e-mail or password'],
    ['invalid-client', 'invalid_client: Invalid client credentials', 'does not accept the OAuth client ID'],
    ['refused', 'invalid_scope', 'refused the request: invalid_scope'],
    ['unreachable', 'ECONNREFUSED', `at ${TOKEN_URL} cannot be reached`],
    ['unreachable-or-tls', 'Failed to fetch', 'or could not verify its secure connection'],
    ['tls', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS certificate could not be verified'],
    ['timeout', 'no answer', 'did not answer within 10 seconds'],
    ['not-json', 'HTTP 200', 'did not answer with JSON'],
    ['http-error', 'HTTP 404', 'answered with an error (HTTP 404)'],
    ['bad-response', 'x', 'without a usable token'],
  ] as const)('%s → a sentence (%s)', (code, message, sentence) => {
    const e = signInError(new TokenError(code, message, TOKEN_URL));
    if (!(e instanceof RequestError)) throw new Error('not a RequestError');
    expect(requestErrorText(e.code, e.detail)).toContain(sentence);
  });

  it('an error that is no TokenError passes through for the router to log', () => {
    const other = new Error('bug');
    expect(signInError(other)).toBe(other);
  });
});

describe('readTokens', () => {
  it('without a refresh lifetime and with a new refresh token, knows no refresh expiry', () => {
    const t = readTokens(
      { access_token: 'a', refresh_token: 'new', expires_in: 10 },
      T0,
      { kind: 'oauth', url: 'u' },
      stored(),
    );
    expect(t.refreshExpiresAt).toBeUndefined();
  });
});
