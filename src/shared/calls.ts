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
  state: 'ringing' | 'answered';
  /** Epoch ms when we first saw the call, and when it was answered. */
  startedAt: number;
  answeredAt?: number;
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
