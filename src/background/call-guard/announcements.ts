/**
 * Calls a page started, announced outside the page until they end, each with a way to cancel it. Cancel ends the call
 * the originate created: by the uniqueId the iPBX's answer carried, or, when it carried none, by the first new outgoing
 * call to the dialled number. A cancel that comes before the call is known is remembered and carried out when it shows
 * up; one that never finds its call gives up after GIVE_UP_MS.
 */
import { isIncoming, type Call } from '../../shared/calls.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';

/** An announcement whose call never showed up (or never ended) is dropped after this long. */
export const GIVE_UP_MS = 5 * 60_000;

interface Announced {
  id: string;
  dial: string;
  at: number;
  /** The originate was answered (with or without a uniqueId). */
  placed: boolean;
  uniqueId?: string;
  /** Its call was seen among the calls: when it is gone, the call ended. */
  seen: boolean;
  cancel: boolean;
  hangingUp: boolean;
  windowId?: number;
}

export interface AnnouncementDeps {
  hangup(uniqueId: string): Promise<unknown>;
  /** Takes the announcement's notification (and window) away. */
  withdraw(id: string, windowId?: number): void;
  log: Logger;
  now(): number;
}

/** The digits a call's number ends in, to tell whether it is the dialled one (prefixes differ: 00420…, +420…). */
function sameNumber(callNumber: string, dial: string): boolean {
  const a = callNumber.replace(/\D/g, '');
  const b = dial.replace(/\D/g, '');
  const tail = Math.min(a.length, b.length, 9);
  return tail >= 3 && a.slice(-tail) === b.slice(-tail);
}

export class Announcements {
  readonly #all = new Map<string, Announced>();
  /** uniqueIds already paired with an announcement. */
  readonly #claimed = new Set<string>();
  #calls: ReadonlyMap<string, Call> = new Map();

  constructor(private readonly deps: AnnouncementDeps) {}

  start(id: string, dial: string): void {
    this.#all.set(id, { id, dial, at: this.deps.now(), placed: false, seen: false, cancel: false, hangingUp: false });
  }

  has(id: string): boolean {
    return this.#all.has(id);
  }

  /** The iPBX accepted the originate. */
  placed(id: string, uniqueId: string | undefined): void {
    const a = this.#all.get(id);
    if (!a) return;
    a.placed = true;
    if (uniqueId !== undefined) {
      a.uniqueId = uniqueId;
      this.#claimed.add(uniqueId);
    }
    this.#settle(a);
  }

  /** The originate failed: there is no call to announce. */
  failed(id: string): void {
    this.#drop(id);
  }

  setWindow(id: string, windowId: number | undefined): void {
    const a = this.#all.get(id);
    if (a && windowId !== undefined) a.windowId = windowId;
  }

  /** The user cancels: the call is hung up now, or as soon as it is known. */
  cancel(id: string): void {
    const a = this.#all.get(id);
    if (!a) return;
    a.cancel = true;
    this.#settle(a);
  }

  /** The calls changed: pair calls with announcements, carry out cancels, drop the announcements of ended calls. */
  onCalls(calls: ReadonlyMap<string, Call>): void {
    this.#calls = calls;
    for (const a of [...this.#all.values()]) this.#settle(a);
  }

  #settle(a: Announced): void {
    if (a.uniqueId === undefined && a.placed) {
      for (const call of this.#calls.values()) {
        if (isIncoming(call.direction) || this.#claimed.has(call.uniqueId) || !sameNumber(call.to, a.dial)) continue;
        a.uniqueId = call.uniqueId;
        this.#claimed.add(call.uniqueId);
        break;
      }
    }
    const live = a.uniqueId !== undefined && this.#calls.has(a.uniqueId);
    if (live) a.seen = true;
    if (a.seen && !live) {
      this.#drop(a.id); // the call ended
      return;
    }
    if (this.deps.now() - a.at > GIVE_UP_MS) {
      this.#drop(a.id);
      return;
    }
    if (a.cancel && live && a.uniqueId !== undefined && !a.hangingUp) {
      a.hangingUp = true;
      const uniqueId = a.uniqueId;
      void this.deps.hangup(uniqueId).then(
        () => this.#drop(a.id),
        (e: unknown) => {
          a.hangingUp = false;
          this.deps.log.warn(`cancelling a page's call failed: ${errorMessage(e)}`);
        },
      );
    }
  }

  #drop(id: string): void {
    const a = this.#all.get(id);
    if (!a) return;
    this.#all.delete(id);
    if (a.uniqueId !== undefined) this.#claimed.delete(a.uniqueId);
    this.deps.withdraw(id, a.windowId);
  }
}
