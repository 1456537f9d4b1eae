/**
 * What the user asks of a call (place, hang up, transfer), sent over the connection and paired with the iPBX's
 * answer; a call that could not be placed for want of a connection is remembered for the panel.
 */
import type { CallAction } from './call-reducer.ts';
import type { Connection } from './connection.ts';
import type { Consultations } from './consultations.ts';
import { callNotPlaced, callRequestError } from './request-errors.ts';
import { PendingRequests, RequestError, requestErrorText } from './requests.ts';
import type { Timers } from './timers.ts';
import type { Logger } from '../shared/log.ts';
import type { CallNotPlaced } from '../shared/messages.ts';
import type { CallEvent, PbxEvent, TransferType } from '../shared/protocol.ts';

/** A call asked for while disconnected is placed only if the iPBX answers within this, never later (issue 15 §5). */
export const INTENT_WAIT_MS = 5_000;
/** How long the panel says that a call was not placed. */
const NOT_PLACED_SHOWN_MS = 5 * 60_000;

/** What can be dialled: digits with an optional leading + and the * and # keys, as the dial rules produce. */
const DIAL_STRING = /^\+?[0-9*#]{1,32}$/;

/** The iPBX's answers to requests: an originate's outcome, or an error frame naming the action it refuses. */
export type RequestReply = Extract<PbxEvent, { event: 'originateresponse' | 'error' }>;

export interface CallRequestsDeps {
  connection: Connection;
  timers: Timers;
  now: () => number;
  log: Logger;
  /** Whether the call store knows the call. */
  hasCall: (uniqueId: string) => boolean;
  /** Hands the call store an action (a hang-up asked for). */
  dispatch: (action: CallAction) => void;
  consultations: Consultations;
  /** The not-placed notice changed. */
  onChange: () => void;
}

export class CallRequests {
  private readonly pending: PendingRequests;
  /** The last call that could not be placed for want of a connection, for the panel. */
  private notPlaced: CallNotPlaced | null = null;

  constructor(private readonly deps: CallRequestsDeps) {
    this.pending = new PendingRequests(deps.timers, deps.now);
  }

  /** The last call not placed, while the panel should still say so. */
  notPlacedNotice(): CallNotPlaced | undefined {
    const { notPlaced } = this;
    return notPlaced && this.deps.now() - notPlaced.at < NOT_PLACED_SHOWN_MS ? notPlaced : undefined;
  }

  /**
   * Places a call. While disconnected, the click is the user's intent: the connection is tried at once, and the call
   * goes out if the iPBX answers within INTENT_WAIT_MS; otherwise it fails now and is never placed later.
   */
  async originate(to: string): Promise<{ uniqueId?: string }> {
    if (!DIAL_STRING.test(to)) throw new RequestError('errInvalidNumber');
    const { connection } = this.deps;
    const actionid = this.pending.nextActionId();
    const answer = this.pending.waitForOriginate(actionid);
    this.setNotPlaced(null);
    connection.retryOnIntent();
    try {
      await connection.send({ action: 'originate', to, actionid }, INTENT_WAIT_MS);
    } catch (e) {
      // Settings to fix or a refused sign-in say so as ever; a connection that did not come back says "not placed".
      const state = connection.status.state;
      const error = state === 'misconfigured' || state === 'auth-failed' ? callRequestError(e) : callNotPlaced(e);
      if (error.code === 'errCallNotPlaced' || error.code === 'errCallNotPlacedInTime') {
        this.setNotPlaced({ to, at: this.deps.now(), text: requestErrorText(error.code, error.detail) });
      }
      this.pending.cancelOriginate(actionid, error);
    }
    return answer;
  }

  private setNotPlaced(next: CallNotPlaced | null): void {
    if (next === this.notPlaced) return;
    this.notPlaced = next;
    this.deps.onChange();
  }

  async hangup(uniqueId: string): Promise<void> {
    if (!this.deps.hasCall(uniqueId)) throw new RequestError('errNoSuchCall');
    const { connection } = this.deps;
    const accepted = this.pending.waitForAccept('hangupcall', uniqueId);
    this.deps.dispatch({ type: 'hangupRequested', uniqueId });
    connection.retryOnIntent();
    try {
      await connection.send({ action: 'hangupcall', uniqueid: uniqueId }, INTENT_WAIT_MS);
    } catch (e) {
      this.pending.cancelAccept(uniqueId, callRequestError(e));
    }
    return accepted;
  }

  async transfer(uniqueId: string, to: string, type: TransferType): Promise<void> {
    if (!this.deps.hasCall(uniqueId)) throw new RequestError('errNoSuchCall');
    if (!DIAL_STRING.test(to)) throw new RequestError('errInvalidNumber');
    if (type !== 'blind' && type !== 'attended') throw new RequestError('errBadRequest');
    const { consultations } = this.deps;
    const accepted = this.pending.waitForAccept('transfer', uniqueId);
    if (type === 'attended') consultations.begin(uniqueId, to);
    try {
      await this.deps.connection.send({ action: 'transfer', uniqueid: uniqueId, to, type, data: {} });
      await accepted;
    } catch (e) {
      if (type === 'attended') consultations.cancel(uniqueId);
      throw callRequestError(e);
    }
  }

  /** A call event may be the effect a hang-up or a transfer waits for. */
  onCallEvent(ev: CallEvent): void {
    this.pending.onCallEvent(ev);
  }

  onReply(ev: RequestReply): void {
    if (ev.event === 'originateresponse') {
      if (!this.pending.onOriginateResponse(ev.actionid, ev.ok, ev.message, ev.uniqueId)) {
        this.deps.log.debug(`originateresponse for unknown actionid ${ev.actionid}`);
      }
    } else if (!this.pending.onError(ev.action, ev.message)) {
      this.deps.log.warn(`the iPBX reported an error: ${ev.message}${ev.action ? ` (${ev.action})` : ''}`);
    }
  }

  /** The connection is gone: answers to what was sent can no longer arrive. */
  connectionLost(): void {
    this.pending.failAll(new RequestError('reasonConnectionLost'));
  }
}
