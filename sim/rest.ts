// The iPBX REST API subset the extension uses: SSO login and refresh (docs/protocol.md, "Token from the REST API").
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../src/shared/errors.js';
import { mask } from './frames.js';
import { HttpError, isRecord, readJson, sendJson } from './http-util.js';
import type { SimModes, SimUser } from './types.js';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export type AccessLookup = { user: SimUser; expired: boolean } | undefined;

/** Access and refresh tokens issued by the REST API (kept in memory, per simulator). */
export class TokenStore {
  private readonly access = new Map<string, { user: SimUser; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, SimUser>();

  constructor(
    private readonly users: SimUser[],
    private readonly clock: () => number,
    private readonly modes: () => SimModes,
  ) {}

  login(email: string, password: string): TokenPair | null {
    const user = this.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
    if (!user || user.password !== password) return null;
    return this.issue(user);
  }

  /** A refresh token works once: the old one is invalidated by the new pair. */
  refresh(refreshToken: string): TokenPair | null {
    const user = this.refreshTokens.get(refreshToken);
    if (!user) return null;
    this.refreshTokens.delete(refreshToken);
    return this.issue(user);
  }

  lookupAccess(token: string): AccessLookup {
    const entry = this.access.get(token);
    return entry && { user: entry.user, expired: this.clock() >= entry.expiresAt };
  }

  /** Every access token issued so far expires now. */
  expireAll(): number {
    for (const entry of this.access.values()) entry.expiresAt = Number.NEGATIVE_INFINITY;
    return this.access.size;
  }

  private issue(user: SimUser): TokenPair {
    const ttl = this.modes().tokenTtlSeconds;
    const pair: TokenPair = {
      access_token: `at-${randomBytes(24).toString('base64url')}`,
      refresh_token: `rt-${randomBytes(24).toString('base64url')}`,
      expires_in: ttl,
    };
    this.access.set(pair.access_token, { user, expiresAt: this.clock() + ttl * 1000 });
    this.refreshTokens.set(pair.refresh_token, user);
    return pair;
  }
}

/** Handles POST /v1/sso/login and /v1/sso/refresh. Returns false for other paths. */
export async function handleRest(
  req: IncomingMessage, res: ServerResponse, path: string, store: TokenStore, log: (line: string) => void,
): Promise<boolean> {
  if (path !== '/v1/sso/login' && path !== '/v1/sso/refresh') return false;
  if (req.method !== 'POST') {
    sendJson(res, 405, { message: 'Method not allowed' });
    return true;
  }
  if (path === '/v1/sso/login') {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 400;
      sendJson(res, status, { message: errorMessage(err) });
      return true;
    }
    if (!isRecord(body) || typeof body['email'] !== 'string' || typeof body['password'] !== 'string') {
      log('REST login refused: body needs "email" and "password" strings');
      sendJson(res, 400, { message: 'email and password are required' });
      return true;
    }
    const pair = store.login(body['email'], body['password']);
    log(`REST login ${body['email']}: ${pair ? `ok, access ${mask(pair.access_token)}, expires_in ${pair.expires_in}` : 'refused'}`);
    if (pair) sendJson(res, 200, pair);
    else sendJson(res, 401, { message: 'Invalid email or password' });
    return true;
  }
  // The protocol sends the bare refresh token in Authorization (no "Bearer " prefix); we are strict about it.
  req.resume();
  const header = req.headers.authorization ?? '';
  const pair = header ? store.refresh(header) : null;
  log(`REST refresh ${header ? mask(header) : '(no Authorization header)'}: ${pair ? `ok, access ${mask(pair.access_token)}` : 'refused'}`);
  if (pair) sendJson(res, 200, pair);
  else sendJson(res, 401, { message: 'Invalid refresh token' });
  return true;
}
