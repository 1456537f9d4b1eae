// The platform's sign-in as it is today: an OAuth 2.0 token endpoint with the password and refresh_token grants
// (RFC 6749 §4.3, §6), form-encoded, one public client "api" (issue 15 §1). Its tokens work for `auth` on both
// transports and as bearer tokens for /contacts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../src/shared/errors.js';
import { mask } from './frames.js';
import { CORS_HEADERS, HttpError, readForm } from './http-util.js';
import type { IssuedTokens, TokenStore } from './rest.js';

export const OAUTH_TOKEN_PATH = '/oauth/token';
/** The only client the platform documents. */
export const OAUTH_CLIENT_ID = 'api';
const DEFAULT_SCOPE = 'openid profile';

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

/** RFC 6749 §5.1: token answers are never cached. */
function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="ipbx"' } : {}),
  });
  res.end(JSON.stringify(body));
}

function failure(error: OAuthError, description: string): Answer {
  return { status: error === 'invalid_client' ? 401 : 400, body: { error, error_description: description } };
}

interface Answer {
  status: number;
  body: Record<string, string | number>;
}

/** The client id from the form, or from HTTP Basic client authentication. */
function clientId(req: IncomingMessage, form: URLSearchParams): string | null {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic !== undefined) return decodeURIComponent(Buffer.from(basic, 'base64').toString('utf8').split(':')[0] ?? '');
  return form.get('client_id');
}

function tokenBody(t: IssuedTokens, scope: string): Record<string, string | number> {
  return {
    access_token: t.accessToken,
    expires_in: t.expiresIn,
    refresh_expires_in: t.refreshExpiresIn,
    refresh_token: t.refreshToken,
    token_type: 'Bearer',
    scope,
  };
}

/** Handles POST /oauth/token. Returns false for other paths. */
export async function handleOAuth(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  store: TokenStore,
  log: (line: string) => void,
): Promise<boolean> {
  if (path !== OAUTH_TOKEN_PATH) return false;
  if (req.method !== 'POST') {
    req.resume();
    send(res, 405, { error: 'invalid_request', error_description: 'Use POST' });
    return true;
  }
  let form: URLSearchParams;
  try {
    form = await readForm(req);
  } catch (err) {
    const message = errorMessage(err);
    send(res, err instanceof HttpError && err.status === 413 ? 413 : 400, {
      error: 'invalid_request',
      error_description: message,
    });
    return true;
  }
  const answer = grantTokens(req, form, store, log);
  send(res, answer.status, answer.body);
  return true;
}

/** The answer to one token request: new tokens, or the RFC 6749 §5.2 error. */
function grantTokens(
  req: IncomingMessage,
  form: URLSearchParams,
  store: TokenStore,
  log: (line: string) => void,
): Answer {
  const grant = form.get('grant_type');
  if (!grant) return failure('invalid_request', 'grant_type is required');
  if (grant !== 'password' && grant !== 'refresh_token')
    return failure('unsupported_grant_type', `grant_type ${grant.slice(0, 40)}`);
  const client = clientId(req, form);
  if (client !== OAUTH_CLIENT_ID) {
    log(`OAuth ${grant}: unknown client ${JSON.stringify(client)}`);
    return failure('invalid_client', 'Invalid client credentials');
  }
  const scope = form.get('scope') ?? DEFAULT_SCOPE;
  if (grant === 'password') {
    const username = form.get('username');
    const password = form.get('password');
    if (!username || password === null) return failure('invalid_request', 'username and password are required');
    const user = store.checkPassword(username, password);
    log(`OAuth password grant for ${username}: ${user ? 'ok' : 'refused'}`);
    if (!user) return failure('invalid_grant', 'Invalid user credentials');
    const issued = store.issue(user);
    log(`OAuth issued access ${mask(issued.accessToken)}, expires_in ${issued.expiresIn}`);
    return { status: 200, body: tokenBody(issued, scope) };
  }
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return failure('invalid_request', 'refresh_token is required');
  const issued = store.refresh(refreshToken);
  log(`OAuth refresh ${mask(refreshToken)}: ${issued ? `ok, access ${mask(issued.accessToken)}` : 'refused'}`);
  return issued ? { status: 200, body: tokenBody(issued, scope) } : failure('invalid_grant', 'Token is not active');
}
