/** The JSON-frame dialect (a plain WebSocket, one JSON object per text frame): encode actions, decode frames. */
import { parse } from 'lossless-json';
import { decodeFields } from './events.ts';
import { Fields, FrameError } from './fields.ts';
import { MAX_FRAME_CHARS, type ClientAction, type Decoded } from './types.ts';

export function encodeAction(action: ClientAction): string {
  return JSON.stringify(action);
}

/** The frame a client sends to answer the iPBX's own ping. */
export const PONG_FRAME = '{"event":"pong"}';

/** Turns decoding failures into { ok: false, reason }; anything else is a bug and is thrown. */
export function decodeEntries(entries: Iterable<readonly [string, unknown]>): Decoded {
  try {
    return { ok: true, event: decodeFields(new Fields(entries)) };
  } catch (e) {
    if (e instanceof FrameError) return { ok: false, reason: e.message };
    throw e;
  }
}

/**
 * Decodes one WebSocket message. Never throws: anything wrong becomes { ok: false, reason } so the caller can log
 * the reason and carry on with the connection and the call state untouched.
 */
export function decodeFrame(data: unknown): Decoded {
  if (typeof data !== 'string') return { ok: false, reason: 'binary frame' };
  if (data.length > MAX_FRAME_CHARS) return { ok: false, reason: `frame of ${data.length} characters is too large` };
  let value: unknown;
  try {
    // Numbers stay their source text: "uniqueId": 1412256225.1940 must go back as "1412256225.1940".
    value = parse(data, null, (numberText: string) => numberText);
  } catch (e) {
    return { ok: false, reason: `invalid JSON (${e instanceof Error ? e.message.slice(0, 80) : 'parse error'})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'frame is not a JSON object' };
  }
  return decodeEntries(Object.entries(value));
}

/** A short description of a frame for logs: never the token, never a whole frame. */
export function describeAction(action: ClientAction): string {
  switch (action.action) {
    case 'auth':
      return `auth (${action.identityType})`;
    case 'originate':
      return `originate ${action.actionid}`;
    case 'hangupcall':
      return `hangupcall ${action.uniqueid}`;
    case 'transfer':
      return `transfer ${action.type} ${action.uniqueid}`;
    case 'ping':
      return 'ping';
  }
}
