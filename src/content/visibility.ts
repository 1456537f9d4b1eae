/**
 * The browser's own word on whether a mark is visible: IntersectionObserver v2 (Chromium: `trackVisibility`, entry
 * `isVisible`). It accounts for opacity, filters, transforms and anything drawn on top, also across frames of other
 * sites, which no script can see. Marks are watched lazily, only the one the pointer or the focus reaches (gestures.ts):
 * a scan of 50k cells pays nothing. Firefox has no `isVisible`: `supported` is false there.
 */

/** v2 needs a delay of at least 100 ms between notifications. */
const DELAY_MS = 100;
/** Marks watched at once: the pointer's and the focus's, and a few just left. */
const MAX_WATCHED = 8;

export type Verdict = boolean | null;

export class VisibilityWatch {
  readonly supported: boolean;
  #io: IntersectionObserver | null = null;
  /** Watched marks, oldest first, with the latest verdict (null: none yet). */
  readonly #watched = new Map<Element, Verdict>();
  readonly #waiting = new Map<Element, ((v: Verdict) => void)[]>();

  constructor(private readonly win: Window & typeof globalThis) {
    const Entry = win.IntersectionObserverEntry;
    this.supported = typeof Entry === 'function' && 'isVisible' in Entry.prototype;
  }

  /** Starts watching a mark (nothing when this browser has no v2). */
  watch(el: Element): void {
    if (!this.supported) return;
    const known = this.#watched.get(el);
    if (known !== undefined) {
      // Newest last: the mark under the pointer is the last to be dropped.
      this.#watched.delete(el);
      this.#watched.set(el, known);
      return;
    }
    this.#io ??= new this.win.IntersectionObserver((entries) => this.#record(entries), {
      // The options of v2; the DOM typings of this TypeScript do not know them yet.
      ...{ trackVisibility: true, delay: DELAY_MS },
      threshold: [0, 1],
    });
    this.#watched.set(el, null);
    this.#io.observe(el);
    if (this.#watched.size > MAX_WATCHED) {
      const oldest = this.#watched.keys().next().value;
      if (oldest !== undefined) this.#unwatch(oldest);
    }
  }

  /**
   * The latest verdict on a watched mark: true when the browser saw it visible, false when not, null when it has not
   * said yet within `waitMs` (a click right after the pointer arrived).
   */
  async verdict(el: Element, waitMs: number): Promise<Verdict> {
    if (!this.supported) return null;
    this.watch(el);
    const io = this.#io;
    if (io) this.#record(io.takeRecords());
    const now = this.#watched.get(el) ?? null;
    if (now !== null || waitMs <= 0) return now;
    return new Promise((resolve) => {
      const timer = this.win.setTimeout(() => done(null), waitMs);
      const done = (v: Verdict) => {
        this.win.clearTimeout(timer);
        resolve(v);
      };
      const list = this.#waiting.get(el) ?? [];
      list.push(done);
      this.#waiting.set(el, list);
    });
  }

  stop(): void {
    this.#io?.disconnect();
    this.#io = null;
    this.#watched.clear();
    for (const list of this.#waiting.values()) for (const done of list) done(null);
    this.#waiting.clear();
  }

  #record(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      if (!this.#watched.has(e.target)) continue;
      const visible = Reflect.get(e, 'isVisible') === true && e.isIntersecting;
      this.#watched.set(e.target, visible);
      const list = this.#waiting.get(e.target);
      if (list) {
        this.#waiting.delete(e.target);
        for (const done of list) done(visible);
      }
    }
  }

  #unwatch(el: Element): void {
    this.#io?.unobserve(el);
    this.#watched.delete(el);
  }
}
