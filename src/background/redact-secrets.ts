/**
 * Takes the secrets out of text the connection log keeps: the auth frame's token, and any access token, refresh
 * token, password or Authorization value, wherever it sits, in JSON (frames, Socket.IO emits, answers of a sign-in
 * server) and in form bodies (the OAuth grants). Everything else is kept as it was, so that the log still shows what
 * went over the wire (numbers keep their exact text: lossless-json).
 */
import { isLosslessNumber, parse, stringify } from 'lossless-json';

export const REDACTED = '***';

/** Key names, compared without case, `_` and `-`: token, access_token, accessToken, refresh-token, Authorization, … */
const SECRET_KEYS = new Set([
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'password',
  'authorization',
  'clientsecret',
]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''));
}

/** Text that names none of these cannot hold one of them by name; the common case under a flood, tested first. */
const HINT = /token|password|authorization|secret/i;

/** A key spelt any of those ways, as a pattern (for text that is not whole JSON). */
const KEY = '(?:token|access[_-]?token|refresh[_-]?token|id[_-]?token|password|authorization|client[_-]?secret)';
/** "key": "value" (escaped quotes inside; a value cut off at the end of the text counts too). */
const QUOTED = new RegExp(`("${KEY}"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(?:"|\\\\?$)`, 'gi');
/** "key": 123, true, null… */
const SCALAR = new RegExp(`("${KEY}"\\s*:\\s*)(?!["\\s])[^,}\\]\\s]+`, 'gi');
/** key=value (form bodies, query strings), key: value (headers): up to a separator. */
const BARE = new RegExp(`(^|[^\\w"-])(${KEY}\\s*[:=]\\s*)(?!["\\s])(?:bearer\\s+)?[^\\s,;&"]*`, 'gi');

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value === 'object' && value !== null && !isLosslessNumber(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : redactValue(v)] as const),
    );
  }
  // A secret inside a string ("Authorization: Bearer …", a form body in a field).
  return typeof value === 'string' && HINT.test(value) ? redactPatterns(value) : value;
}

function redactPatterns(text: string): string {
  return text.replace(QUOTED, `$1${REDACTED}"`).replace(SCALAR, `$1"${REDACTED}"`).replace(BARE, `$1$2${REDACTED}`);
}

/** JSON (object or array) with every secret value replaced, or null when `text` is not JSON. */
function redactJson(text: string): string | null {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return null;
  try {
    return stringify(redactValue(parse(text))) ?? null;
  } catch {
    return null;
  }
}

/** A whole form body (a=b&c=d) with every secret value replaced, or null when `text` is not one. */
function redactForm(text: string): string | null {
  if (!/^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/.test(text)) return null;
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      let key = pair.slice(0, eq);
      try {
        key = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // a broken escape: compare the key as written
      }
      return isSecretKey(key) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * `text` without its secrets: whole JSON and whole form bodies are rewritten value by value, anything else (a frame
 * cut short, a log line with a body inside) by patterns. Idempotent.
 */
export function redactSecrets(text: string): string {
  if (!HINT.test(text)) return text;
  const rewritten = redactJson(text) ?? redactForm(text) ?? text;
  return redactPatterns(rewritten);
}
