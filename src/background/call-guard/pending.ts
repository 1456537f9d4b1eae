/**
 * Confirmations waiting for the user: each under an id nobody can guess (a random UUID), taken at most once, and gone
 * after its time (CONFIRM_TTL_MS), so a confirmation left open cannot place a call long after the page asked for it.
 */
import type { Timers } from '../timers.ts';

/** How long a confirmation can be answered. */
export const CONFIRM_TTL_MS = 60_000;

export interface Entry {
  id: string;
  /** Epoch ms after which it is gone. */
  expiresAt: number;
}

export class PendingStore<T extends Entry> {
  readonly #entries = new Map<string, { entry: T; timer: unknown }>();

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly ttlMs = CONFIRM_TTL_MS,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Adds an entry under a fresh id; `onExpire` runs if nobody takes it in time. */
  add(make: (id: string, expiresAt: number) => T, onExpire: (entry: T) => void): T {
    const id = this.newId();
    const entry = make(id, this.now() + this.ttlMs);
    const timer = this.timers.setTimeout(() => {
      if (this.#entries.get(id)?.entry !== entry) return;
      this.#entries.delete(id);
      onExpire(entry);
    }, this.ttlMs);
    this.#entries.set(id, { entry, timer });
    return entry;
  }

  /** The entry, while it is waiting (a late timer does not keep an expired one alive). */
  get(id: string): T | undefined {
    const held = this.#entries.get(id);
    return held && held.entry.expiresAt > this.now() ? held.entry : undefined;
  }

  /** Takes the entry out: a second take of the same id finds nothing. */
  take(id: string): T | undefined {
    const entry = this.get(id);
    const held = this.#entries.get(id);
    if (held) {
      this.timers.clearTimeout(held.timer);
      this.#entries.delete(id);
    }
    return entry;
  }

  find(where: (entry: T) => boolean): T | undefined {
    for (const { entry } of this.#entries.values()) if (where(entry) && entry.expiresAt > this.now()) return entry;
    return undefined;
  }

  get size(): number {
    return this.#entries.size;
  }
}
