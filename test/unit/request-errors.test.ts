import { describe, expect, it } from 'vitest';
import { NotConnectedError } from '../../src/background/connection.ts';
import { callRequestError, signInError } from '../../src/background/request-errors.ts';
import { RequestError } from '../../src/background/requests.ts';
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

describe('signInError', () => {
  it("a refused sign-in keeps the iPBX's message", () => {
    const e = signInError(new TokenError('rejected', 'Wrong password'));
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ code: 'errLoginRejected', detail: 'Wrong password' });
  });

  it('an unreachable REST API says so', () => {
    const e = signInError(new TokenError('unreachable', 'fetch failed'));
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ code: 'reasonRestUnreachable', detail: undefined });
  });

  it('an answer without a usable token, or any other TokenError, is a bad response', () => {
    expect(signInError(new TokenError('bad-response', 'no token'))).toMatchObject({
      code: 'errLoginBadResponse',
      detail: undefined,
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
