/**
 * Unknown events are logged once per event name, not once per frame: an iPBX of a newer version may send an event we
 * do not know many times a second, and the log must stay readable (issue 15 §2).
 */
import type { Logger } from '../log.ts';

/** The names remembered; past that, a new name is not logged (a PBX inventing names must not grow memory). */
export const MAX_UNKNOWN_NAMES = 100;

/** Remembers names case-insensitively (event names are); first() is true only for a name not seen before. */
export class OncePerName {
  private readonly seen = new Set<string>();

  constructor(private readonly max = MAX_UNKNOWN_NAMES) {}

  first(name: string): boolean {
    const key = name.toLowerCase();
    if (this.seen.has(key) || this.seen.size >= this.max) return false;
    this.seen.add(key);
    return true;
  }
}

/** One memory per logger, so every connection (and every test's logger) starts afresh. */
const memories = new WeakMap<Logger, OncePerName>();

/** Logs "ignored unknown event" the first time a name comes, and nothing for its later frames. */
export function logUnknownEventOnce(log: Logger, name: string): void {
  let memory = memories.get(log);
  if (!memory) {
    memory = new OncePerName();
    memories.set(log, memory);
  }
  if (memory.first(name)) log.info(`ignored unknown event "${name}"`);
}
