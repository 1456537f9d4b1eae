/**
 * The Socket.IO dialect (issue 15 §3): actions go out as emit(action, payload) with the JSON frames' payloads; events
 * come in as named events (emit('Ringing', {...}), the name being the event) or as one 'event' message carrying the
 * whole object. Both decode into the same typed events, under the same tolerance rules, as JSON frames.
 *
 * Limit: socket.io-client hands over payloads its own JSON.parse already read, so a uniqueId sent as a bare JSON
 * number has lost digits before we see it (1412256225.1940 arrives as 1412256225.194). Numbers become String(n);
 * an iPBX speaking Socket.IO must send ids as strings to keep them exact.
 */
import { decodeEntries } from './json-frames.ts';
import { MAX_FRAME_CHARS, type ActionName, type ClientAction, type Decoded } from './types.ts';

export type SocketIoPayload = Readonly<Record<string, unknown>>;
/** The arguments of one socket.emit(): the action's name, then its payload (ping has none). */
export type SocketIoEmit = readonly [name: ActionName] | readonly [name: ActionName, payload: SocketIoPayload];

/** The message that carries a whole event object, in the second style. */
export const SOCKET_IO_EVENT_MESSAGE = 'event';

/** What a client emits to answer the iPBX's own ping. */
export const SOCKET_IO_PONG: readonly ['pong'] = ['pong'];

export function encodeSocketIoAction(action: ClientAction): SocketIoEmit {
  switch (action.action) {
    case 'auth':
      return ['auth', { token: action.token, identityType: action.identityType, identityValue: action.identityValue }];
    case 'originate': {
      const { to, callerid, actionid } = action;
      return ['originate', callerid === undefined ? { to, actionid } : { to, callerid, actionid }];
    }
    case 'hangupcall':
      return ['hangupcall', { uniqueid: action.uniqueid }];
    case 'transfer':
      return ['transfer', { uniqueid: action.uniqueid, to: action.to, type: action.type, data: action.data }];
    case 'ping':
      return ['ping'];
  }
}

/** Numbers as their text (what a JSON frame keeps), everything else as it came. */
function scalarText(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
}

function isBinary(value: unknown): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** Characters of the payload as JSON, or null when it cannot be written as JSON at all. */
function jsonLength(args: readonly unknown[]): number | null {
  try {
    return JSON.stringify(args).length;
  } catch {
    return null;
  }
}

/**
 * Decodes one Socket.IO event (socket.onAny(name, ...args)). Never throws: anything wrong becomes
 * { ok: false, reason }, as for a JSON frame.
 */
export function decodeSocketIoEvent(name: unknown, args: readonly unknown[]): Decoded {
  if (typeof name !== 'string' || name === '') return { ok: false, reason: 'Socket.IO event without a name' };
  const payload = args[0];
  if (isBinary(payload)) return { ok: false, reason: 'binary payload' };
  const size = jsonLength(args);
  if (size === null) return { ok: false, reason: 'payload is not JSON' };
  if (size > MAX_FRAME_CHARS) return { ok: false, reason: `payload of ${size} characters is too large` };
  const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  const entries = isObject ? Object.entries(payload).map(([k, v]): [string, unknown] => [k, scalarText(v)]) : [];
  if (name.toLowerCase() === SOCKET_IO_EVENT_MESSAGE) {
    if (!isObject) return { ok: false, reason: '"event" message without an event object' };
    return decodeEntries(entries);
  }
  if (!isObject && payload !== undefined && payload !== null) {
    return { ok: false, reason: `"${name.slice(0, 60)}" payload is not an object` };
  }
  // The emitted name is the event, whatever the payload says (read first, so it wins over "event"/"EventName").
  return decodeEntries([['event', name], ...entries]);
}
