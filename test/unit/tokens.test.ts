/**
 * Token sources (src/background/tokens.ts): a pasted token, and the tokens of an e-mail sign-in (OAuth or REST, the
 * same rules): refreshed at 80 % of their life (or of the refresh token's, when shorter), once when the iPBX refuses
 * them, and a refresh token that died ends the sign-in with a call to onExpired (the notification), never silently.
 */
import { describe, expect, it, vi } from 'vitest';
import { oauthEndpoint, restEndpoint } from '../../src/background/token-endpoints.ts';
import {
  SignedInTokens,
  staticToken,
  TokenError,
  tokenVerdict,
  type StoredTokens,
  type TokenErrorCode,
  type TokenStore,
} from '../../src/background/tokens.ts';
import { fakeFetch, jsonResponse, nodeFetchFailure } from '../support/fake-fetch.ts';

const T0 = 1_700_000_000_000;
const TOKEN_URL = 'https://auth.voipex.io/token';
const REST = 'https://pbx.example.com/api';
const REFRESHED = { access_token: 'acc-2', refresh_token: 'ref-2', expires_in: 3600 };

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

/** OAuth tokens issued at T0 that live for an hour: due for refresh at T0 + 48 min. */
function tokens(overrides: Partial<StoredTokens> = {}): StoredTokens {
  return {
    restUrl: TOKEN_URL,
    kind: 'oauth',
    accessToken: 'acc-1',
    refreshToken: 'ref-1',
    issuedAt: T0,
    expiresAt: T0 + 3_600_000,
    ...overrides,
  };
}

function setup(stored: StoredTokens | null, ...responses: Parameters<typeof fakeFetch>) {
  let now = T0;
  const fetch = fakeFetch(...responses);
  const store = memoryStore(stored);
  const onExpired = vi.fn();
  const endpoint = oauthEndpoint(
    { tokenUrl: TOKEN_URL, clientId: 'api', scope: 'openid profile' },
    { fetch, now: () => now },
  );
  const source = new SignedInTokens(endpoint, store, () => now, onExpired);
  return {
    fetch,
    store,
    onExpired,
    source,
    at: (ms: number) => {
      now = T0 + ms;
    },
  };
}

async function code(p: Promise<unknown>): Promise<TokenErrorCode> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof TokenError)) throw new Error(`expected a TokenError, got ${String(e)}`);
  return e.code;
}

describe('staticToken', () => {
  it('always gives the pasted token and cannot renew', async () => {
    const s = staticToken('pasted');
    expect(await s.current()).toBe('pasted');
    expect(await s.renew()).toBe(false);
    await expect(s.refreshIfDue()).resolves.toBeUndefined();
  });
});

describe('SignedInTokens', () => {
  it('current() returns the stored token while it is fresh, without a request', async () => {
    const { source, fetch, at } = setup(tokens(), jsonResponse(200, REFRESHED));
    at(47 * 60_000);
    expect(await source.current()).toBe('acc-1');
    expect(fetch.calls).toHaveLength(0);
  });

  it('refreshes at 80 % of the access token’s life and stores the new pair', async () => {
    const { source, fetch, store, at } = setup(tokens(), jsonResponse(200, REFRESHED));
    at(48 * 60_000);
    expect(await source.current()).toBe('acc-2');
    expect(fetch.calls).toHaveLength(1);
    expect(store.value).toMatchObject({ accessToken: 'acc-2', refreshToken: 'ref-2', kind: 'oauth' });
  });

  it('refreshes at 80 % of the refresh token’s life when that comes first (a short SSO session)', async () => {
    // Access for 3000 s, refresh for 1800 s: waiting for 80 % of 3000 s would find the refresh token dead.
    const t = tokens({ expiresAt: T0 + 3_000_000, refreshExpiresAt: T0 + 1_800_000 });
    const { source, fetch, at } = setup(t, jsonResponse(200, REFRESHED));
    at(1_439_000);
    expect(await source.current()).toBe('acc-1');
    at(1_440_000);
    expect(await source.current()).toBe('acc-2');
    expect(fetch.calls).toHaveLength(1);
  });

  it('a refresh token past its life: no request, the sign-in ends, onExpired is called', async () => {
    const t = tokens({ expiresAt: T0 + 3_000_000, refreshExpiresAt: T0 + 1_800_000 });
    const { source, fetch, store, onExpired, at } = setup(t, jsonResponse(200, REFRESHED));
    at(1_800_000);
    expect(await code(source.current())).toBe('rejected');
    expect(fetch.calls).toHaveLength(0);
    expect(store.value).toBeNull();
    expect(onExpired).toHaveBeenCalledTimes(1);
  });

  it('concurrent current() calls make one refresh request', async () => {
    const { source, fetch, at } = setup(tokens(), jsonResponse(200, REFRESHED));
    at(59 * 60_000);
    expect(await Promise.all([source.current(), source.current(), source.current()])).toEqual([
      'acc-2',
      'acc-2',
      'acc-2',
    ]);
    expect(fetch.calls).toHaveLength(1);
  });

  it('a refused refresh (invalid_grant) signs out and calls onExpired; then current() says not signed in', async () => {
    const { source, store, onExpired, at } = setup(tokens(), jsonResponse(400, { error: 'invalid_grant' }));
    at(50 * 60_000);
    expect(await code(source.current())).toBe('rejected');
    expect(store.value).toBeNull();
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(await code(source.current())).toBe('not-signed-in');
  });

  it('renew() refreshes even a fresh token and returns true', async () => {
    const { source, fetch } = setup(tokens(), jsonResponse(200, REFRESHED));
    expect(await source.renew()).toBe(true);
    expect(fetch.calls).toHaveLength(1);
    expect(await source.current()).toBe('acc-2');
  });

  it('renew() with nobody signed in returns false', async () => {
    const { source, fetch } = setup(null, jsonResponse(200, REFRESHED));
    expect(await source.renew()).toBe(false);
    expect(fetch.calls).toHaveLength(0);
  });

  it('renew() throws "rejected" for a dead refresh token (the user must sign in again), after onExpired', async () => {
    const { source, onExpired } = setup(tokens(), jsonResponse(400, { error: 'invalid_grant' }));
    expect(await code(source.renew())).toBe('rejected');
    expect(onExpired).toHaveBeenCalledTimes(1);
  });

  it('renew() rethrows an unreachable server and keeps the tokens', async () => {
    const { source, store, onExpired } = setup(tokens(), nodeFetchFailure('ECONNREFUSED'));
    expect(await code(source.renew())).toBe('unreachable');
    expect(store.value?.accessToken).toBe('acc-1');
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('a 500 on refresh does not sign out', async () => {
    const { source, store, at } = setup(tokens(), jsonResponse(500, { message: 'x' }));
    at(55 * 60_000);
    expect(await code(source.current())).toBe('http-error');
    expect(store.value?.accessToken).toBe('acc-1');
  });

  it('not signed in: no tokens, tokens of another URL, or of the other kind of sign-in', async () => {
    for (const t of [null, tokens({ restUrl: 'https://other/token' }), tokens({ kind: 'rest' })]) {
      expect(await code(setup(t).source.current())).toBe('not-signed-in');
    }
  });

  it('tokens an earlier version stored without a kind are REST tokens', async () => {
    const store = memoryStore(tokens({ restUrl: REST, kind: undefined }));
    const fetch = fakeFetch(jsonResponse(200, REFRESHED));
    const source = new SignedInTokens(restEndpoint(REST, { fetch, now: () => T0 }), store, () => T0);
    expect(await source.current()).toBe('acc-1');
  });

  it('refreshIfDue() refreshes only when due', async () => {
    const { source, fetch, at } = setup(tokens(), jsonResponse(200, REFRESHED));
    at(10 * 60_000);
    await source.refreshIfDue();
    expect(fetch.calls).toHaveLength(0);
    at(49 * 60_000);
    await source.refreshIfDue();
    expect(fetch.calls).toHaveLength(1);
  });

  it('refreshIfDue() swallows every failure, but a dead refresh token still calls onExpired', async () => {
    const { source, onExpired, at } = setup(tokens(), nodeFetchFailure('ENOTFOUND'));
    at(50 * 60_000);
    await expect(source.refreshIfDue()).resolves.toBeUndefined();
    expect(onExpired).not.toHaveBeenCalled();
    const dead = setup(tokens(), jsonResponse(400, { error: 'invalid_grant' }));
    dead.at(50 * 60_000);
    await expect(dead.source.refreshIfDue()).resolves.toBeUndefined();
    expect(dead.onExpired).toHaveBeenCalledTimes(1);
  });

  it('after a failed refresh the next call tries again', async () => {
    const { source, fetch, at } = setup(tokens(), nodeFetchFailure('ECONNRESET'), jsonResponse(200, REFRESHED));
    at(50 * 60_000);
    expect(await code(source.current())).toBe('unreachable');
    expect(await source.current()).toBe('acc-2');
    expect(fetch.calls).toHaveLength(2);
  });
});

describe('tokenVerdict: what a token failure does to the connection', () => {
  it.each([
    ['not-signed-in', { stop: 'reasonNotSignedIn' }],
    ['rejected', { stop: 'reasonSignInAgain', detail: 'm' }],
    ['invalid-client', { stop: 'reasonSignInRefused', detail: 'm' }],
    ['refused', { stop: 'reasonSignInRefused', detail: 'm' }],
    ['unreachable', { retry: 'reasonRestUnreachable' }],
    ['unreachable-or-tls', { retry: 'reasonRestUnreachable' }],
    ['tls', { retry: 'reasonRestUnreachable' }],
    ['timeout', { retry: 'reasonRestUnreachable' }],
    ['not-json', { retry: 'reasonRestUnreachable' }],
    ['http-error', { retry: 'reasonRestUnreachable' }],
    ['bad-response', { retry: 'reasonRestUnreachable' }],
  ] as const)('%s → %j', (c, verdict) => {
    expect(tokenVerdict(new TokenError(c, 'm'))).toEqual(verdict);
  });

  it('anything else is retried', () => {
    expect(tokenVerdict(new Error('x'))).toEqual({ retry: 'reasonRestUnreachable' });
  });
});
