// The iPBX REST API subset the extension uses: SSO login and refresh (docs/protocol.md, "Token from the REST API"),
// and the token store shared with the OAuth endpoint (oauth.ts).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../src/shared/errors.js';
import { mask } from './frames.js';
import { HttpError, isRecord, readJson, sendJson } from './http-util.js';
import type { SimModes, SimUser } from './types.js';

export interface IssuedTokens {
  user: SimUser;
  accessToken: string;
  refreshToken: string;
  /** Seconds, as issued. */
  expiresIn: number;
  refreshExpiresIn: number;
  /** Clock ms when the access token expires. */
  expiresAt: number;
}

export type AccessLookup = { user: SimUser; expired: boolean } | undefined;

/** Access and refresh tokens issued by the REST API and the OAuth endpoint (kept in memory, per simulator). */
export class TokenStore {
  private readonly access = new Map<string, { user: SimUser; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { user: SimUser; expiresAt: number }>();

  constructor(
    private readonly users: SimUser[],
    private readonly clock: () => number,
    private readonly modes: () => SimModes,
  ) {}

  /** The user with this e-mail (any case) or login, when the password matches. */
  checkPassword(name: string, password: string): SimUser | null {
    const key = name.trim().toLowerCase();
    const user = this.users.find((u) => u.email.toLowerCase() === key || u.login === key);
    return user && user.password === password ? user : null;
  }

  login(email: string, password: string): IssuedTokens | null {
    const user = this.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
    if (!user || user.password !== password) return null;
    return this.issue(user);
  }

  /** A refresh token works once, until it expires: the old one is invalidated by the new pair. */
  refresh(refreshToken: string): IssuedTokens | null {
    const entry = this.refreshTokens.get(refreshToken);
    if (!entry) return null;
    this.refreshTokens.delete(refreshToken);
    return this.clock() < entry.expiresAt ? this.issue(entry.user) : null;
  }

  lookupAccess(token: string): AccessLookup {
    const entry = this.access.get(token);
    return entry && { user: entry.user, expired: this.clock() >= entry.expiresAt };
  }

  /** The user of a bearer token: an issued access token that has not expired, or a user's static token. */
  bearerUser(token: string): SimUser | null {
    const issued = this.lookupAccess(token);
    if (issued) return issued.expired ? null : issued.user;
    return this.users.find((u) => u.token === token) ?? null;
  }

  /** Every access token issued so far expires now. */
  expireAll(): number {
    for (const entry of this.access.values()) entry.expiresAt = Number.NEGATIVE_INFINITY;
    return this.access.size;
  }

  issue(user: SimUser): IssuedTokens {
    const { tokenTtlSeconds, refreshTokenTtlSeconds } = this.modes();
    const now = this.clock();
    const issued: IssuedTokens = {
      user,
      accessToken: `at-${randomBytes(24).toString('base64url')}`,
      refreshToken: `rt-${randomBytes(24).toString('base64url')}`,
      expiresIn: tokenTtlSeconds,
      refreshExpiresIn: refreshTokenTtlSeconds,
      expiresAt: now + tokenTtlSeconds * 1000,
    };
    this.access.set(issued.accessToken, { user, expiresAt: issued.expiresAt });
    this.refreshTokens.set(issued.refreshToken, { user, expiresAt: now + refreshTokenTtlSeconds * 1000 });
    return issued;
  }
}

/** The /v1/sso answer: snake_case with a relative expires_in, or (restCamelCase) camelCase with an absolute expiresAt. */
function ssoBody(t: IssuedTokens, camelCase: boolean): Record<string, string | number> {
  return camelCase
    ? { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: new Date(t.expiresAt).toISOString() }
    : { access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: t.expiresIn };
}

/** Handles POST /v1/sso/login and /v1/sso/refresh. Returns false for other paths. */
export async function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  store: TokenStore,
  modes: () => SimModes,
  log: (line: string) => void,
): Promise<boolean> {
  if (path !== '/v1/sso/login' && path !== '/v1/sso/refresh') return false;
  if (req.method !== 'POST') {
    sendJson(res, 405, { message: 'Method not allowed' });
    return true;
  }
  const camelCase = modes().restCamelCase;
  if (path === '/v1/sso/login') {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 400;
      sendJson(res, status, { message: errorMessage(err) });
      return true;
    }
    if (!isRecord(body) || typeof body.email !== 'string' || typeof body.password !== 'string') {
      log('REST login refused: body needs "email" and "password" strings');
      sendJson(res, 400, { message: 'email and password are required' });
      return true;
    }
    const issued = store.login(body.email, body.password);
    log(
      `REST login ${body.email}: ${issued ? `ok, access ${mask(issued.accessToken)}, expires_in ${issued.expiresIn}` : 'refused'}`,
    );
    if (issued) sendJson(res, 200, ssoBody(issued, camelCase));
    else sendJson(res, 401, { message: 'Invalid email or password' });
    return true;
  }
  // The protocol sends the bare refresh token in Authorization (no "Bearer " prefix); we are strict about it.
  req.resume();
  const header = req.headers.authorization ?? '';
  const issued = header ? store.refresh(header) : null;
  log(
    `REST refresh ${header ? mask(header) : '(no Authorization header)'}: ${issued ? `ok, access ${mask(issued.accessToken)}` : 'refused'}`,
  );
  if (issued) sendJson(res, 200, ssoBody(issued, camelCase));
  else sendJson(res, 401, { message: 'Invalid refresh token' });
  return true;
}
