/**
 * Requests made while the connection is being set up wait here, each until its own deadline, and leave in one of
 * three ways: sent once the connection is signed in, refused when the attempt fails, or timed out.
 */
import { deadline, type Deadline, type Timers } from './timers.ts';

interface Waiting<T> {
  item: T;
  sent: Deadline<void>;
}

export class SendQueue<T> {
  private waiting: Waiting<T>[] = [];

  constructor(private readonly timers: Timers) {}

  /** Resolves once `item` is sent; rejects with `expired()` after `timeoutMs`, or with the reason given to rejectAll. */
  add(item: T, timeoutMs: number, expired: () => Error): Promise<void> {
    const entry: Waiting<T> = {
      item,
      sent: deadline<void>(this.timers, timeoutMs, (d) => {
        this.waiting = this.waiting.filter((w) => w !== entry);
        d.reject(expired());
      }),
    };
    this.waiting.push(entry);
    return entry.sent.promise;
  }

  /** Sends everything that waits, oldest first. */
  flush(send: (item: T) => void): void {
    for (const w of this.take()) {
      send(w.item);
      w.sent.resolve();
    }
  }

  /** Refuses everything that waits, each with its own error. */
  rejectAll(reason: () => Error): void {
    for (const w of this.take()) w.sent.reject(reason());
  }

  private take(): Waiting<T>[] {
    const taken = this.waiting;
    this.waiting = [];
    return taken;
  }
}
