/**
 * What a failure becomes for the pages: a RequestError, whose code is a message key they can show (requests.ts).
 * A call request maps every failure; the REST sign-in maps its own TokenErrors and lets anything unexpected through
 * to the message router, which logs it.
 */
import { NotConnectedError } from './connection.ts';
import { RequestError } from './requests.ts';
import { TokenError } from './tokens.ts';
import { errorMessage } from '../shared/errors.ts';

/** The failure of an originate, hangup or transfer, whatever was thrown. */
export function callRequestError(e: unknown): RequestError {
  if (e instanceof RequestError) return e;
  if (e instanceof NotConnectedError) return new RequestError(e.reason);
  return new RequestError('errInternal', errorMessage(e));
}

/** The failure of a REST sign-in: a TokenError in the options page's words, anything else as it was. */
export function signInError(e: unknown): unknown {
  if (!(e instanceof TokenError)) return e;
  if (e.code === 'rejected') return new RequestError('errLoginRejected', e.message);
  if (e.code === 'unreachable') return new RequestError('reasonRestUnreachable');
  return new RequestError('errLoginBadResponse');
}
