/**
 * The tombstones of ended calls (uniqueId -> when it ended, oldest first, at most `max`), as an immutable value for
 * the pure call reducer.
 *
 * Why not a plain Map copied on every change: every Hangup adds a tombstone, and copying a map of 2,000 entries a
 * thousand times a second was the worker's largest cost under a flood of call events (docs/performance.md, "Load").
 * So a version is a long `settled` part shared with older versions, a window on it (`start`: how many of its oldest
 * entries are forgotten), and a short `recent` part that is copied on each add and folded into a new `settled` part
 * once it holds RECENT_MAX entries. An add then costs a copy of at most RECENT_MAX entries, plus a share of the fold.
 */
const RECENT_MAX = 64;

interface Settled {
  /** Ids, oldest first. */
  readonly ids: readonly string[];
  readonly at: readonly number[];
  /** Id -> its index in `ids`. */
  readonly index: ReadonlyMap<string, number>;
}

const NONE: Settled = { ids: [], at: [], index: new Map() };

function settle(entries: readonly (readonly [string, number])[]): Settled {
  return {
    ids: entries.map(([id]) => id),
    at: entries.map(([, t]) => t),
    index: new Map(entries.map(([id], i) => [id, i])),
  };
}

export class Tombstones implements Iterable<[string, number]> {
  readonly #settled: Settled;
  /** Entries of `settled` before this index are forgotten (over the cap). */
  readonly #start: number;
  /** Newer than every settled entry; never shares an id with the live settled ones. */
  readonly #recent: ReadonlyMap<string, number>;
  readonly #max: number;

  private constructor(settled: Settled, start: number, recent: ReadonlyMap<string, number>, max: number) {
    this.#settled = settled;
    this.#start = start;
    this.#recent = recent;
    this.#max = max;
  }

  static empty(max: number): Tombstones {
    return new Tombstones(NONE, 0, new Map(), max);
  }

  /** From entries oldest first; the newest `max` are kept, later duplicates win. */
  static of(entries: Iterable<readonly [string, number]>, max: number): Tombstones {
    const unique = new Map<string, number>();
    for (const [id, at] of entries) {
      unique.delete(id);
      unique.set(id, at);
    }
    const kept = max > 0 ? [...unique].slice(-max) : [];
    return new Tombstones(settle(kept), 0, new Map(), max);
  }

  get size(): number {
    return this.#settled.ids.length - this.#start + this.#recent.size;
  }

  has(id: string): boolean {
    return this.#recent.has(id) || (this.#settled.index.get(id) ?? -1) >= this.#start;
  }

  get(id: string): number | undefined {
    const recent = this.#recent.get(id);
    if (recent !== undefined) return recent;
    const i = this.#settled.index.get(id);
    return i !== undefined && i >= this.#start ? this.#settled.at[i] : undefined;
  }

  /** A version where `id` ended at `at`, as the newest entry; the oldest are forgotten beyond the cap. */
  with(id: string, at: number): Tombstones {
    // An id already settled moves to the end: rare (a Hangup for a call that came back), so simply rebuild.
    if ((this.#settled.index.get(id) ?? -1) >= this.#start) return Tombstones.of([...this, [id, at]], this.#max);
    const recent = new Map(this.#recent);
    recent.delete(id);
    recent.set(id, at);
    if (recent.size >= RECENT_MAX || recent.size > this.#max)
      return Tombstones.of([...this.#live(), ...recent], this.#max);
    const settledLive = this.#settled.ids.length - this.#start;
    const start = this.#start + Math.max(0, settledLive + recent.size - this.#max);
    return new Tombstones(this.#settled, start, recent, this.#max);
  }

  /** The entries whose time passes `keep`, in the same order. */
  filter(keep: (at: number) => boolean): Tombstones {
    const kept = [...this].filter(([, at]) => keep(at));
    return kept.length === this.size ? this : Tombstones.of(kept, this.#max);
  }

  *#live(): Generator<[string, number]> {
    const { ids, at } = this.#settled;
    for (let i = this.#start; i < ids.length; i++) {
      const id = ids[i];
      const t = at[i];
      if (id !== undefined && t !== undefined) yield [id, t]; // always: ids and at have the same length
    }
  }

  *[Symbol.iterator](): Generator<[string, number]> {
    yield* this.#live();
    yield* this.#recent;
  }

  *keys(): Generator<string> {
    for (const [id] of this) yield id;
  }
}
