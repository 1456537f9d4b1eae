// Building server frames by hand (so numericIds can write exact number text), in the socket shape or the platform's
// webhook shape, for a WebSocket or a Socket.IO emit; and masking secrets for logs.
import type { EventShape } from './types.js';

export type FrameValue = string | number | boolean | null | undefined;
export type FrameFields = Record<string, FrameValue>;

/** Keys (any case) that numericIds mode writes as bare JSON numbers (docs/protocol.md, tolerance rules). */
const NUMERIC_KEYS = new Set(['uniqueid', 'from', 'to', 'line', 'targetuniqueid']);
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
    const bare =
      numericIds && NUMERIC_KEYS.has(key.toLowerCase()) && typeof value === 'string' && JSON_NUMBER_TEXT.test(value);
    parts.push(`${JSON.stringify(key)}:${bare ? value : JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The webhooks' spelling of a key: EventName for event, else PascalCase (uniqueId -> UniqueId, actionid -> ActionId). */
const WEBHOOK_KEYS: Readonly<Record<string, string>> = { event: 'EventName', actionid: 'ActionId' };

/** The frame in the given shape: `webhook` renames every key (values unchanged, order kept). */
export function shapeFields(fields: FrameFields, shape: EventShape): FrameFields {
  if (shape === 'socket') return fields;
  const out: FrameFields = {};
  for (const [key, value] of Object.entries(fields))
    out[WEBHOOK_KEYS[key] ?? key.charAt(0).toUpperCase() + key.slice(1)] = value;
  return out;
}

/** The event name of a frame in either shape. */
export function eventNameOf(fields: FrameFields): string {
  const name = fields.event ?? fields.EventName;
  return typeof name === 'string' ? name : '';
}

/**
 * A frame as a Socket.IO payload: undefined left out; with numericIds, number-like ids become JS numbers (which is
 * what Socket.IO's JSON can carry: 1412256225.1940 arrives as 1412256225.194, the limit docs/protocol.md names).
 */
export function socketIoPayload(
  fields: FrameFields,
  numericIds: boolean,
  without?: string,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || key === without) continue;
    const bare =
      numericIds && NUMERIC_KEYS.has(key.toLowerCase()) && typeof value === 'string' && JSON_NUMBER_TEXT.test(value);
    out[key] = bare ? Number(value) : value;
  }
  return out;
}

/** "demo-token-alice" -> "demo…(16)": enough to tell tokens apart in a log, not enough to use one. */
export function mask(secret: string): string {
  if (secret.length < 8) return '***';
  return `${secret.slice(0, 4)}…(${secret.length})`;
}

const SECRET_FIELD =
  /("(?:token|password|access_token|refresh_token|accessToken|refreshToken)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

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
    out[key] =
      /^(token|password|access_token|refresh_token)$/.test(key) && typeof value === 'string' ? mask(value) : value;
  }
  return out;
}
