/**
 * The one codec for the iPBX wire protocol (docs/protocol.md). Every frame that leaves or enters the extension goes
 * through encodeAction() or decodeFrame(); nothing else touches raw frames.
 */
import { parse } from 'lossless-json';

/** Larger frames are dropped unparsed: no real event comes close, and parsing megabytes would stall the worker. */
export const MAX_FRAME_CHARS = 256 * 1024;

export const IDENTITY_TYPES = ['login', 'line', 'email'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export const DIRECTIONS = ['incoming', 'outgoing', 'incomingLocal', 'outgoingLocal'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export type TransferType = 'blind' | 'attended';
export type CallEventType = 'ringing' | 'answered' | 'hangup';

export type ClientAction =
  | { action: 'auth'; token: string; identityType: IdentityType; identityValue: string }
  | { action: 'originate'; to: string; callerid?: string; actionid: string }
  | { action: 'hangupcall'; uniqueid: string }
  | { action: 'transfer'; uniqueid: string; to: string; type: TransferType; data: Record<string, never> }
  | { action: 'ping' };

export type ActionName = ClientAction['action'];

/** A call event, normalised: ids and numbers are the exact source text, names and directions canonical. */
export interface CallEvent {
  event: 'call';
  type: CallEventType;
  uniqueId: string;
  from?: string;
  to?: string;
  direction?: Direction;
  line?: string;
  queue?: string;
  reason?: string;
}

export type PbxEvent =
  | { event: 'auth'; ok: true; line?: string }
  | { event: 'auth'; ok: false; message: string }
  | { event: 'originateresponse'; actionid: string; ok: boolean; message?: string; uniqueId?: string }
  | CallEvent
  | { event: 'pong' }
  /** The iPBX may ping too; we answer with {"event":"pong"}. */
  | { event: 'ping' }
  | { event: 'error'; message: string; action?: string }
  | { event: 'unknown'; name: string };

export type Decoded = { ok: true; event: PbxEvent } | { ok: false; reason: string };

export function encodeAction(action: ClientAction): string {
  return JSON.stringify(action);
}

/** The frame a client sends to answer the iPBX's own ping. */
export const PONG_FRAME = '{"event":"pong"}';

const DIRECTION_BY_LOWER = new Map<string, Direction>(DIRECTIONS.map((d) => [d.toLowerCase(), d]));

type Fields = Record<string, unknown>;

/** Numbers are parsed as their source text, so every scalar we read is a string (or boolean/null). */
function text(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  return typeof v === 'string' ? v : undefined;
}

class FrameError extends Error {}

function required(fields: Fields, key: string, event: string): string {
  const v = fields[key];
  if (v === undefined || v === null) throw new FrameError(`${event}: missing "${key}"`);
  if (typeof v !== 'string') throw new FrameError(`${event}: "${key}" must be a string or number`);
  return v;
}

/** Optional field: absent is fine, a wrong type is not (it would hide a PBX bug). */
function optional(fields: Fields, key: string, event: string): string | undefined {
  const v = fields[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FrameError(`${event}: "${key}" must be a string or number`);
  return v;
}

function direction(fields: Fields, event: string, mandatory: boolean): Direction | undefined {
  const raw = mandatory ? required(fields, 'direction', event) : optional(fields, 'direction', event);
  if (raw === undefined) return undefined;
  const d = DIRECTION_BY_LOWER.get(raw.toLowerCase());
  if (!d) throw new FrameError(`${event}: unknown direction "${raw.slice(0, 40)}"`);
  return d;
}

function callEvent(fields: Fields, type: CallEventType): CallEvent {
  const name = type;
  const isRinging = type === 'ringing';
  const ev: CallEvent = { event: 'call', type, uniqueId: required(fields, 'uniqueId', name) };
  if (ev.uniqueId === '') throw new FrameError(`${name}: empty "uniqueId"`);
  // An anonymous caller is a normal call: the iPBX sends "from": null or leaves it out. Ringing and Answered carry it
  // as '' (the calls it creates are shown as anonymous); a Hangup never needs the parties.
  const from = type === 'hangup' ? optional(fields, 'from', name) : (optional(fields, 'from', name) ?? '');
  const to = isRinging ? required(fields, 'to', name) : optional(fields, 'to', name);
  const dir = direction(fields, name, isRinging);
  const line = optional(fields, 'line', name);
  const queue = optional(fields, 'queue', name);
  const reason = type === 'hangup' ? optional(fields, 'reason', name) : undefined;
  if (from !== undefined) ev.from = from;
  if (to !== undefined) ev.to = to;
  if (dir !== undefined) ev.direction = dir;
  if (line !== undefined) ev.line = line;
  if (queue !== undefined) ev.queue = queue;
  if (reason !== undefined) ev.reason = reason;
  return ev;
}

function decodeFields(fields: Fields): PbxEvent {
  const rawName = fields.event;
  if (rawName === undefined) {
    // The mirror of our keepalive: the iPBX asks whether we are alive.
    if (typeof fields.action === 'string' && fields.action.toLowerCase() === 'ping') return { event: 'ping' };
    throw new FrameError('missing "event"');
  }
  if (typeof rawName !== 'string') throw new FrameError('"event" must be a string');
  const name = rawName.toLowerCase();
  switch (name) {
    case 'auth': {
      const status = required(fields, 'status', 'auth').toLowerCase();
      if (status === 'ok') {
        const line = optional(fields, 'line', 'auth');
        return line === undefined ? { event: 'auth', ok: true } : { event: 'auth', ok: true, line };
      }
      if (status === 'error') return { event: 'auth', ok: false, message: text(fields, 'message') ?? '' };
      throw new FrameError(`auth: unknown status "${status.slice(0, 40)}"`);
    }
    case 'originateresponse': {
      const actionid = required(fields, 'actionid', name);
      const response = required(fields, 'response', name).toLowerCase();
      if (response !== 'success' && response !== 'error') {
        throw new FrameError(`originateresponse: unknown response "${response.slice(0, 40)}"`);
      }
      const ev: PbxEvent = { event: 'originateresponse', actionid, ok: response === 'success' };
      const message = optional(fields, 'message', name);
      const uniqueId = optional(fields, 'uniqueId', name);
      if (message !== undefined) ev.message = message;
      if (uniqueId !== undefined) ev.uniqueId = uniqueId;
      return ev;
    }
    case 'ringing':
    case 'answered':
    case 'hangup':
      return callEvent(fields, name);
    case 'pong':
      return { event: 'pong' };
    case 'error': {
      const action = optional(fields, 'action', name);
      const message = text(fields, 'message') ?? '';
      return action === undefined ? { event: 'error', message } : { event: 'error', message, action };
    }
    default:
      return { event: 'unknown', name: rawName.slice(0, 60) };
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
  try {
    return { ok: true, event: decodeFields(value as Fields) };
  } catch (e) {
    if (e instanceof FrameError) return { ok: false, reason: e.message };
    throw e;
  }
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
