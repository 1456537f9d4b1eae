/**
 * Recent calls: every call that ends is kept in storage.local (the last 50), with its direction, number, times,
 * whether it was answered or missed, and the iPBX's reason. Pure planning here; the background appends.
 */
import { endingOf, type CallState } from './call-reducer.ts';
import { remoteNumber } from '../shared/calls.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS, type RecentCall } from '../shared/storage/items.ts';

export const MAX_RECENT = 50;

/** Calls that were in `prev` and are gone from `next` ended now (a call that never rang here is not history). */
export function endedCalls(prev: CallState, next: CallState, now: number): RecentCall[] {
  const ended: RecentCall[] = [];
  for (const [id, c] of prev.calls) {
    if (next.calls.has(id) || c.state === 'new') continue;
    // A Hangup leaves its outcome in the state; a call forgotten by a prune has none.
    const ending = prev.endings === next.endings ? undefined : endingOf(next, id);
    const call: RecentCall = {
      uniqueId: id,
      direction: c.direction,
      number: remoteNumber(c),
      startedAt: c.startedAt,
      endedAt: now,
      answered: c.answeredAt !== undefined,
      durationMs: c.answeredAt !== undefined ? Math.max(0, now - c.answeredAt) : 0,
    };
    if (ending) call.missed = ending.missed;
    if (ending?.reason !== undefined) call.reason = ending.reason;
    ended.push(call);
  }
  return ended;
}

/**
 * Newest first, no duplicates, at most MAX_RECENT. `ended` is in the order the calls ended: for calls that ended in
 * the same millisecond, the later one comes first (reversed before a stable sort).
 */
export function appendRecent(list: readonly RecentCall[], ended: readonly RecentCall[]): RecentCall[] {
  const ids = new Set(ended.map((c) => c.uniqueId));
  return [
    ...[...ended].reverse().sort((a, b) => b.endedAt - a.endedAt),
    ...list.filter((c) => !ids.has(c.uniqueId)),
  ].slice(0, MAX_RECENT);
}

/** Appends ended calls to storage.local; the registry runs the updates one at a time, so bursts never lose an entry. */
export class RecentCallsStore {
  constructor(private readonly storage: ItemStorage) {}

  async record(ended: RecentCall[]): Promise<void> {
    if (ended.length === 0) return;
    await this.storage.update(ITEMS.recentCalls, (list) => appendRecent(list, ended)).catch(() => undefined);
  }
}
