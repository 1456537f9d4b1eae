/**
 * The connection log's redaction (src/background/redact-secrets.ts), as properties over generated frames: a secret
 * under any of its key spellings, in any case, at any depth of any JSON (a frame, a Socket.IO emit, a sign-in answer)
 * or in a form body (an OAuth grant), cut off anywhere, never survives; everything else does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptText } from '../../src/background/connection-log.ts';
import { isSecretKey, REDACTED, redactSecrets } from '../../src/background/redact-secrets.ts';
import { MAX_ENTRY_CHARS } from '../../src/shared/connection-log.ts';

/** Every secret starts with this, so "no secret left" is "no marker left" (generated text never has it otherwise). */
const MARKER = 'Zq9SECRETx';

const SECRET_KEYS = [
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'refresh-token',
  'id_token',
  'password',
  'Authorization',
  'client_secret',
];

/** A secret key in a random case: TOKEN, Access_Token, pAsSwOrD… */
const secretKey = fc
  .tuple(fc.constantFrom(...SECRET_KEYS), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }))
  .map(([key, upper]) => [...key].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

/** Any text after the marker: quotes, backslashes, unicode, control characters. */
const secret = fc.string({ maxLength: 40 }).map((rest) => `${MARKER}${rest}`);
/** What a secret is in practice (a token, a password), for text that may be cut anywhere. */
const plainSecret = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{0,40}$/).map((rest) => `${MARKER}${rest}`);

/** JSON without the marker and without secret keys. */
const innocentJson = fc
  .jsonValue({ maxDepth: 3 })
  .filter((v) => !JSON.stringify(v).includes(MARKER) && !hasSecretKey(v));

function hasSecretKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSecretKey);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([k, v]) => isSecretKey(k) || hasSecretKey(v));
  return false;
}

/** Puts `{[key]: value}` somewhere inside `host`: into an object at any depth, an array, or around it. */
function plant(host: unknown, key: string, value: unknown, path: number[]): unknown {
  const [step = 0, ...rest] = path;
  if (Array.isArray(host) && host.length > 0) {
    const i = step % (host.length + 1);
    if (i === host.length) return [...host, { [key]: value }];
    return host.map((h, j) => (j === i ? plant(h, key, value, rest) : h));
  }
  if (typeof host === 'object' && host !== null) {
    const entries = Object.entries(host);
    const i = step % (entries.length + 1);
    if (i === entries.length || rest.length === 0) return { ...host, [key]: value };
    const [k, v] = entries[i] ?? ['', null];
    return { ...host, [k]: plant(v, key, value, rest) };
  }
  return { value: host, [key]: value };
}

const framesWithSecret = fc
  .record({
    host: innocentJson,
    key: secretKey,
    secret,
    path: fc.array(fc.nat(), { maxLength: 4 }),
    indent: fc.constantFrom(0, 2),
  })
  .map(({ host, key, secret: s, path, indent }) => ({
    text: JSON.stringify(plant(host, key, s, path), null, indent),
    secret: s,
  }));

describe('redactSecrets, properties', () => {
  it('a secret under any key spelling, in any case, at any depth of any JSON does not survive', () => {
    fc.assert(
      fc.property(framesWithSecret, ({ text, secret: s }) => {
        const out = redactSecrets(text);
        expect(out).not.toContain(MARKER);
        expect(out).not.toContain(JSON.stringify(s).slice(1, -1));
        // Still JSON, with the secret replaced and nothing else lost.
        expect(JSON.stringify(JSON.parse(out))).toBe(
          JSON.stringify(JSON.parse(text.split(JSON.stringify(s)).join(JSON.stringify(REDACTED)))),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('several secrets in one Socket.IO emit (an array) all go', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(secretKey, secret), { minLength: 1, maxLength: 5 }),
        innocentJson,
        (pairs, extra) => {
          const emit = ['auth', { ...Object.fromEntries(pairs), extra }];
          const out = redactSecrets(JSON.stringify(emit));
          expect(out).not.toContain(MARKER);
          expect(JSON.parse(out)[0]).toBe('auth');
        },
      ),
    );
  });

  it('JSON without secret keys keeps every value (numbers with their exact text)', () => {
    fc.assert(
      fc.property(innocentJson, fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const out = redactSecrets(text);
        expect(JSON.parse(out)).toEqual(JSON.parse(text));
      }),
    );
    expect(redactSecrets('{"event":"Hangup","uniqueId":1412256225.1940,"tokenType":"x"}')).toBe(
      '{"event":"Hangup","uniqueId":1412256225.1940,"tokenType":"x"}',
    );
  });

  it('a form body (an OAuth grant) loses the secret values and keeps every other pair', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,12}$/), fc.string({ maxLength: 20 })), { maxLength: 5 }),
        secretKey,
        secret,
        fc.nat(),
        (pairs, key, s, at) => {
          const innocent = pairs.filter(([k]) => !isSecretKey(k));
          const all = [...innocent];
          all.splice(at % (all.length + 1), 0, [key, s]);
          const body = new URLSearchParams(all).toString();
          const out = redactSecrets(body);
          expect(out).not.toContain(MARKER);
          expect(out).not.toContain(encodeURIComponent(MARKER));
          const kept = [...new URLSearchParams(out)].filter(([k]) => !isSecretKey(k));
          expect(kept).toEqual(innocent);
        },
      ),
    );
  });

  it('text cut anywhere (a long frame the log keeps only the start of) holds no whole secret', () => {
    fc.assert(
      fc.property(
        innocentJson,
        secretKey,
        plainSecret,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (host, key, s, path, where) => {
          const text = JSON.stringify(plant(host, key, s, path));
          const start = text.indexOf(s);
          // Cut from inside the value up to its end: any part of the secret left must go.
          const cut = start + Math.floor(where * (s.length + 2));
          const out = redactSecrets(text.slice(0, cut));
          expect(out).not.toContain(MARKER);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(framesWithSecret, ({ text }) => {
        const once = redactSecrets(text);
        expect(redactSecrets(once)).toBe(once);
      }),
    );
  });
});

describe('redactSecrets, examples', () => {
  it('the auth frame in both dialects', () => {
    expect(redactSecrets('{"action":"auth","token":"at-1","identityType":"login","identityValue":"alice"}')).toBe(
      '{"action":"auth","token":"***","identityType":"login","identityValue":"alice"}',
    );
    expect(redactSecrets('["auth",{"token":"at-1","identityType":"login","identityValue":"alice"}]')).toBe(
      '["auth",{"token":"***","identityType":"login","identityValue":"alice"}]',
    );
  });

  it('a sign-in line: form body in, JSON answer out; a header; a token inside a string value', () => {
    const line =
      'OAuth password grant: POST https://auth/token grant_type=password&client_id=api&username=a%40b.c&password=p%26w&scope=openid+profile → HTTP 200 {"access_token":"at-1","refresh_token":"rt-1","expires_in":3000}';
    const out = redactSecrets(line);
    for (const s of ['p%26w', 'at-1', 'rt-1']) expect(out).not.toContain(s);
    expect(out).toContain('username=a%40b.c&password=***&scope=openid+profile');
    expect(out).toContain('"expires_in":3000');
    expect(redactSecrets('Authorization: Bearer eyJhbGciOi.x.y')).toBe('Authorization: ***');
    expect(redactSecrets('{"note":"refresh_token=rt-9&x=1"}')).toBe('{"note":"refresh_token=***&x=1"}');
  });

  it("a number under a secret key goes too; a secret key's object goes whole", () => {
    expect(redactSecrets('{"password":12345678,"x":1}')).toBe('{"password":"***","x":1}');
    expect(redactSecrets('{"token":{"value":"abc"},"x":1}')).toBe('{"token":"***","x":1}');
  });

  it('keptText cuts a long frame first and redacts what it keeps, naming the length', () => {
    const long = `{"token":"${'t'.repeat(10_000)}","x":1}`;
    const kept = keptText(long);
    expect(kept).not.toContain('tttt');
    expect(kept.endsWith(`… (${long.length} characters)`)).toBe(true);
    expect(kept.length).toBeLessThan(MAX_ENTRY_CHARS);
  });
});
