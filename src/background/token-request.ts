/**
 * One HTTP request to a sign-in server (the platform's OAuth token endpoint or the older REST API), and what its
 * failure means for the user: every way it can go wrong becomes a TokenError with a code the pages turn into a
 * sentence (request-errors.ts). The caller reads the tokens out of the answer (token-endpoints.ts).
 */
import { errorMessage } from '../shared/errors.ts';

export type TokenErrorCode =
  /** No tokens stored for this sign-in. */
  | 'not-signed-in'
  /** Wrong password, or a refresh token the server no longer takes (OAuth invalid_grant; REST 400/401/403). */
  | 'rejected'
  /** The OAuth server does not know the client id (invalid_client). */
  | 'invalid-client'
  /** Any other refusal of the request (invalid_request, unsupported_grant_type, invalid_scope, …). */
  | 'refused'
  | 'unreachable'
  /**
   * An https URL whose fetch failed without saying why: a browser reports a refused connection, an unknown host and
   * a certificate it does not trust with the same TypeError, so we cannot tell which.
   */
  | 'unreachable-or-tls'
  /** The TLS handshake failed and the runtime said so (a certificate error, or no TLS at all on that port). */
  | 'tls'
  | 'timeout'
  /** An answer that is not JSON: usually a URL that is not the token endpoint (an HTML page, a proxy's error). */
  | 'not-json'
  /** JSON, but an HTTP error that is none of the above (404, 500, …). */
  | 'http-error'
  /** A success without a usable token. */
  | 'bad-response';

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    /** The URL that was asked, for the user's message (never a secret: tokens travel in bodies and headers). */
    readonly url = '',
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export const REQUEST_TIMEOUT_MS = 10_000;

/** The answer: its status and its JSON object. */
export interface TokenAnswer {
  status: number;
  ok: boolean;
  body: Record<string, unknown>;
}

/** Where each attempt is told, with its body and its answer (the connection log redacts them before keeping them). */
export type SignInAudit = (text: string) => void;

/** Error codes of Node's TLS layer (undici puts them in `cause.code`); a browser gives none. */
const TLS_CODE = /CERT|SSL|TLS|EPROTO/i;

function causeCode(e: unknown): string | undefined {
  const cause: unknown = e instanceof Error ? e.cause : undefined;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code: unknown = Reflect.get(cause, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** Why a fetch threw, as precisely as the runtime lets us know. */
export function networkFailure(e: unknown, url: string): TokenError {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new TokenError('timeout', `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`, url);
  }
  const code = causeCode(e);
  if (code !== undefined) return new TokenError(TLS_CODE.test(code) ? 'tls' : 'unreachable', code, url);
  return new TokenError(url.startsWith('https:') ? 'unreachable-or-tls' : 'unreachable', errorMessage(e), url);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * POSTs `body` and reads the answer as a JSON object. A network failure, a timeout, and an answer that is not a JSON
 * object throw a TokenError; any HTTP status with a JSON object is returned for the caller to judge.
 */
export async function postForTokens(
  fetchImpl: FetchLike,
  url: string,
  init: { headers: Record<string, string>; body?: string },
  audit: { what: string; log?: SignInAudit | undefined },
): Promise<TokenAnswer> {
  const request = `${audit.what}: POST ${url}${init.body === undefined ? '' : ` ${init.body}`}`;
  const tell = (outcome: string) => audit.log?.(`${request} → ${outcome}`);
  let res: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: init.headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (e) {
    const failure = networkFailure(e, url);
    tell(`${failure.code} (${failure.message})`);
    throw failure;
  }
  tell(`HTTP ${res.status} ${text}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TokenError('not-json', `HTTP ${res.status}`, url);
  }
  if (!isRecord(body)) throw new TokenError('not-json', `HTTP ${res.status}`, url);
  return { status: res.status, ok: res.ok, body };
}
