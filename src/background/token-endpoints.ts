/**
 * The two ways to trade an e-mail and password for tokens, and a refresh token for new ones (docs/protocol.md):
 * - the platform's OAuth 2.0 token endpoint: password and refresh_token grants, form-encoded (RFC 6749 §4.3, §6);
 * - the older REST API: POST {restUrl}/v1/sso/login with JSON, /v1/sso/refresh with the refresh token in
 *   Authorization. Its answers come in both spellings (access_token/accessToken, …, expires_in or an absolute
 *   expiresAt).
 * The password goes into one request body and nowhere else.
 */
import type { OAuthClient } from '../shared/settings.ts';
import type { StoredTokens } from '../shared/storage/items.ts';
import { postForTokens, TokenError, type FetchLike, type SignInAudit, type TokenAnswer } from './token-request.ts';

export interface TokenEndpoint {
  readonly kind: 'rest' | 'oauth';
  /** The URL stored tokens name (StoredTokens.restUrl): tokens of another endpoint are not ours. */
  readonly url: string;
  signIn(email: string, password: string): Promise<StoredTokens>;
  refresh(tokens: StoredTokens): Promise<StoredTokens>;
}

export interface EndpointDeps {
  fetch: FetchLike;
  now: () => number;
  audit?: SignInAudit | undefined;
}

/** A positive number of seconds, as a number or its text; NaN otherwise. */
function seconds(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return n > 0 ? n : NaN;
}

/** An absolute expiry: ISO 8601 text, or epoch seconds or milliseconds. */
function instant(value: unknown): number {
  if (typeof value === 'string' && !/^\d+(\.\d+)?$/.test(value.trim())) return Date.parse(value);
  const n = seconds(value);
  // Epoch seconds stay below 1e11 until the year 5138; milliseconds are above it since 1973.
  return n < 1e11 ? n * 1000 : n;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The tokens of a successful answer, in either spelling. A refresh may leave out the refresh token (RFC 6749 §6):
 * the previous one stays.
 */
export function readTokens(
  body: Record<string, unknown>,
  now: number,
  source: { kind: 'rest' | 'oauth'; url: string },
  previous?: StoredTokens,
): StoredTokens {
  const accessToken = text(body.access_token) || text(body.accessToken);
  const refreshToken = text(body.refresh_token) || text(body.refreshToken) || previous?.refreshToken || '';
  const lifetime = seconds(body.expires_in ?? body.expiresIn);
  const expiresAt = Number.isNaN(lifetime) ? instant(body.expiresAt ?? body.expires_at) : now + lifetime * 1000;
  if (accessToken === '' || refreshToken === '' || !(expiresAt > now)) {
    throw new TokenError('bad-response', 'an answer without a usable token', source.url);
  }
  const tokens: StoredTokens = {
    restUrl: source.url,
    kind: source.kind,
    accessToken,
    refreshToken,
    issuedAt: now,
    expiresAt,
  };
  // The refresh token's life, where the answer states it; a kept refresh token keeps its old expiry.
  const refreshLifetime = seconds(body.refresh_expires_in ?? body.refreshExpiresIn);
  const kept = previous !== undefined && refreshToken === previous.refreshToken;
  const refreshExpiresAt = !Number.isNaN(refreshLifetime)
    ? now + refreshLifetime * 1000
    : kept
      ? previous.refreshExpiresAt
      : undefined;
  if (refreshExpiresAt !== undefined) tokens.refreshExpiresAt = refreshExpiresAt;
  return tokens;
}

/** RFC 6749 §5.2: the error of a refused OAuth request (400 or 401); any other status is no OAuth answer. */
function oauthFailure(answer: TokenAnswer, url: string): TokenError {
  const error = answer.status === 400 || answer.status === 401 ? text(answer.body.error) : '';
  const description = text(answer.body.error_description);
  const said = description ? `${error}: ${description}` : error;
  if (error === 'invalid_grant') return new TokenError('rejected', said, url);
  if (error === 'invalid_client') return new TokenError('invalid-client', said, url);
  if (error !== '') return new TokenError('refused', said.slice(0, 200), url);
  return new TokenError('http-error', `HTTP ${answer.status}`, url);
}

export function oauthEndpoint(client: OAuthClient, deps: EndpointDeps): TokenEndpoint {
  const source = { kind: 'oauth' as const, url: client.tokenUrl };
  const grant = async (what: string, fields: Record<string, string>, previous?: StoredTokens) => {
    const answer = await postForTokens(
      deps.fetch,
      client.tokenUrl,
      {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams(fields).toString(),
      },
      { what, log: deps.audit },
    );
    if (!answer.ok) throw oauthFailure(answer, client.tokenUrl);
    return readTokens(answer.body, deps.now(), source, previous);
  };
  return {
    ...source,
    signIn: (email, password) =>
      grant('OAuth password grant', {
        grant_type: 'password',
        client_id: client.clientId,
        username: email,
        password,
        ...(client.scope === '' ? {} : { scope: client.scope }),
      }),
    refresh: (t) =>
      grant(
        'OAuth refresh',
        { grant_type: 'refresh_token', client_id: client.clientId, refresh_token: t.refreshToken },
        t,
      ),
  };
}

/** The REST API's refusal: 400, 401 and 403 are a wrong password or a dead refresh token, with its message. */
function restFailure(answer: TokenAnswer, url: string): TokenError {
  if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
    const message = text(answer.body.message) || text(answer.body.error) || `HTTP ${answer.status}`;
    return new TokenError('rejected', message.slice(0, 200), url);
  }
  return new TokenError('http-error', `HTTP ${answer.status}`, url);
}

export function restEndpoint(restUrl: string, deps: EndpointDeps): TokenEndpoint {
  const source = { kind: 'rest' as const, url: restUrl };
  const base = restUrl.replace(/\/+$/, '');
  const call = async (what: string, path: string, init: { headers: Record<string, string>; body?: string }) => {
    const url = `${base}${path}`;
    const answer = await postForTokens(
      deps.fetch,
      url,
      { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } },
      { what, log: deps.audit },
    );
    if (!answer.ok) throw restFailure(answer, url);
    return answer.body;
  };
  return {
    ...source,
    signIn: async (email, password) =>
      readTokens(
        await call('REST sign-in', '/v1/sso/login', { headers: {}, body: JSON.stringify({ email, password }) }),
        deps.now(),
        source,
      ),
    refresh: async (t) =>
      readTokens(
        await call('REST refresh', '/v1/sso/refresh', { headers: { Authorization: t.refreshToken } }),
        deps.now(),
        source,
        t,
      ),
  };
}
