/**
 * Requests that wait for the iPBX: originate pairs its actionid with originateresponse; hangupcall and transfer
 * are answered only by events (their Hangup, a new call) or an error frame naming the action.
 */
import { t, type MessageKey } from '../shared/i18n.ts';
import type { CallEvent } from '../shared/protocol.ts';
import { deadline, type Deadline, type Timers } from './timers.ts';

/** A failed request; `code` is a message key, `detail` an optional substitution (e.g. the iPBX's message). */
export class RequestError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'RequestError';
  }
}

/** The human text of a failed request, in the user's language; a code without a message falls back to the detail. */
export function requestErrorText(code: MessageKey, detail?: string): string {
  const message = detail === undefined ? t(code) : t(code, detail);
  return message === code && detail ? detail : message;
}

export const ORIGINATE_TIMEOUT_MS = 15_000;
/** How long a hangup or transfer waits for an error frame before it counts as accepted. */
export const ACCEPT_GRACE_MS = 1_500;

interface PendingAction {
  action: 'hangupcall' | 'transfer';
  uniqueId: string;
  accepted: Deadline<void>;
}

export class PendingRequests {
  private originates = new Map<string, Deadline<{ uniqueId?: string }>>();
  private actions: PendingAction[] = [];
  private counter = 0;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number = Date.now,
  ) {}

  /** Unique per request, and across worker restarts (time-based prefix). */
  nextActionId(): string {
    return `a${this.now().toString(36)}-${(++this.counter).toString(36)}`;
  }

  waitForOriginate(actionid: string, timeoutMs = ORIGINATE_TIMEOUT_MS): Promise<{ uniqueId?: string }> {
    const answer = deadline<{ uniqueId?: string }>(this.timers, timeoutMs, (d) => {
      this.originates.delete(actionid);
      d.reject(new RequestError('errOriginateTimeout'));
    });
    this.originates.set(actionid, answer);
    return answer.promise;
  }

  /** Settles when an error frame refuses it, when its effect is seen, or after the grace period. */
  waitForAccept(action: 'hangupcall' | 'transfer', uniqueId: string, graceMs = ACCEPT_GRACE_MS): Promise<void> {
    const item: PendingAction = {
      action,
      uniqueId,
      accepted: deadline<void>(this.timers, graceMs, () => this.settle(item)),
    };
    this.actions.push(item);
    return item.accepted.promise;
  }

  /** The connection is gone: answers to what we sent can no longer arrive, so say so now rather than time out. */
  failAll(error: Error): void {
    for (const actionid of [...this.originates.keys()]) this.cancelOriginate(actionid, error);
    for (const item of [...this.actions]) this.settle(item, error);
  }

  /** Stops waiting for one request (it could not be sent). */
  cancelOriginate(actionid: string, error: Error): void {
    this.takeOriginate(actionid)?.reject(error);
  }

  cancelAccept(uniqueId: string, error: Error): void {
    for (const item of this.actions.filter((a) => a.uniqueId === uniqueId)) this.settle(item, error);
  }

  /** The originate waiting for this actionid, no longer waiting. */
  private takeOriginate(actionid: string): Deadline<{ uniqueId?: string }> | undefined {
    const p = this.originates.get(actionid);
    this.originates.delete(actionid);
    return p;
  }

  private settle(item: PendingAction, error?: Error): void {
    if (!this.actions.includes(item)) return;
    this.actions = this.actions.filter((a) => a !== item);
    if (error) item.accepted.reject(error);
    else item.accepted.resolve();
  }

  onOriginateResponse(actionid: string, ok: boolean, message?: string, uniqueId?: string): boolean {
    const p = this.takeOriginate(actionid);
    if (!p) return false;
    if (ok) p.resolve(uniqueId === undefined ? {} : { uniqueId });
    else p.reject(new RequestError('errPbxRefused', message || 'Error'));
    return true;
  }

  /** An error frame refuses the oldest pending request of its action. */
  onError(action: string | undefined, message: string): boolean {
    const item = this.actions.find((a) => a.action === action);
    if (item) {
      this.settle(item, new RequestError(message === 'No such call' ? 'errNoSuchCall' : 'errPbxRefused', message));
      return true;
    }
    if (action === 'originate') {
      const first = this.originates.keys().next();
      if (!first.done) {
        this.onOriginateResponse(first.value, false, message);
        return true;
      }
    }
    return false;
  }

  /** A Hangup confirms a hangup or a blind transfer of that call; a new Ringing confirms an attended transfer. */
  onCallEvent(ev: CallEvent): void {
    for (const item of [...this.actions]) {
      if (ev.type === 'hangup' && ev.uniqueId === item.uniqueId) this.settle(item);
      else if (item.action === 'transfer' && ev.type === 'ringing' && ev.uniqueId !== item.uniqueId) this.settle(item);
    }
  }
}
