/**
 * Time for the background's modules: the timers they take (the real ones, or fakes in tests), the one way to wait for
 * an answer with a deadline (a queued send, an originate, a hangup's grace period, a connection test), and timers by
 * name (the connection's retry, handshake, auth and keepalive timers).
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A promise that someone settles, or its deadline does: the first to settle wins, later calls do nothing. */
export interface Deadline<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * Waits at most `ms`: when the time runs out before anyone settled the promise, `onTimeout` runs and settles it (with
 * a fallback value or an error, after any cleanup of its own). Settling clears the timer.
 */
export function deadline<T>(timers: Timers, ms: number, onTimeout: (d: Deadline<T>) => void): Deadline<T> {
  let settled = false;
  let resolvePromise!: (value: T) => void;
  let rejectPromise!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    timers.clearTimeout(timer);
    return true;
  };
  const d: Deadline<T> = {
    promise,
    resolve: (value) => {
      if (settle()) resolvePromise(value);
    },
    reject: (error) => {
      if (settle()) rejectPromise(error);
    },
  };
  const timer = timers.setTimeout(() => {
    if (!settled) onTimeout(d);
  }, ms);
  return d;
}

/** Timers by name: starting one replaces the running one of that name; a timer that fired is no longer running. */
export class NamedTimers<Name extends string> {
  private readonly running = new Map<Name, unknown>();

  constructor(private readonly timers: Timers) {}

  start(name: Name, ms: number, fn: () => void): void {
    this.clear(name);
    this.running.set(
      name,
      this.timers.setTimeout(() => {
        this.running.delete(name);
        fn();
      }, ms),
    );
  }

  clear(name: Name): void {
    if (this.running.has(name)) this.timers.clearTimeout(this.running.get(name));
    this.running.delete(name);
  }

  clearAll(): void {
    for (const name of [...this.running.keys()]) this.clear(name);
  }

  isRunning(name: Name): boolean {
    return this.running.has(name);
  }
}
