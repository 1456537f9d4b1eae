/** The typed vocabulary of the iPBX wire protocol (docs/protocol.md): what the codec reads and writes. */

/** Larger frames are dropped unparsed: no real event comes close, and parsing megabytes would stall the worker. */
export const MAX_FRAME_CHARS = 256 * 1024;

export const IDENTITY_TYPES = ['login', 'line', 'email'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export const DIRECTIONS = ['incoming', 'outgoing', 'incomingLocal', 'outgoingLocal'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export type TransferType = 'blind' | 'attended';

/**
 * Call events by their lower-case name: NewCall (set up, not ringing yet), Ringing, Answered, Hangup, and
 * AttendedTransfer (an attended transfer completed).
 */
export type CallEventType = 'newcall' | 'ringing' | 'answered' | 'hangup' | 'attendedtransfer';

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
  /** Hangup only: why the call ended ("No user response", "Answered elsewhere", …), as the iPBX wrote it. */
  reason?: string;
  /** AttendedTransfer only: the consultation call that was joined to the original one. */
  targetUniqueId?: string;
}

/** AgentLogin, AgentLogout, AgentPaused, AgentUnPaused: the user's state in one queue. */
export type AgentEventType = 'login' | 'logout' | 'paused' | 'unpaused';

export interface AgentEvent {
  event: 'agent';
  type: AgentEventType;
  queue: string;
  /** AgentPaused only: the pause the agent chose (e.g. "Oběd"). */
  pauseName?: string;
  /** Whose state it is, when the iPBX says: the engine ignores other lines' events. */
  line?: string;
  login?: string;
  email?: string;
}

export type PbxEvent =
  | { event: 'auth'; ok: true; line?: string }
  | { event: 'auth'; ok: false; message: string }
  | { event: 'originateresponse'; actionid: string; ok: boolean; message?: string; uniqueId?: string }
  | CallEvent
  | AgentEvent
  /** A call detail record: the platform sends one after each call; nothing of it is shown. */
  | { event: 'cdr' }
  | { event: 'pong' }
  /** The iPBX may ping too; we answer with {"event":"pong"}. */
  | { event: 'ping' }
  | { event: 'error'; message: string; action?: string }
  | { event: 'unknown'; name: string };

export type Decoded = { ok: true; event: PbxEvent } | { ok: false; reason: string };
