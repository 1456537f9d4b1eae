// The events a simulated call sends to each user in it (docs/protocol.md): fields in the socket shape; the simulator
// turns them into the webhook shape when asked.
import type { FrameFields } from './frames.js';
import type { CallDirection, SimUser } from './types.js';

/** One user's view of a call. */
export interface Leg {
  user: SimUser;
  from: string;
  to: string;
  direction: CallDirection;
  queue?: string;
  state: 'ringing' | 'answered';
  /** Clock ms when this leg started ringing, and when it was answered (for CDRs). */
  ringingAt: number;
  answeredAt?: number;
}

export type LegEventName = 'NewCall' | 'Ringing' | 'Answered' | 'Hangup';

export const REASON_NO_USER_RESPONSE = 'No user response';
export const REASON_ANSWERED_ELSEWHERE = 'Answered elsewhere';

export function legEvent(uniqueId: string, leg: Leg, event: LegEventName, reason?: string): FrameFields {
  return {
    event,
    from: leg.from,
    to: leg.to,
    uniqueId,
    direction: leg.direction,
    line: leg.user.line,
    queue: leg.queue,
    reason,
  };
}

/** To the user who completed an attended transfer: which call went where (`to`), joined with which consultation. */
export function attendedTransferEvent(
  uniqueId: string,
  leg: Leg,
  to: string,
  targetUniqueId: string | undefined,
): FrameFields {
  return {
    event: 'AttendedTransfer',
    from: leg.from,
    to,
    uniqueId,
    targetUniqueId,
    direction: leg.direction,
    line: leg.user.line,
    queue: leg.queue,
  };
}

/** A call detail record for one leg that ended at `endedAt` (clock ms). Durations in whole seconds. */
export function cdrEvent(uniqueId: string, leg: Leg, endedAt: number, reason: string): FrameFields {
  const seconds = (from: number): number => Math.max(0, Math.round((endedAt - from) / 1000));
  return {
    event: 'CDR',
    uniqueId,
    from: leg.from,
    to: leg.to,
    direction: leg.direction,
    line: leg.user.line,
    queue: leg.queue,
    disposition: leg.answeredAt !== undefined ? 'ANSWERED' : 'NO ANSWER',
    duration: seconds(leg.ringingAt),
    billsec: leg.answeredAt !== undefined ? seconds(leg.answeredAt) : 0,
    reason,
  };
}

/** The other end of a leg, as the user sees it. */
export function remoteParty(leg: Leg): string {
  return leg.direction === 'incoming' || leg.direction === 'incomingLocal' ? leg.from : leg.to;
}
