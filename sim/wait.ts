// Waiting in tests for something the simulator will see (a frame, an authenticated connection).

interface Waiter {
  check(): boolean;
  fail(err: Error): void;
}

export class WaitList {
  private readonly waiters = new Set<Waiter>();

  /** Something changed: every waiter looks again. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  failAll(err: Error): void {
    for (const waiter of [...this.waiters]) waiter.fail(err);
  }

  /** Resolves once `probe` returns a value, checking now and after every change; rejects after `timeoutMs`. */
  wait<T>(what: string, timeoutMs: number, probe: () => T | undefined, status: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (err) {
            waiter.fail(err instanceof Error ? err : new Error(String(err)));
            return true;
          }
          if (value === undefined) return false;
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        fail: (err) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(err);
        },
      };
      if (waiter.check()) return;
      this.waiters.add(waiter);
      timer = setTimeout(
        () => waiter.fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${status()})`)),
        timeoutMs,
      );
    });
  }
}
