/**
 * Attended transfers under way (consultations), by original call: begun when the user asks for an attended transfer,
 * paired with the consultation call when it rings, ended by a Hangup of either call or a completed transfer. Kept in
 * storage.session, so that a stopped worker's successor still shows them.
 */
import type { Consultation } from '../shared/messages.ts';
import type { CallEvent } from '../shared/protocol.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';

/**
 * The consultations after `ev`: pairs a new outgoing call with the consultation it belongs to, ends consultations
 * whose calls ended. The same array when nothing changed.
 */
export function consultationsAfter(consultations: Consultation[], ev: CallEvent): Consultation[] {
  if (consultations.length === 0) return consultations;
  let changed = false;
  const next = consultations.flatMap((c): Consultation[] => {
    // A Hangup of either call ends it, and so does a completed attended transfer (AttendedTransfer).
    const ids = [ev.uniqueId, ev.targetUniqueId];
    if (
      (ev.type === 'hangup' || ev.type === 'attendedtransfer') &&
      (ids.includes(c.uniqueId) || (c.consultId !== undefined && ids.includes(c.consultId)))
    ) {
      changed = true;
      return [];
    }
    if (ev.type === 'ringing' && c.consultId === undefined && ev.uniqueId !== c.uniqueId && ev.to === c.to) {
      changed = true;
      return [{ ...c, consultId: ev.uniqueId }];
    }
    return [c];
  });
  return changed ? next : consultations;
}

export class Consultations {
  private list: Consultation[] = [];

  constructor(
    private readonly storage: ItemStorage,
    /** After every change (the engine tells its listeners). */
    private readonly onChange: () => void,
  ) {}

  get current(): Consultation[] {
    return this.list;
  }

  /** What a stopped worker left; a browser without storage.session starts with none. */
  load(): Promise<Consultation[]> {
    return this.storage.get(ITEMS.consultations).catch((): Consultation[] => []);
  }

  /** Takes over the loaded consultations whose original call is still known (no change is announced). */
  restore(stored: Consultation[], isCall: (uniqueId: string) => boolean): void {
    this.list = stored.filter((c) => isCall(c.uniqueId));
  }

  /** An attended transfer of `uniqueId` to `to` was asked for (a new one replaces an earlier one of the same call). */
  begin(uniqueId: string, to: string): void {
    this.set([...this.list.filter((c) => c.uniqueId !== uniqueId), { uniqueId, to }]);
  }

  /** The transfer of `uniqueId` failed. */
  cancel(uniqueId: string): void {
    this.set(this.list.filter((c) => c.uniqueId !== uniqueId));
  }

  onCallEvent(ev: CallEvent): void {
    const next = consultationsAfter(this.list, ev);
    if (next !== this.list) this.set(next);
  }

  private set(next: Consultation[]): void {
    this.list = next;
    void this.storage.set(ITEMS.consultations, next).catch(() => undefined);
    this.onChange();
  }
}
