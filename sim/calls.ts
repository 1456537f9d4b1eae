// The simulator's call model: who is in which call, and which events each user sees. These are its commands; the
// mechanics (legs, timers, the events of a leg) are in call-legs.ts.
//
// One call has one uniqueId and one "leg" per simulated user in it (its view of the call). An internal call, e.g. an
// originate from 444 to 445, is ONE call: both users see the same uniqueId (444 as outgoingLocal, 445 as
// incomingLocal), and a hangup by either ends it for both. Outside parties are not legs: a call with no legs left is
// forgotten.
//
// Transfers (client action `transfer` by user U on its leg of call C):
// - blind: U leaves C at once (Hangup, reason "transferred"). If `to` is another user's line, that user gets a new
//   leg on C (same uniqueId): Ringing, direction incomingLocal, from = U's remote party; answered after answerDelayMs.
// - attended: a consultation call K (new uniqueId) from U's line to `to`, with its own Ringing and, after
//   answerDelayMs, Answered (plus an incomingLocal leg when `to` is a user's line). Then:
//   - hangupcall on C (the ORIGINAL) by U completes the transfer: U gets Hangup for C and for K, both with reason
//     "transferred". The other parties stay connected to each other (C and K are bridged: when either ends, the other
//     ends too). No events go to them.
//   - hangupcall on K (the CONSULTATION), by anyone in it, cancels the transfer: K ends with Hangup reason
//     "cancelled" for everyone in it; C goes on unchanged.
//   - C or K ending any other way (the remote hangs up, API hangup) just ends that call and forgets the transfer.
//   A completed transfer sends U an AttendedTransfer (uniqueId C, to = the target, targetUniqueId K) before the Hangups.
//
// Every leg that starts ringing gets NewCall first (mode newCall), every Hangup a CDR after it (mode cdr). A call
// left ringing for ringTimeoutMs ends with reason "No user response"; miss() does that at once; answerElsewhere() ends
// the ringing legs with "Answered elsewhere" and gives the call to a colleague.

import {
  attendedTransferEvent,
  remoteParty,
  REASON_ANSWERED_ELSEWHERE,
  REASON_NO_USER_RESPONSE,
  type Leg,
} from './call-events.js';
import { CallLegs, type Call } from './call-legs.js';
import type { RingOptions, SimUser } from './types.js';

export type { CallHooks } from './call-legs.js';

export type TransferType = 'blind' | 'attended';

/** Digits with an optional leading "+" (also * and #): the iPBX dials what it gets, so the client must clean numbers. */
const DIALABLE = /^\+?[0-9*#]{1,32}$/;

export function isDialable(value: unknown): value is string {
  return typeof value === 'string' && DIALABLE.test(value);
}

export class CallBook extends CallLegs {
  /** An outside caller rings a user's line (by line, else the first operator of `queue`, else the first user). */
  ring(opts: RingOptions): string {
    if (typeof opts.from !== 'string' || opts.from.trim() === '')
      throw new Error('ring: "from" must be a non-empty string');
    let user: SimUser | undefined;
    if (opts.line !== undefined) {
      user = this.userByLine(opts.line);
      if (!user) throw new Error(`ring: no user has line ${opts.line}`);
    } else if (opts.queue !== undefined) {
      const queue = opts.queue;
      user = this.users.find((u) => u.queues?.includes(queue));
      if (!user) throw new Error(`ring: no operator in queue ${queue}`);
    } else {
      user = this.users[0];
      if (!user) throw new Error('ring: the simulator has no users');
    }
    const leg = this.newLeg(user, opts.from, user.line, 'incoming', opts.queue);
    // Calls from outside wait for answer(): the test plays the user picking up the phone.
    return this.start([leg], false, this.hooks.newId(), opts.shape).id;
  }

  answer(uniqueId: string): void {
    this.answerCall(this.mustGet(uniqueId));
  }

  hangup(uniqueId: string, reason = 'hangup'): void {
    this.end(this.mustGet(uniqueId), () => reason);
  }

  /** A ringing call nobody answered: it ends with "No user response". */
  miss(uniqueId: string): void {
    const call = this.mustGet(uniqueId);
    if (call.legs.some((l) => l.state === 'answered')) throw new Error(`Call ${uniqueId} is already answered`);
    this.end(call, () => REASON_NO_USER_RESPONSE);
  }

  /**
   * A colleague takes a ringing call: its ringing legs end with "Answered elsewhere"; the colleague (`by`, a login or
   * line, else another operator of the call's queue) gets it answered. Returns the colleague's login, or null.
   */
  answerElsewhere(uniqueId: string, by?: string): string | null {
    const call = this.mustGet(uniqueId);
    const ringing = call.legs.filter((l) => l.state === 'ringing');
    const first = ringing[0];
    if (!first) throw new Error(`Call ${uniqueId} is not ringing anywhere`);
    const inCall = (u: SimUser): boolean => call.legs.some((l) => l.user === u);
    let colleague: SimUser | undefined;
    if (by !== undefined) {
      colleague = this.users.find((u) => u.login === by || u.line === by);
      if (!colleague) throw new Error(`No user ${by}`);
      if (inCall(colleague)) throw new Error(`${colleague.login} is already in the call`);
    } else if (first.queue !== undefined) {
      const queue = first.queue;
      colleague = this.users.find((u) => u.queues?.includes(queue) && !inCall(u));
    }
    call.legs = call.legs.filter((l) => l.state !== 'ringing');
    for (const leg of ringing) this.emitLeg(call, leg, 'Hangup', REASON_ANSWERED_ELSEWHERE);
    if (colleague) {
      const leg = this.newLeg(colleague, first.from, colleague.line, first.direction, first.queue);
      call.legs.push(leg);
      this.ringLeg(call, leg);
      this.answerCall(call);
    }
    this.hooks.log(`call ${call.id} answered elsewhere${colleague ? ` by ${colleague.login}` : ''}`);
    if (call.legs.length === 0) this.forget(call);
    return colleague?.login ?? null;
  }

  /** Client `originate`. Returns an error message, or null after calling `accepted` (before any call event). */
  originate(user: SimUser, to: unknown, accepted: (uniqueId: string) => void): string | null {
    if (!isDialable(to)) return 'Invalid number';
    if (to === user.line) return 'Cannot call your own line';
    const target = this.userByLine(to);
    const id = this.hooks.newId();
    accepted(id);
    this.start(this.dialLegs(user, to, target), true, id);
    return null;
  }

  /** Client `hangupcall`. Returns an error message or null. */
  hangupcall(user: SimUser, uniqueId: unknown): string | null {
    const call = typeof uniqueId === 'string' ? this.calls.get(uniqueId) : undefined;
    if (!call || !this.legOf(call, user)) return 'No such call';
    if (call.consultation && call.consultation.by === user) {
      this.completeAttended(call, user);
    } else if (call.consultationOf !== undefined) {
      this.end(call, () => 'cancelled');
    } else {
      this.end(call, () => 'hangup');
    }
    return null;
  }

  /** Client `transfer`. Returns an error message or null. */
  transfer(user: SimUser, uniqueId: unknown, to: unknown, type: unknown): string | null {
    const call = typeof uniqueId === 'string' ? this.calls.get(uniqueId) : undefined;
    const leg = call ? this.legOf(call, user) : undefined;
    if (!call || !leg) return 'No such call';
    if (type !== 'blind' && type !== 'attended') return 'Invalid transfer type';
    if (!isDialable(to)) return 'Invalid number';
    if (to === user.line) return 'Cannot transfer to your own line';
    if (call.consultationOf !== undefined) return 'Cannot transfer a consultation call';
    if (call.consultation) return 'Transfer already in progress';
    const target = this.userByLine(to);
    if (target && this.legOf(call, target)) return 'Target is already in the call';
    if (type === 'attended') {
      if (leg.state !== 'answered') return 'Call is not answered';
      const consultation = this.start(this.dialLegs(user, to, target), true);
      consultation.consultationOf = call.id;
      call.consultation = { id: consultation.id, by: user };
      return null;
    }
    // Blind: the user leaves; an internal target gets a leg of the same call, ringing from the remote party.
    if (!target) {
      this.removeLeg(call, leg, 'transferred');
      return null;
    }
    call.legs = call.legs.filter((l) => l !== leg);
    this.emitLeg(call, leg, 'Hangup', 'transferred');
    const targetLeg = this.newLeg(target, remoteParty(leg), target.line, 'incomingLocal');
    call.legs.push(targetLeg);
    this.ringLeg(call, targetLeg);
    this.scheduleRingTimeout(call);
    this.scheduleAnswer(call);
    return null;
  }

  /** The legs of a call placed by `user` to `to`: the user's own line rings first, then the target's (if internal). */
  private dialLegs(user: SimUser, to: string, target: SimUser | undefined): Leg[] {
    const legs = [this.newLeg(user, user.line, to, target ? 'outgoingLocal' : 'outgoing')];
    if (target) legs.push(this.newLeg(target, user.line, target.line, 'incomingLocal'));
    return legs;
  }

  private completeAttended(original: Call, user: SimUser): void {
    const consultation = original.consultation ? this.calls.get(original.consultation.id) : undefined;
    delete original.consultation;
    if (consultation) delete consultation.consultationOf;
    const originalLeg = this.legOf(original, user);
    const consultationLeg = consultation ? this.legOf(consultation, user) : undefined;
    if (originalLeg) {
      const to = consultationLeg?.to ?? consultation?.legs[0]?.to ?? '';
      this.hooks.emit(user, attendedTransferEvent(original.id, originalLeg, to, consultation?.id), original.shape);
      this.removeLeg(original, originalLeg, 'transferred');
    }
    if (consultation && consultationLeg) this.removeLeg(consultation, consultationLeg, 'transferred');
    this.hooks.log(`call ${original.id}: attended transfer by ${user.login} completed`);
    if (consultation && this.calls.has(original.id) && this.calls.has(consultation.id)) {
      original.bridgedTo = consultation.id;
      consultation.bridgedTo = original.id;
    }
  }
}
