/** The platform's event vocabulary: one frame's fields (any key case) to one typed event (docs/protocol.md). */
import { type Fields, FrameError } from './fields.ts';
import {
  DIRECTIONS,
  type AgentEvent,
  type AgentEventType,
  type CallEvent,
  type CallEventType,
  type Direction,
  type PbxEvent,
} from './types.ts';

const DIRECTION_BY_LOWER = new Map<string, Direction>(DIRECTIONS.map((d) => [d.toLowerCase(), d]));

const AGENT_EVENTS: ReadonlyMap<string, AgentEventType> = new Map([
  ['agentlogin', 'login'],
  ['agentlogout', 'logout'],
  ['agentpaused', 'paused'],
  ['agentunpaused', 'unpaused'],
]);

function direction(fields: Fields, event: string, mandatory: boolean): Direction | undefined {
  const raw = mandatory ? fields.required('direction', event) : fields.optional('direction', event);
  if (raw === undefined) return undefined;
  const d = DIRECTION_BY_LOWER.get(raw.toLowerCase());
  if (!d) throw new FrameError(`${event}: unknown direction "${raw.slice(0, 40)}"`);
  return d;
}

function callEvent(fields: Fields, type: CallEventType): CallEvent {
  const name = type;
  const isRinging = type === 'ringing';
  const ev: CallEvent = { event: 'call', type, uniqueId: fields.required('uniqueId', name) };
  if (ev.uniqueId === '') throw new FrameError(`${name}: empty "uniqueId"`);
  // An anonymous caller is a normal call: the iPBX sends "from": null or leaves it out. The events that can create a
  // call carry it as '' (shown as anonymous); Hangup and AttendedTransfer never need the parties.
  const creates = type === 'newcall' || type === 'ringing' || type === 'answered';
  const from = creates ? (fields.optional('from', name) ?? '') : fields.optional('from', name);
  const to = isRinging ? fields.required('to', name) : fields.optional('to', name);
  const dir = direction(fields, name, isRinging);
  const line = fields.optional('line', name);
  const queue = fields.optional('queue', name);
  const reason = type === 'hangup' ? fields.optional('reason', name) : undefined;
  const target = type === 'attendedtransfer' ? fields.optional('targetUniqueId', name) : undefined;
  if (from !== undefined) ev.from = from;
  if (to !== undefined) ev.to = to;
  if (dir !== undefined) ev.direction = dir;
  if (line !== undefined) ev.line = line;
  if (queue !== undefined) ev.queue = queue;
  if (reason !== undefined) ev.reason = reason;
  if (target !== undefined && target !== '') ev.targetUniqueId = target;
  return ev;
}

function agentEvent(fields: Fields, name: string, type: AgentEventType): AgentEvent {
  const ev: AgentEvent = { event: 'agent', type, queue: fields.required('queue', name) };
  if (ev.queue === '') throw new FrameError(`${name}: empty "queue"`);
  const pauseName = type === 'paused' ? fields.optional('pauseName', name) : undefined;
  const line = fields.optional('line', name);
  // Login and Email are free text of the platform: kept when they are text, never a reason to drop the event.
  const login = fields.text('login');
  const email = fields.text('email');
  if (pauseName !== undefined) ev.pauseName = pauseName;
  if (line !== undefined) ev.line = line;
  if (login !== undefined) ev.login = login;
  if (email !== undefined) ev.email = email;
  return ev;
}

/** The event name: `event` (the socket's spelling), else `EventName` (the webhooks'), any case. */
function eventName(fields: Fields): unknown {
  const event = fields.get('event');
  return event === undefined ? fields.get('eventName') : event;
}

/** Decodes the fields of one frame; throws FrameError for a frame to drop. */
export function decodeFields(fields: Fields): PbxEvent {
  const rawName = eventName(fields);
  if (rawName === undefined) {
    // The mirror of our keepalive: the iPBX asks whether we are alive.
    const action = fields.get('action');
    if (typeof action === 'string' && action.toLowerCase() === 'ping') return { event: 'ping' };
    throw new FrameError('missing "event"');
  }
  if (typeof rawName !== 'string') throw new FrameError('"event" must be a string');
  const name = rawName.toLowerCase();
  switch (name) {
    case 'auth': {
      const status = fields.required('status', 'auth').toLowerCase();
      if (status === 'ok') {
        const line = fields.optional('line', 'auth');
        return line === undefined ? { event: 'auth', ok: true } : { event: 'auth', ok: true, line };
      }
      if (status === 'error') return { event: 'auth', ok: false, message: fields.text('message') ?? '' };
      throw new FrameError(`auth: unknown status "${status.slice(0, 40)}"`);
    }
    case 'originateresponse': {
      const actionid = fields.required('actionid', name);
      const response = fields.required('response', name).toLowerCase();
      if (response !== 'success' && response !== 'error') {
        throw new FrameError(`originateresponse: unknown response "${response.slice(0, 40)}"`);
      }
      const ev: PbxEvent = { event: 'originateresponse', actionid, ok: response === 'success' };
      const message = fields.optional('message', name);
      const uniqueId = fields.optional('uniqueId', name);
      if (message !== undefined) ev.message = message;
      if (uniqueId !== undefined) ev.uniqueId = uniqueId;
      return ev;
    }
    case 'newcall':
    case 'ringing':
    case 'answered':
    case 'hangup':
    case 'attendedtransfer':
      return callEvent(fields, name);
    case 'cdr':
      return { event: 'cdr' };
    case 'pong':
      return { event: 'pong' };
    case 'ping':
      return { event: 'ping' };
    case 'error': {
      const action = fields.optional('action', name);
      const message = fields.text('message') ?? '';
      return action === undefined ? { event: 'error', message } : { event: 'error', message, action };
    }
    default: {
      const agent = AGENT_EVENTS.get(name);
      if (agent !== undefined) return agentEvent(fields, name, agent);
      return { event: 'unknown', name: rawName.slice(0, 60) };
    }
  }
}
