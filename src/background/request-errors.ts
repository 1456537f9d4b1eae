/**
 * What a failure becomes for the pages: a RequestError, whose code is a message key they can show (requests.ts).
 * A call request maps every failure; the sign-in maps its own TokenErrors and lets anything unexpected through to the
 * message router, which logs it.
 */
import { NotConnectedError } from './connection.ts';
import { RequestError } from './requests.ts';
import { TokenError, type TokenErrorCode } from './token-request.ts';
import { errorMessage } from '../shared/errors.ts';
import { t, type MessageKey } from '../shared/i18n.ts';

/** The failure of an originate, hangup or transfer, whatever was thrown. */
export function callRequestError(e: unknown): RequestError {
  if (e instanceof RequestError) return e;
  if (e instanceof NotConnectedError) return new RequestError(e.reason);
  return new RequestError('errInternal', errorMessage(e));
}

/**
 * A call that could not go out because there was no connection: it is not placed, now or later (issue 15 §5).
 * Waiting ran out, or the attempt failed first (with its reason).
 */
export function callNotPlaced(e: unknown): RequestError {
  if (!(e instanceof NotConnectedError)) return callRequestError(e);
  if (e.reason === 'reasonTimedOut') return new RequestError('errCallNotPlacedInTime');
  return new RequestError('errCallNotPlaced', t(e.reason));
}

/** Each way a sign-in fails, in the options page's words; the substitution is the server's URL or its own words. */
const SIGN_IN_MESSAGES: Record<TokenErrorCode, { key: MessageKey; detail: 'url' | 'said' }> = {
  rejected: { key: 'errLoginRejected', detail: 'said' },
  'invalid-client': { key: 'errSignInClient', detail: 'said' },
  refused: { key: 'errSignInRefused', detail: 'said' },
  unreachable: { key: 'errSignInUnreachable', detail: 'url' },
  'unreachable-or-tls': { key: 'errSignInUnreachableOrTls', detail: 'url' },
  tls: { key: 'errSignInTls', detail: 'url' },
  timeout: { key: 'errSignInTimeout', detail: 'url' },
  'not-json': { key: 'errSignInNotJson', detail: 'url' },
  'http-error': { key: 'errSignInHttp', detail: 'said' },
  'bad-response': { key: 'errLoginBadResponse', detail: 'url' },
  // A sign-in never asks for stored tokens; should it say so, the tokens it got were no use.
  'not-signed-in': { key: 'errLoginBadResponse', detail: 'url' },
};

/** The failure of a sign-in: a TokenError in the options page's words, anything else as it was. */
export function signInError(e: unknown): unknown {
  if (!(e instanceof TokenError)) return e;
  const { key, detail } = SIGN_IN_MESSAGES[e.code];
  return new RequestError(key, detail === 'url' ? e.url : e.message);
}
