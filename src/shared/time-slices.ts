/**
 * Long pure work (importing a file, indexing 100,000 contacts) done in short slices with a turn of the event loop
 * between them, so the page, the Web Worker or the background stays responsive. No browser API: only timers.
 */

export interface SliceOptions {
  /** Longest stretch of work before giving the event loop a turn (ms). */
  sliceMs?: number;
  /** How to give the turn; a test or a Worker may pass its own. Default: a zero timeout. */
  yieldNow?: () => Promise<void>;
  /** Stops the work with the signal's reason at the next turn. */
  signal?: AbortSignal;
}

export const DEFAULT_SLICE_MS = 12;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Keeps time for one job: `due()` in the inner loop, `await pause()` when it says so. */
export class Slicer {
  /** The longest stretch of work between two turns so far (ms), for benchmarks and tests. */
  longestSliceMs = 0;
  private sliceStart = performance.now();
  private readonly sliceMs: number;
  private readonly yieldNow: () => Promise<void>;
  private readonly signal: AbortSignal | undefined;

  constructor(opts: SliceOptions = {}) {
    this.sliceMs = opts.sliceMs ?? DEFAULT_SLICE_MS;
    this.yieldNow = opts.yieldNow ?? nextTurn;
    this.signal = opts.signal;
    this.signal?.throwIfAborted();
  }

  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  async pause(): Promise<void> {
    this.closeSlice();
    await this.yieldNow();
    this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }

  /** Call at the end: counts the last slice too. */
  finish(): void {
    this.closeSlice();
  }

  private closeSlice(): void {
    this.longestSliceMs = Math.max(this.longestSliceMs, performance.now() - this.sliceStart);
  }
}
