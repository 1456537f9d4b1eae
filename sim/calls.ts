// The simulator's call model: who is in which call, and which events each user sees.
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

import type { FrameFields } from './frames.js';
import type { CallDirection, SimCall, SimModes, SimUser } from './types.js';

interface Leg {
  user: SimUser;
  from: string;
  to: string;
  direction: CallDirection;
  queue?: string;
  state: 'ringing' | 'answered';
}

interface Call {
  id: string;
  legs: Leg[];
  answerTimer?: NodeJS.Timeout;
  /** On an original call: attended transfer in progress, started by `by`, with consultation call `id`. */
  consultation?: { id: string; by: SimUser };
  /** On a consultation call: the original call's uniqueId. */
  consultationOf?: string;
  /** After a completed attended transfer: the call this one is connected to. */
  bridgedTo?: string;
}

export interface CallHooks {
  /** Sends a call event to every authenticated connection of `user`. */
  emit(user: SimUser, fields: FrameFields): void;
  modes(): SimModes;
  newId(): string;
  log(line: string): void;
}

export type TransferType = 'blind' | 'attended';

/** Digits with an optional leading "+" (also * and #): the iPBX dials what it gets, so the client must clean numbers. */
const DIALABLE = /^\+?[0-9*#]{1,32}$/;

export function isDialable(value: unknown): value is string {
  return typeof value === 'string' && DIALABLE.test(value);
}

export class CallBook {
  private readonly calls = new Map<string, Call>();

  constructor(private readonly users: SimUser[], private readonly hooks: CallHooks) {}

  list(): SimCall[] {
    const out: SimCall[] = [];
    for (const call of this.calls.values()) {
      for (const leg of call.legs) {
        out.push({
          uniqueId: call.id, from: leg.from, to: leg.to, direction: leg.direction, line: leg.user.line,
          ...(leg.queue !== undefined ? { queue: leg.queue } : {}),
          state: leg.state, user: leg.user.login,
        });
      }
    }
    return out;
  }

  /** An outside caller rings a user's line (by line, else the first operator of `queue`, else the first user). */
  ring(opts: { from: string; line?: string; queue?: string }): string {
    if (typeof opts.from !== 'string' || opts.from.trim() === '') throw new Error('ring: "from" must be a non-empty string');
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
    const leg: Leg = { user, from: opts.from, to: user.line, direction: 'incoming', state: 'ringing' };
    if (opts.queue !== undefined) leg.queue = opts.queue;
    // Calls from outside wait for answer(): the test plays the user picking up the phone.
    return this.start([leg], false).id;
  }

  answer(uniqueId: string): void {
    this.answerCall(this.mustGet(uniqueId));
  }

  hangup(uniqueId: string, reason = 'hangup'): void {
    this.end(this.mustGet(uniqueId), () => reason);
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
    const targetLeg: Leg = { user: target, from: remoteParty(leg), to: target.line, direction: 'incomingLocal', state: 'ringing' };
    call.legs.push(targetLeg);
    this.emitLeg(call, targetLeg, 'Ringing');
    this.scheduleAnswer(call);
    return null;
  }

  /** Clears every timer and forgets every call, without events (used by close()). */
  clear(): void {
    for (const call of this.calls.values()) clearTimeout(call.answerTimer);
    this.calls.clear();
  }

  private userByLine(line: string): SimUser | undefined {
    return this.users.find((u) => u.line === line);
  }

  private legOf(call: Call, user: SimUser): Leg | undefined {
    return call.legs.find((l) => l.user === user);
  }

  private mustGet(uniqueId: string): Call {
    const call = this.calls.get(uniqueId);
    if (!call) throw new Error(`No such call: ${uniqueId}`);
    return call;
  }

  /** The legs of a call placed by `user` to `to`: the user's own line rings first, then the target's (if internal). */
  private dialLegs(user: SimUser, to: string, target: SimUser | undefined): Leg[] {
    const legs: Leg[] = [
      { user, from: user.line, to, direction: target ? 'outgoingLocal' : 'outgoing', state: 'ringing' },
    ];
    if (target) legs.push({ user: target, from: user.line, to: target.line, direction: 'incomingLocal', state: 'ringing' });
    return legs;
  }

  private start(legs: Leg[], autoAnswer: boolean, id = this.hooks.newId()): Call {
    const call: Call = { id, legs };
    this.calls.set(id, call);
    this.hooks.log(`call ${id} ringing: ${legs.map((l) => `${l.user.login} ${l.direction} ${l.from}->${l.to}`).join(', ')}`);
    for (const leg of legs) this.emitLeg(call, leg, 'Ringing');
    if (autoAnswer) this.scheduleAnswer(call);
    return call;
  }

  private scheduleAnswer(call: Call): void {
    clearTimeout(call.answerTimer);
    const delay = this.hooks.modes().answerDelayMs;
    if (delay < 0) return; // "never": the test answers with answer()
    call.answerTimer = setTimeout(() => {
      delete call.answerTimer;
      if (this.calls.get(call.id) === call) this.answerCall(call);
    }, delay);
  }

  private answerCall(call: Call): void {
    clearTimeout(call.answerTimer);
    delete call.answerTimer;
    for (const leg of call.legs) {
      if (leg.state === 'answered') continue;
      leg.state = 'answered';
      this.emitLeg(call, leg, 'Answered');
    }
  }

  private completeAttended(original: Call, user: SimUser): void {
    const consultation = original.consultation ? this.calls.get(original.consultation.id) : undefined;
    delete original.consultation;
    if (consultation) delete consultation.consultationOf;
    const originalLeg = this.legOf(original, user);
    if (originalLeg) this.removeLeg(original, originalLeg, 'transferred');
    const consultationLeg = consultation ? this.legOf(consultation, user) : undefined;
    if (consultation && consultationLeg) this.removeLeg(consultation, consultationLeg, 'transferred');
    this.hooks.log(`call ${original.id}: attended transfer by ${user.login} completed`);
    if (consultation && this.calls.has(original.id) && this.calls.has(consultation.id)) {
      original.bridgedTo = consultation.id;
      consultation.bridgedTo = original.id;
    }
  }

  /** Hangup for one leg that leaves by a transfer; a call without legs is forgotten (its bridge partner goes on). */
  private removeLeg(call: Call, leg: Leg, reason: string): void {
    call.legs = call.legs.filter((l) => l !== leg);
    this.emitLeg(call, leg, 'Hangup', reason);
    if (call.legs.length === 0) this.forget(call);
  }

  /** Ends a call for all its legs, and the call bridged to it by a completed attended transfer. */
  private end(call: Call, reasonFor: (leg: Leg) => string): void {
    const bridged = call.bridgedTo !== undefined ? this.calls.get(call.bridgedTo) : undefined;
    const legs = call.legs;
    call.legs = [];
    this.forget(call);
    for (const leg of legs) this.emitLeg(call, leg, 'Hangup', reasonFor(leg));
    this.hooks.log(`call ${call.id} ended`);
    if (bridged) this.end(bridged, () => 'hangup');
  }

  /** Drops a call from the book and unlinks transfer bookkeeping, so linked calls go on as plain calls. */
  private forget(call: Call): void {
    clearTimeout(call.answerTimer);
    delete call.answerTimer;
    this.calls.delete(call.id);
    if (call.consultation) {
      const consultation = this.calls.get(call.consultation.id);
      if (consultation) delete consultation.consultationOf;
      delete call.consultation;
    }
    if (call.consultationOf !== undefined) {
      const original = this.calls.get(call.consultationOf);
      if (original) delete original.consultation;
      delete call.consultationOf;
    }
    if (call.bridgedTo !== undefined) {
      const other = this.calls.get(call.bridgedTo);
      if (other) delete other.bridgedTo;
      delete call.bridgedTo;
    }
  }

  private emitLeg(call: Call, leg: Leg, event: 'Ringing' | 'Answered' | 'Hangup', reason?: string): void {
    this.hooks.emit(leg.user, {
      event, from: leg.from, to: leg.to, uniqueId: call.id, direction: leg.direction, line: leg.user.line,
      queue: leg.queue, reason,
    });
  }
}

/** The other end of a leg, as the user sees it. */
function remoteParty(leg: Leg): string {
  return leg.direction === 'incoming' || leg.direction === 'incomingLocal' ? leg.from : leg.to;
}
