// Building server frames by hand (so numericIds can write exact number text) and masking secrets for logs.

export type FrameValue = string | number | boolean | null | undefined;
export type FrameFields = Record<string, FrameValue>;

/** Keys that numericIds mode writes as bare JSON numbers (docs/protocol.md, tolerance rules). */
const NUMERIC_KEYS = new Set(['uniqueId', 'from', 'to', 'line']);
/** Text that is a valid JSON number as it stands: no sign, no leading zero, no exponent ("00420…" stays a string). */
const JSON_NUMBER_TEXT = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * Serialises one frame, keys in insertion order, undefined values left out. With `numericIds`, the NUMERIC_KEYS whose
 * text is a JSON number are written bare with that exact text ("1412256225.1940" -> 1412256225.1940, trailing zero
 * kept), which JSON.stringify could not do.
 */
export function encodeFrame(fields: FrameFields, numericIds: boolean): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const bare = numericIds && NUMERIC_KEYS.has(key) && typeof value === 'string' && JSON_NUMBER_TEXT.test(value);
    parts.push(`${JSON.stringify(key)}:${bare ? value : JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

/** "demo-token-alice" -> "demo…(16)": enough to tell tokens apart in a log, not enough to use one. */
export function mask(secret: string): string {
  if (secret.length < 8) return '***';
  return `${secret.slice(0, 4)}…(${secret.length})`;
}

const SECRET_FIELD = /("(?:token|password|access_token|refresh_token)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** Masks the values of secret fields in frame or body text. */
export function redact(text: string): string {
  return text.replace(SECRET_FIELD, (_m, prefix: string, value: string) => `${prefix}"${mask(value)}"`);
}

/** One log line's worth of a frame: secrets masked, long frames cut. */
export function summarize(text: string, max = 300): string {
  const clean = redact(text.length > max * 4 ? text.slice(0, max * 4) : text);
  return clean.length > max ? `${clean.slice(0, max)}… (${text.length} chars)` : clean;
}

/** Deep copy of parsed frame data with secret fields masked (for the control endpoint's state dump). */
export function redactData(data: Record<string, unknown> | null): Record<string, unknown> | null {
  if (data === null) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = /^(token|password|access_token|refresh_token)$/.test(key) && typeof value === 'string' ? mask(value) : value;
  }
  return out;
}
