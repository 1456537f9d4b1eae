import { describe, expect, it } from 'vitest';
import { NotConnectedError } from '../../src/background/connection.ts';
import { callNotPlaced, callRequestError, signInError } from '../../src/background/request-errors.ts';
import { RequestError, requestErrorText } from '../../src/background/requests.ts';
import { TokenError } from '../../src/background/tokens.ts';

describe('callRequestError', () => {
  it('keeps a RequestError as it is', () => {
    const e = new RequestError('errNoSuchCall');
    expect(callRequestError(e)).toBe(e);
  });

  it("turns a request that could not be sent into the connection's reason", () => {
    const e = callRequestError(new NotConnectedError('reasonTimedOut'));
    expect(e).toBeInstanceOf(RequestError);
    expect(e.code).toBe('reasonTimedOut');
    expect(e.detail).toBeUndefined();
  });

  it('turns anything else into errInternal with its message', () => {
    expect(callRequestError(new Error('boom'))).toMatchObject({ code: 'errInternal', detail: 'boom' });
    expect(callRequestError('odd')).toMatchObject({ code: 'errInternal', detail: 'odd' });
  });
});

describe('callNotPlaced: a call asked for while disconnected (issue 15 §5)', () => {
  it('waiting ran out: not placed, and never will be', () => {
    const e = callNotPlaced(new NotConnectedError('reasonTimedOut'));
    expect(e.code).toBe('errCallNotPlacedInTime');
    expect(requestErrorText(e.code, e.detail)).toBe(
      'The call was not placed: the iPBX did not answer within 5 seconds. It will not be placed later.',
    );
  });

  it('the attempt failed first: not placed, with its reason', () => {
    const e = callNotPlaced(new NotConnectedError('reasonUnreachable'));
    expect(requestErrorText(e.code, e.detail)).toBe('The call was not placed: The iPBX cannot be reached.');
  });

  it('anything else is what callRequestError makes of it', () => {
    expect(callNotPlaced(new Error('boom'))).toMatchObject({ code: 'errInternal', detail: 'boom' });
  });
});

describe('signInError', () => {
  it("a refused sign-in keeps the iPBX's message", () => {
    const e = signInError(new TokenError('rejected', 'Wrong password'));
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ code: 'errLoginRejected', detail: 'Wrong password' });
  });

  it('an unreachable sign-in server says so, naming its URL', () => {
    const e = signInError(new TokenError('unreachable', 'ECONNREFUSED', 'https://auth.example.com/token'));
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ code: 'errSignInUnreachable', detail: 'https://auth.example.com/token' });
  });

  it('an answer without a usable token is a bad response, naming the server', () => {
    expect(signInError(new TokenError('bad-response', 'no token', 'https://pbx/api/v1/sso/login'))).toMatchObject({
      code: 'errLoginBadResponse',
      detail: 'https://pbx/api/v1/sso/login',
    });
    expect(signInError(new TokenError('not-signed-in', 'x'))).toMatchObject({ code: 'errLoginBadResponse' });
  });

  it('lets anything else through unchanged, for the router to log', () => {
    const e = new Error('IndexedDB is closed');
    expect(signInError(e)).toBe(e);
    const notConnected = new NotConnectedError('reasonOffline');
    expect(signInError(notConnected)).toBe(notConnected);
  });
});
