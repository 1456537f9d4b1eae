/**
 * How much of a long call list the panel draws. A flood can list hundreds of calls, and drawing them all on every
 * update kept the panel's thread busy enough to delay everything else it does; a person sees a few at a time anyway.
 */
import type { Call } from '../shared/calls.ts';

/** Calls drawn before the "Show N more calls" button. */
export const CALLS_DRAWN_AT_FIRST = 20;

/**
 * The first `limit` calls in list order, plus any later call in `pinned` (calls of an attended transfer under way,
 * which must not drop out of view while the user is handling them). Keeps the list's order.
 */
export function visibleCalls(
  calls: readonly Call[],
  limit: number,
  pinned: ReadonlySet<string>,
): { shown: Call[]; hidden: number } {
  if (calls.length <= limit) return { shown: [...calls], hidden: 0 };
  const shown = calls.filter((c, i) => i < limit || pinned.has(c.uniqueId));
  return { shown, hidden: calls.length - shown.length };
}
