import { describe, it, expect, vi } from 'vitest';
import { createLogger, redact } from '../../src/shared/log.ts';

describe('redact', () => {
  it.each([
    ['{"token":"abc123"}', '{"token":"***"}'],
    [
      '{"action":"auth","token":"abc123","identityType":"line"}',
      '{"action":"auth","token":"***","identityType":"line"}',
    ],
    ['{"password": "hunter2"}', '{"password": "***"}'],
    [
      '{"access_token":"eyJhbGciOi.x.y","refresh_token":"r-1","expires_in":3600}',
      '{"access_token":"***","refresh_token":"***","expires_in":3600}',
    ],
    ['{"Authorization":"r-1"}', '{"Authorization":"***"}'],
  ])('masks JSON-ish %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['token=abc123', 'token=***'],
    ['login failed: password=hunter2 for jana', 'login failed: password=*** for jana'],
    ['access_token=xyz&next=1', 'access_token=***&next=1'],
    ['refresh_token = r-1, retrying', 'refresh_token = ***, retrying'],
    ['authorization: r-1', 'authorization: ***'],
    ['TOKEN: abc', 'TOKEN: ***'],
  ])('masks key=value text %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('masks every occurrence', () => {
    const out = redact('token=a1 then token=b2 and {"password":"c3"}');
    expect(out).toBe('token=*** then token=*** and {"password":"***"}');
    for (const secret of ['a1', 'b2', 'c3']) expect(out).not.toContain(secret);
  });

  it('leaves text without secrets alone', () => {
    for (const text of [
      'connected and authenticated',
      'sent originate a1',
      'auth (line)',
      '{"identityType":"line","identityValue":"444"}',
      'tokenType: bearer',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });
});

describe('createLogger', () => {
  function sink() {
    return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  }

  it('prefixes each level with the scope', () => {
    const s = sink();
    const log = createLogger('background', s);
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(s.debug).toHaveBeenCalledWith('[iPBX background] d');
    expect(s.info).toHaveBeenCalledWith('[iPBX background] i');
    expect(s.warn).toHaveBeenCalledWith('[iPBX background] w');
    expect(s.error).toHaveBeenCalledWith('[iPBX background] e');
  });

  it('sends everything through redact', () => {
    const s = sink();
    const log = createLogger('bg', s);
    log.debug('frame {"action":"auth","token":"SECRET1"}');
    log.info('token=SECRET2');
    log.warn('{"refresh_token":"SECRET3"}');
    log.error('password: SECRET4');
    const all = [s.debug, s.info, s.warn, s.error].flatMap((fn) => fn.mock.calls.map((c) => String(c[0])));
    expect(all).toHaveLength(4);
    for (const line of all) {
      expect(line).not.toMatch(/SECRET\d/);
      expect(line).toContain('***');
    }
    expect(s.info).toHaveBeenCalledWith('[iPBX bg] token=***');
  });

  it('defaults to the console', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      createLogger('x').warn('token=abc');
      expect(spy).toHaveBeenCalledWith('[iPBX x] token=***');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('redact keeps whole secrets out', () => {
  it.each([
    ['{"password":"correct horse battery"}', '{"password":"***"}'],
    ['Authorization: Bearer abc.def', 'Authorization: ***'],
    ['{"token":"a,b}c"}', '{"token":"***"}'],
    ['{"token":"a\\"b c"}', '{"token":"***"}'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
