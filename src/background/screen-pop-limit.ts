/**
 * How often the screen pop may open a tab: at most one every MIN_GAP_MS and MAX_PER_MINUTE a minute. The iPBX decides
 * when calls ring; a hostile or broken one must not flood the desktop with tabs. Past the limit, the panel offers
 * "Open record" on the call instead (screen-pop.ts keeps the URL).
 */
export const MIN_GAP_MS = 2_000;
export const MAX_PER_MINUTE = 10;
const MINUTE_MS = 60_000;

export class PopLimiter {
  /** When the recent tabs were opened, oldest first. */
  #opened: number[] = [];

  /** Takes one opening now if the limits allow it. */
  take(now: number): boolean {
    this.#opened = this.#opened.filter((at) => now - at < MINUTE_MS);
    const last = this.#opened.at(-1);
    if (last !== undefined && now - last < MIN_GAP_MS) return false;
    if (this.#opened.length >= MAX_PER_MINUTE) return false;
    this.#opened.push(now);
    return true;
  }
}
