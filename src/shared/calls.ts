/** Calls as every context sees them. The background owns them (call-reducer.ts); pages only read snapshots. */
import type { Direction } from './protocol.ts';

export interface Call {
  /** Exactly as the iPBX sent it; hangupcall and transfer send it back unchanged. */
  uniqueId: string;
  from: string;
  to: string;
  direction: Direction;
  line?: string;
  queue?: string;
  /** `new`: set up (NewCall) but not ringing yet; nothing notifies and the panel does not list it until it rings. */
  state: 'new' | 'ringing' | 'answered';
  /** Epoch ms when the call started ringing (or when we first saw it, if it never rang), and when it was answered. */
  startedAt: number;
  answeredAt?: number;
  /** The extension sent hangupcall for it: if it ends unanswered, the user hung it up, it was not missed. */
  hangupRequested?: boolean;
  /** An attended transfer of this call completed (AttendedTransfer): to whom, when. */
  transferred?: { to?: string; at: number };
}

/** A call that ended, with why: Hangup's `reason` as the iPBX wrote it, and whether the user missed it. */
export interface EndedCall extends Call {
  endedAt: number;
  reason?: string;
  missed: boolean;
}

/** Hangup reasons of the platform (compared case-insensitively). */
export const REASON_NO_USER_RESPONSE = 'No user response';
/** A colleague answered a queue call that rang here too: neither an error nor a missed call. */
export const REASON_ANSWERED_ELSEWHERE = 'Answered elsewhere';

export function sameReason(reason: string | undefined, known: string): boolean {
  return reason !== undefined && reason.trim().toLowerCase() === known.toLowerCase();
}

/**
 * Was the call missed, if it ends now for `reason`? An incoming call that rang here and ended unanswered is missed,
 * unless a colleague answered it ("Answered elsewhere"), the user hung it up, or the user transferred it. A call that
 * never rang here was not missed, unless the iPBX says the user did not respond.
 */
export function isMissed(call: Call, reason: string | undefined): boolean {
  if (!isIncoming(call.direction) || call.answeredAt !== undefined || call.state === 'answered') return false;
  if (call.hangupRequested || call.transferred || sameReason(reason, REASON_ANSWERED_ELSEWHERE)) return false;
  return call.state === 'ringing' || sameReason(reason, REASON_NO_USER_RESPONSE);
}

export function isIncoming(direction: Direction): boolean {
  return direction === 'incoming' || direction === 'incomingLocal';
}

export function isInternal(direction: Direction): boolean {
  return direction === 'incomingLocal' || direction === 'outgoingLocal';
}

/** The other party: the caller of an incoming call, the callee of an outgoing one. */
export function remoteNumber(call: Pick<Call, 'direction' | 'from' | 'to'>): string {
  return isIncoming(call.direction) ? call.from : call.to;
}

/** A number that names nobody: empty (the iPBX sent "from": null or none) or a PBX's word for a withheld number. */
export function isAnonymousNumber(number: string): boolean {
  return /^(|anonymous|unknown|restricted|private|withheld)$/i.test(number.trim());
}
