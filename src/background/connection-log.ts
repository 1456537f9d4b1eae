/**
 * The connection log, for the administrator who wires a real iPBX (issue 15 §4): the last MAX_LOG_ENTRIES frames in
 * and out, status changes with their reasons, and sign-in attempts, each redacted before it is kept. It lives in
 * memory and in storage.session (a restarted worker keeps it; the browser's end forgets it), and goes nowhere else:
 * only an options page that opened the log's port receives it (connection-log-ports.ts).
 *
 * Under a flood it costs little: a frame is a test for secret names (redacted only when one appears), a cut, and a
 * slot in a ring buffer; storage.session gets the whole log at most every PERSIST_MS, watchers a batch at most every
 * PUSH_MS.
 */
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { MAX_ENTRY_CHARS, MAX_LOG_ENTRIES, type LogEntry, type LogEntryKind } from '../shared/connection-log.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';
import type { TransportKind } from '../shared/transports.ts';
import { redactSecrets } from './redact-secrets.ts';
import { throttle } from './throttle.ts';

export const PERSIST_MS = 2_000;
export const PUSH_MS = 500;

/** The text as kept: cut first (a 10 MB frame is not redacted whole), then redacted, with the full length named. */
export function keptText(text: string): string {
  if (text.length <= MAX_ENTRY_CHARS) return redactSecrets(text);
  return `${redactSecrets(text.slice(0, MAX_ENTRY_CHARS))}… (${text.length} characters)`;
}

export class ConnectionLog {
  /** A ring: `start` is the oldest entry once it is full. */
  private readonly ring: LogEntry[] = [];
  private start = 0;
  private nextSeq = 1;
  private readonly watchers = new Set<() => void>();
  /** Nothing is written before what a stopped worker kept is read back (it would be overwritten). */
  private restored: boolean;
  private readonly persistSoon: () => void;
  private readonly pushSoon: () => void;

  constructor(
    private readonly storage: ItemStorage | null,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.restored = storage === null;
    this.persistSoon = throttle(() => void this.persist(), PERSIST_MS);
    this.pushSoon = throttle(() => {
      for (const fn of this.watchers) fn();
    }, PUSH_MS);
  }

  /** Takes back what a stopped worker left in storage.session; entries recorded since then stay newer. */
  async restore(): Promise<void> {
    if (!this.storage || this.restored) return;
    try {
      const kept = await this.storage.get(ITEMS.connectionLog);
      const since = this.entries();
      this.ring.length = 0;
      this.start = 0;
      this.nextSeq = (kept.at(-1)?.seq ?? 0) + 1;
      for (const e of kept.slice(-MAX_LOG_ENTRIES)) this.add(e);
      for (const e of since) this.add({ ...e, seq: this.nextSeq++ });
    } catch (e) {
      this.log.warn(`connection log not restored: ${errorMessage(e)}`);
    }
    this.restored = true;
    if (this.ring.length > 0) this.persistSoon();
  }

  frame(direction: 'in' | 'out', dialect: TransportKind, text: string): void {
    this.record(direction, text, dialect);
  }

  status(text: string): void {
    this.record('status', text);
  }

  signIn(text: string): void {
    this.record('sign-in', text);
  }

  /** Oldest first. */
  entries(): LogEntry[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }

  /** The entries after `seq`, oldest first. */
  since(seq: number): LogEntry[] {
    return this.entries().filter((e) => e.seq > seq);
  }

  /** Calls `fn` when entries were added, at most every PUSH_MS (it reads them with since()). */
  watch(fn: () => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /** Resolves once the log as it is now is in storage.session (tests, and the e2e that reads it). */
  flush(): Promise<void> {
    return this.persist();
  }

  private record(kind: LogEntryKind, text: string, dialect?: TransportKind): void {
    const entry: LogEntry = { seq: this.nextSeq++, at: this.now(), kind, text: keptText(text) };
    if (dialect !== undefined) entry.dialect = dialect;
    this.add(entry);
    if (this.restored) this.persistSoon();
    if (this.watchers.size > 0) this.pushSoon();
  }

  private add(entry: LogEntry): void {
    if (this.ring.length < MAX_LOG_ENTRIES) {
      this.ring.push(entry);
      return;
    }
    this.ring[this.start] = entry;
    this.start = (this.start + 1) % MAX_LOG_ENTRIES;
  }

  private async persist(): Promise<void> {
    if (!this.storage) return;
    try {
      await this.storage.set(ITEMS.connectionLog, this.entries());
    } catch (e) {
      this.log.warn(`connection log not saved: ${errorMessage(e)}`);
    }
  }
}
