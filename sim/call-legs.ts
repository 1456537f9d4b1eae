// The mechanics of simulated calls: legs ringing, answered and ended, the events each user gets, and the timers.
// The commands (ring, originate, hangupcall, transfer, …) are in calls.ts.

import { cdrEvent, legEvent, REASON_NO_USER_RESPONSE, type Leg, type LegEventName } from './call-events.js';
import type { FrameFields } from './frames.js';
import type { EventShape, SimCall, SimModes, SimUser } from './types.js';

export interface Call {
  id: string;
  legs: Leg[];
  /** The shape of this call's events, when ring() asked for one. */
  shape?: EventShape;
  answerTimer?: NodeJS.Timeout;
  ringTimer?: NodeJS.Timeout;
  /** On an original call: attended transfer in progress, started by `by`, with consultation call `id`. */
  consultation?: { id: string; by: SimUser };
  /** On a consultation call: the original call's uniqueId. */
  consultationOf?: string;
  /** After a completed attended transfer: the call this one is connected to. */
  bridgedTo?: string;
}

export interface CallHooks {
  /** Sends a call event to every authenticated connection of `user`, in `shape` (default: the eventShape mode). */
  emit(user: SimUser, fields: FrameFields, shape?: EventShape): void;
  modes(): SimModes;
  newId(): string;
  log(line: string): void;
  now(): number;
}

export class CallLegs {
  protected readonly calls = new Map<string, Call>();

  constructor(
    protected readonly users: SimUser[],
    protected readonly hooks: CallHooks,
  ) {}

  has(uniqueId: string): boolean {
    return this.calls.has(uniqueId);
  }

  list(): SimCall[] {
    const out: SimCall[] = [];
    for (const call of this.calls.values()) {
      for (const leg of call.legs) {
        out.push({
          uniqueId: call.id,
          from: leg.from,
          to: leg.to,
          direction: leg.direction,
          line: leg.user.line,
          ...(leg.queue !== undefined ? { queue: leg.queue } : {}),
          state: leg.state,
          user: leg.user.login,
        });
      }
    }
    return out;
  }

  /** Clears every timer and forgets every call, without events (used by close()). */
  clear(): void {
    for (const call of this.calls.values()) {
      clearTimeout(call.answerTimer);
      clearTimeout(call.ringTimer);
    }
    this.calls.clear();
  }

  protected userByLine(line: string): SimUser | undefined {
    return this.users.find((u) => u.line === line);
  }

  protected legOf(call: Call, user: SimUser): Leg | undefined {
    return call.legs.find((l) => l.user === user);
  }

  protected mustGet(uniqueId: string): Call {
    const call = this.calls.get(uniqueId);
    if (!call) throw new Error(`No such call: ${uniqueId}`);
    return call;
  }

  protected newLeg(user: SimUser, from: string, to: string, direction: Leg['direction'], queue?: string): Leg {
    const leg: Leg = { user, from, to, direction, state: 'ringing', ringingAt: this.hooks.now() };
    if (queue !== undefined) leg.queue = queue;
    return leg;
  }

  protected start(legs: Leg[], autoAnswer: boolean, id = this.hooks.newId(), shape?: EventShape): Call {
    const call: Call = { id, legs };
    if (shape !== undefined) call.shape = shape;
    this.calls.set(id, call);
    this.hooks.log(
      `call ${id} ringing: ${legs.map((l) => `${l.user.login} ${l.direction} ${l.from}->${l.to}`).join(', ')}`,
    );
    for (const leg of legs) this.ringLeg(call, leg);
    this.scheduleRingTimeout(call);
    if (autoAnswer) this.scheduleAnswer(call);
    return call;
  }

  /** NewCall (when the mode says so), then Ringing. */
  protected ringLeg(call: Call, leg: Leg): void {
    if (this.hooks.modes().newCall) this.emitLeg(call, leg, 'NewCall');
    this.emitLeg(call, leg, 'Ringing');
  }

  /** After ringTimeoutMs, whoever still rings gets Hangup "No user response" (the whole call, if nobody answered). */
  protected scheduleRingTimeout(call: Call): void {
    clearTimeout(call.ringTimer);
    const timeout = this.hooks.modes().ringTimeoutMs;
    if (timeout === null) return;
    call.ringTimer = setTimeout(() => {
      delete call.ringTimer;
      if (this.calls.get(call.id) !== call) return;
      const ringing = call.legs.filter((l) => l.state === 'ringing');
      if (ringing.length === call.legs.length) this.end(call, () => REASON_NO_USER_RESPONSE);
      else for (const leg of ringing) this.removeLeg(call, leg, REASON_NO_USER_RESPONSE);
    }, timeout);
  }

  protected scheduleAnswer(call: Call): void {
    clearTimeout(call.answerTimer);
    const delay = this.hooks.modes().answerDelayMs;
    if (delay < 0) return; // "never": the test answers with answer()
    call.answerTimer = setTimeout(() => {
      delete call.answerTimer;
      if (this.calls.get(call.id) === call) this.answerCall(call);
    }, delay);
  }

  protected answerCall(call: Call): void {
    clearTimeout(call.answerTimer);
    delete call.answerTimer;
    for (const leg of call.legs) {
      if (leg.state === 'answered') continue;
      leg.state = 'answered';
      leg.answeredAt = this.hooks.now();
      this.emitLeg(call, leg, 'Answered');
    }
  }

  /** Hangup for one leg that leaves by a transfer; a call without legs is forgotten (its bridge partner goes on). */
  protected removeLeg(call: Call, leg: Leg, reason: string): void {
    call.legs = call.legs.filter((l) => l !== leg);
    this.emitLeg(call, leg, 'Hangup', reason);
    if (call.legs.length === 0) this.forget(call);
  }

  /** Ends a call for all its legs, and the call bridged to it by a completed attended transfer. */
  protected end(call: Call, reasonFor: (leg: Leg) => string): void {
    const bridged = call.bridgedTo !== undefined ? this.calls.get(call.bridgedTo) : undefined;
    const legs = call.legs;
    call.legs = [];
    this.forget(call);
    for (const leg of legs) this.emitLeg(call, leg, 'Hangup', reasonFor(leg));
    this.hooks.log(`call ${call.id} ended`);
    if (bridged) this.end(bridged, () => 'hangup');
  }

  /** Drops a call from the book and unlinks transfer bookkeeping, so linked calls go on as plain calls. */
  protected forget(call: Call): void {
    clearTimeout(call.answerTimer);
    delete call.answerTimer;
    clearTimeout(call.ringTimer);
    delete call.ringTimer;
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

  protected emitLeg(call: Call, leg: Leg, event: LegEventName, reason?: string): void {
    this.hooks.emit(leg.user, legEvent(call.id, leg, event, reason), call.shape);
    if (event === 'Hangup' && this.hooks.modes().cdr) {
      this.hooks.emit(leg.user, cdrEvent(call.id, leg, this.hooks.now(), reason ?? 'hangup'), call.shape);
    }
  }
}
