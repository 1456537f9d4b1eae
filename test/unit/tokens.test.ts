import { describe, it, expect } from 'vitest';
import {
  RestTokens,
  restLogin,
  staticToken,
  TokenError,
  type FetchLike,
  type StoredTokens,
  type TokenErrorCode,
  type TokenStore,
} from '../../src/background/tokens.ts';

type FetchInit = Parameters<FetchLike>[1];
type FetchResult = Awaited<ReturnType<FetchLike>>;

interface FetchCall {
  url: string;
  init: FetchInit;
}

/** A scripted fetch: answers with the given responses in order (the last one repeats) and records each call. */
function fakeFetch(
  ...responses: (FetchResult | Error | (() => Promise<FetchResult>))[]
): FetchLike & { calls: FetchCall[] } {
  const calls: FetchCall[] = [];
  const fn = async (url: string, init: FetchInit): Promise<FetchResult> => {
    calls.push({ url, init });
    const next = responses[Math.min(calls.length - 1, responses.length - 1)];
    if (next === undefined) throw new Error('no scripted response');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return next;
  };
  return Object.assign(fn, { calls });
}

function jsonResponse(status: number, body: unknown): FetchResult {
  return { ok: status >= 200 && status < 300, status, json: async () => body };
}

function brokenJsonResponse(status: number): FetchResult {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => {
      throw new SyntaxError('Unexpected token < in JSON');
    },
  };
}

const REST = 'https://pbx.example.com/api';
const T0 = 1_700_000_000_000;

function memoryStore(
  initial: StoredTokens | null,
): TokenStore & { saved: (StoredTokens | null)[]; value: StoredTokens | null } {
  const store = {
    value: initial,
    saved: [] as (StoredTokens | null)[],
    load: async () => store.value,
    save: async (t: StoredTokens | null) => {
      store.saved.push(t);
      store.value = t;
    },
  };
  return store;
}

/** Tokens issued at T0 that live for an hour: due for refresh at T0 + 48 min. */
function tokens(overrides: Partial<StoredTokens> = {}): StoredTokens {
  return {
    restUrl: REST,
    accessToken: 'acc-1',
    refreshToken: 'ref-1',
    issuedAt: T0,
    expiresAt: T0 + 3_600_000,
    ...overrides,
  };
}

async function tokenError(p: Promise<unknown>): Promise<TokenError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TokenError) return e;
    throw e;
  }
  throw new Error('expected a TokenError');
}

async function expectCode(p: Promise<unknown>, code: TokenErrorCode): Promise<TokenError> {
  const e = await tokenError(p);
  expect(e.code).toBe(code);
  expect(e.name).toBe('TokenError');
  return e;
}

describe('staticToken', () => {
  it('always gives the pasted token and cannot renew', async () => {
    const source = staticToken('pasted-token');
    expect(await source.current()).toBe('pasted-token');
    expect(await source.current()).toBe('pasted-token');
    expect(await source.renew()).toBe(false);
    await expect(source.refreshIfDue()).resolves.toBeUndefined();
  });
});

describe('restLogin', () => {
  it('posts e-mail and password as JSON to {restUrl}/v1/sso/login and returns the tokens', async () => {
    const fetch = fakeFetch(jsonResponse(200, { access_token: 'acc', refresh_token: 'ref', expires_in: 3600 }));
    const result = await restLogin(fetch, REST, 'jana@example.com', 'hunter2', T0);
    expect(result).toEqual({
      restUrl: REST,
      accessToken: 'acc',
      refreshToken: 'ref',
      issuedAt: T0,
      expiresAt: T0 + 3_600_000,
    });
    expect(fetch.calls).toHaveLength(1);
    const call = fetch.calls[0];
    expect(call?.url).toBe(`${REST}/v1/sso/login`);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers['Content-Type']).toBe('application/json');
    expect(call?.init.headers.Authorization).toBeUndefined();
    expect(JSON.parse(call?.init.body ?? 'null')).toEqual({ email: 'jana@example.com', password: 'hunter2' });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('handles trailing slashes in restUrl', async () => {
    const fetch = fakeFetch(jsonResponse(200, { access_token: 'acc', refresh_token: 'ref', expires_in: 60 }));
    await restLogin(fetch, `${REST}//`, 'a@b.c', 'pw', T0);
    expect(fetch.calls[0]?.url).toBe(`${REST}/v1/sso/login`);
  });

  it('accepts expires_in as a numeric string', async () => {
    const fetch = fakeFetch(jsonResponse(200, { access_token: 'acc', refresh_token: 'ref', expires_in: '120' }));
    const result = await restLogin(fetch, REST, 'a@b.c', 'pw', T0);
    expect(result.expiresAt).toBe(T0 + 120_000);
  });

  it('401 → rejected, with the server message', async () => {
    const fetch = fakeFetch(jsonResponse(401, { message: 'Invalid credentials' }));
    const e = await expectCode(restLogin(fetch, REST, 'a@b.c', 'wrong', T0), 'rejected');
    expect(e.message).toBe('Invalid credentials');
  });

  it.each([400, 403])('%i → rejected', async (status) => {
    await expectCode(restLogin(fakeFetch(jsonResponse(status, {})), REST, 'a@b.c', 'pw', T0), 'rejected');
  });

  it('401 without a JSON body → rejected with the HTTP status', async () => {
    const e = await expectCode(restLogin(fakeFetch(brokenJsonResponse(401)), REST, 'a@b.c', 'pw', T0), 'rejected');
    expect(e.message).toBe('HTTP 401');
  });

  it('a network failure → unreachable, naming the REST URL', async () => {
    const e = await expectCode(
      restLogin(fakeFetch(new TypeError('fetch failed')), REST, 'a@b.c', 'pw', T0),
      'unreachable',
    );
    expect(e.message).toContain(REST);
    expect(e.message).toContain('fetch failed');
  });

  it.each([500, 502, 503, 404])('HTTP %i → unreachable', async (status) => {
    const e = await expectCode(
      restLogin(fakeFetch(jsonResponse(status, { message: 'x' })), REST, 'a@b.c', 'pw', T0),
      'unreachable',
    );
    expect(e.message).toContain(String(status));
  });

  it.each([
    ['not JSON', brokenJsonResponse(200)],
    ['null', jsonResponse(200, null)],
    ['an array', jsonResponse(200, [])],
    ['no access_token', jsonResponse(200, { refresh_token: 'r', expires_in: 60 })],
    ['an empty access_token', jsonResponse(200, { access_token: '', refresh_token: 'r', expires_in: 60 })],
    ['a numeric access_token', jsonResponse(200, { access_token: 5, refresh_token: 'r', expires_in: 60 })],
    ['no refresh_token', jsonResponse(200, { access_token: 'a', expires_in: 60 })],
    ['no expires_in', jsonResponse(200, { access_token: 'a', refresh_token: 'r' })],
    ['expires_in 0', jsonResponse(200, { access_token: 'a', refresh_token: 'r', expires_in: 0 })],
    ['a negative expires_in', jsonResponse(200, { access_token: 'a', refresh_token: 'r', expires_in: -5 })],
    ['a non-numeric expires_in', jsonResponse(200, { access_token: 'a', refresh_token: 'r', expires_in: 'soon' })],
  ])('a body with %s → bad-response', async (_label, response) => {
    await expectCode(restLogin(fakeFetch(response), REST, 'a@b.c', 'pw', T0), 'bad-response');
  });

  it('never puts the password in an error message', async () => {
    for (const r of [jsonResponse(401, {}), jsonResponse(500, {}), new Error('down'), brokenJsonResponse(200)]) {
      const e = await tokenError(restLogin(fakeFetch(r), REST, 'a@b.c', 'S3cret-pw', T0));
      expect(e.message).not.toContain('S3cret-pw');
    }
  });
});

describe('RestTokens', () => {
  const refreshed = { access_token: 'acc-2', refresh_token: 'ref-2', expires_in: 3600 };

  it('current() returns the stored token while it is fresh, without a request', async () => {
    const fetch = fakeFetch(jsonResponse(200, refreshed));
    const source = new RestTokens(REST, memoryStore(tokens()), fetch, () => T0 + 60_000);
    expect(await source.current()).toBe('acc-1');
    expect(fetch.calls).toHaveLength(0);
  });

  it('refreshes at 80 % of the token’s life', async () => {
    const store = memoryStore(tokens());
    let now = T0 + 0.8 * 3_600_000 - 1;
    const fetch = fakeFetch(jsonResponse(200, refreshed));
    const source = new RestTokens(REST, store, fetch, () => now);
    expect(await source.current()).toBe('acc-1');
    expect(fetch.calls).toHaveLength(0);

    now = T0 + 0.8 * 3_600_000;
    expect(await source.current()).toBe('acc-2');
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.url).toBe(`${REST}/v1/sso/refresh`);
    expect(fetch.calls[0]?.init.method).toBe('POST');
    expect(fetch.calls[0]?.init.headers.Authorization).toBe('ref-1');
    expect(fetch.calls[0]?.init.body).toBeUndefined();
    expect(store.saved).toEqual([
      { restUrl: REST, accessToken: 'acc-2', refreshToken: 'ref-2', issuedAt: now, expiresAt: now + 3_600_000 },
    ]);

    // The new pair is fresh: no second request.
    expect(await source.current()).toBe('acc-2');
    expect(fetch.calls).toHaveLength(1);
  });

  it('refreshes an already expired token', async () => {
    const fetch = fakeFetch(jsonResponse(200, refreshed));
    const source = new RestTokens(REST, memoryStore(tokens()), fetch, () => T0 + 10 * 3_600_000);
    expect(await source.current()).toBe('acc-2');
  });

  it('concurrent current() calls make one refresh request', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = fakeFetch(async () => {
      await gate;
      return jsonResponse(200, refreshed);
    });
    const store = memoryStore(tokens());
    const source = new RestTokens(REST, store, fetch, () => T0 + 3_000_000);
    const all = Promise.all([source.current(), source.current(), source.current(), source.refreshIfDue()]);
    release();
    const [a, b, c] = await all;
    expect([a, b, c]).toEqual(['acc-2', 'acc-2', 'acc-2']);
    expect(fetch.calls).toHaveLength(1);
    expect(store.saved).toHaveLength(1);
  });

  it('a rejected refresh clears the store; renew() returns false and current() then says not signed in', async () => {
    const store = memoryStore(tokens());
    const fetch = fakeFetch(jsonResponse(401, { message: 'refresh token expired' }));
    const source = new RestTokens(REST, store, fetch, () => T0);
    expect(await source.renew()).toBe(false);
    expect(store.saved).toEqual([null]);
    await expectCode(source.current(), 'not-signed-in');
  });

  it('current() reports a rejected refresh as rejected, with the server message', async () => {
    const store = memoryStore(tokens());
    const source = new RestTokens(
      REST,
      store,
      fakeFetch(jsonResponse(403, { message: 'revoked' })),
      () => T0 + 3_500_000,
    );
    const e = await expectCode(source.current(), 'rejected');
    expect(e.message).toBe('revoked');
    expect(store.value).toBeNull();
  });

  it('renew() refreshes even a fresh token and returns true', async () => {
    const store = memoryStore(tokens());
    const fetch = fakeFetch(jsonResponse(200, refreshed));
    const source = new RestTokens(REST, store, fetch, () => T0 + 1_000);
    expect(await source.renew()).toBe(true);
    expect(fetch.calls).toHaveLength(1);
    expect(store.value?.accessToken).toBe('acc-2');
    expect(await source.current()).toBe('acc-2');
  });

  it('renew() rethrows an unreachable REST API and keeps the tokens', async () => {
    const store = memoryStore(tokens());
    const source = new RestTokens(REST, store, fakeFetch(new Error('ECONNREFUSED')), () => T0);
    await expectCode(source.renew(), 'unreachable');
    expect(store.saved).toEqual([]);
    expect(store.value?.accessToken).toBe('acc-1');
  });

  it('renew() returns false on a bad response and keeps the tokens', async () => {
    const store = memoryStore(tokens());
    const source = new RestTokens(REST, store, fakeFetch(jsonResponse(200, { nothing: true })), () => T0);
    expect(await source.renew()).toBe(false);
    expect(store.saved).toEqual([]);
  });

  it('a 500 on refresh is unreachable and does not sign out', async () => {
    const store = memoryStore(tokens());
    const source = new RestTokens(REST, store, fakeFetch(jsonResponse(500, {})), () => T0 + 3_500_000);
    await expectCode(source.current(), 'unreachable');
    expect(store.saved).toEqual([]);
  });

  it('not signed in: no stored tokens', async () => {
    const fetch = fakeFetch(jsonResponse(200, refreshed));
    const source = new RestTokens(REST, memoryStore(null), fetch, () => T0);
    await expectCode(source.current(), 'not-signed-in');
    expect(await source.renew()).toBe(false);
    await expect(source.refreshIfDue()).resolves.toBeUndefined();
    expect(fetch.calls).toHaveLength(0);
  });

  it('not signed in: tokens of another REST URL', async () => {
    const fetch = fakeFetch(jsonResponse(200, refreshed));
    const source = new RestTokens(
      REST,
      memoryStore(tokens({ restUrl: 'https://other.example.com/api' })),
      fetch,
      () => T0,
    );
    await expectCode(source.current(), 'not-signed-in');
    expect(await source.renew()).toBe(false);
    expect(fetch.calls).toHaveLength(0);
  });

  it('refreshIfDue() refreshes only when due', async () => {
    const store = memoryStore(tokens());
    let now = T0 + 1_000;
    const fetch = fakeFetch(jsonResponse(200, refreshed));
    const source = new RestTokens(REST, store, fetch, () => now);
    await source.refreshIfDue();
    expect(fetch.calls).toHaveLength(0);
    now = T0 + 2_900_000;
    await source.refreshIfDue();
    expect(fetch.calls).toHaveLength(1);
    expect(store.value?.accessToken).toBe('acc-2');
  });

  it('refreshIfDue() swallows every failure', async () => {
    for (const response of [jsonResponse(401, {}), jsonResponse(500, {}), new Error('down')]) {
      const source = new RestTokens(REST, memoryStore(tokens()), fakeFetch(response), () => T0 + 3_000_000);
      await expect(source.refreshIfDue()).resolves.toBeUndefined();
    }
  });

  it('after a failed refresh the next call tries again', async () => {
    const fetch = fakeFetch(new Error('down'), jsonResponse(200, refreshed));
    const source = new RestTokens(REST, memoryStore(tokens()), fetch, () => T0 + 3_000_000);
    await expectCode(source.current(), 'unreachable');
    expect(await source.current()).toBe('acc-2');
    expect(fetch.calls).toHaveLength(2);
  });
});
