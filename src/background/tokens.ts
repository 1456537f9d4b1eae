/**
 * Where the auth token comes from: a token pasted in the options page, or the iPBX REST API (sign in once with
 * e-mail and password, then refresh). The password is used for one request and never stored.
 */
import { errorMessage } from '../shared/errors.ts';
import type { StoredTokens } from '../shared/storage/items.ts';

export interface TokenSource {
  /** The token to put in the next auth frame. Throws TokenError when there is none. */
  current(): Promise<string>;
  /** The iPBX refused the token: try to get a fresh one. False when nothing can be renewed (a pasted token). */
  renew(): Promise<boolean>;
  /** Called by the watchdog: refresh ahead of expiry so a reconnect never meets an expired token. */
  refreshIfDue(): Promise<void>;
}

export type TokenErrorCode = 'not-signed-in' | 'rejected' | 'unreachable' | 'bad-response';

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export function staticToken(token: string): TokenSource {
  return {
    current: async () => token,
    renew: async () => false,
    refreshIfDue: async () => {},
  };
}

/** What is kept of a sign-in (stored by the registry: storage/items.ts, restTokens). */
export type { StoredTokens };

export interface TokenStore {
  load(): Promise<StoredTokens | null>;
  save(tokens: StoredTokens | null): Promise<void>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

const REQUEST_TIMEOUT_MS = 10_000;
/** Refresh when this share of the token's life has passed. */
const REFRESH_AT = 0.8;

function endpoint(restUrl: string, path: string): string {
  return `${restUrl.replace(/\/+$/, '')}${path}`;
}

async function tokenRequest(
  fetchImpl: FetchLike,
  url: string,
  init: { headers: Record<string, string>; body?: string },
  restUrl: string,
  now: number,
): Promise<StoredTokens> {
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    throw new TokenError('unreachable', `The iPBX REST API at ${restUrl} cannot be reached (${errorMessage(e)})`);
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // handled below
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    const message = typeof fields.message === 'string' ? fields.message : `HTTP ${res.status}`;
    throw new TokenError('rejected', message);
  }
  if (!res.ok) throw new TokenError('unreachable', `The iPBX REST API answered HTTP ${res.status}`);
  const { access_token, refresh_token, expires_in } = fields;
  const seconds =
    typeof expires_in === 'number' ? expires_in : typeof expires_in === 'string' ? Number(expires_in) : NaN;
  if (typeof access_token !== 'string' || access_token === '' || typeof refresh_token !== 'string' || !(seconds > 0)) {
    throw new TokenError('bad-response', 'The iPBX REST API sent an answer without a usable token');
  }
  return {
    restUrl,
    accessToken: access_token,
    refreshToken: refresh_token,
    issuedAt: now,
    expiresAt: now + seconds * 1000,
  };
}

/** Signs in once. The caller stores the result; the password goes no further than this request. */
export function restLogin(
  fetchImpl: FetchLike,
  restUrl: string,
  email: string,
  password: string,
  now = Date.now(),
): Promise<StoredTokens> {
  return tokenRequest(
    fetchImpl,
    endpoint(restUrl, '/v1/sso/login'),
    { headers: {}, body: JSON.stringify({ email, password }) },
    restUrl,
    now,
  );
}

export class RestTokens implements TokenSource {
  private inFlight: Promise<StoredTokens> | null = null;

  constructor(
    private readonly restUrl: string,
    private readonly store: TokenStore,
    private readonly fetchImpl: FetchLike,
    private readonly now: () => number = Date.now,
  ) {}

  private async stored(): Promise<StoredTokens> {
    const t = await this.store.load();
    if (!t || t.restUrl !== this.restUrl) throw new TokenError('not-signed-in', 'Not signed in to the iPBX REST API');
    return t;
  }

  private isDue(t: StoredTokens): boolean {
    return this.now() >= t.issuedAt + (t.expiresAt - t.issuedAt) * REFRESH_AT;
  }

  /** One refresh at a time; a rejected refresh token signs the user out. */
  private refresh(t: StoredTokens): Promise<StoredTokens> {
    this.inFlight ??= (async () => {
      try {
        const next = await tokenRequest(
          this.fetchImpl,
          endpoint(this.restUrl, '/v1/sso/refresh'),
          { headers: { Authorization: t.refreshToken } },
          this.restUrl,
          this.now(),
        );
        await this.store.save(next);
        return next;
      } catch (e) {
        if (e instanceof TokenError && e.code === 'rejected') await this.store.save(null);
        throw e;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  async current(): Promise<string> {
    const t = await this.stored();
    return this.isDue(t) ? (await this.refresh(t)).accessToken : t.accessToken;
  }

  async renew(): Promise<boolean> {
    const t = await this.stored().catch(() => null);
    if (!t) return false;
    try {
      await this.refresh(t);
      return true;
    } catch (e) {
      if (e instanceof TokenError && e.code === 'unreachable') throw e;
      return false;
    }
  }

  async refreshIfDue(): Promise<void> {
    const t = await this.stored().catch(() => null);
    if (t && this.isDue(t)) await this.refresh(t).catch(() => undefined);
  }
}
