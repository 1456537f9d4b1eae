/**
 * Writes the call state to storage.session, so that a stopped worker's successor restores the calls: one write in
 * flight at a time, always of the latest state.
 */
import { encodeCallState, type CallState } from './call-reducer.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';

/**
 * Under a flood of events, the call state is written at most this often. Each write also sends the old and the new
 * state to every extension context listening to storage.onChanged (the panel too), so a flood must not write often.
 */
const PERSIST_GAP_MS = 1000;
/** Events that arrive together (NewCall, then Ringing) are written together. */
const PERSIST_COALESCE_MS = 25;

export class CallStatePersister {
  private persisting: Promise<void> | null = null;
  private persistAgain = false;

  constructor(
    private readonly storage: ItemStorage,
    private readonly log: Logger,
    /** The state as it is when a write starts. */
    private readonly read: () => CallState,
  ) {}

  /**
   * One write in flight at a time, always of the latest state. The first change after a quiet spell is written
   * within PERSIST_COALESCE_MS (a worker stopped right after a ring still knows the call); under a flood, writes are PERSIST_GAP_MS apart,
   * because each one converts the whole call state.
   */
  persist(): void {
    if (this.persisting !== null) {
      this.persistAgain = true;
      return;
    }
    // The first write waits for the rest of the burst: the iPBX sends NewCall and Ringing back to back, and a worker
    // stopped within the gap after a write of NewCall alone would restore a call that never rang.
    this.persisting = new Promise<void>((resolve) => setTimeout(resolve, PERSIST_COALESCE_MS))
      .then(() => this.storage.set(ITEMS.callState, encodeCallState(this.read())))
      .catch((e: unknown) => this.log.error(`could not save calls: ${errorMessage(e)}`))
      .then(() => new Promise<void>((resolve) => (this.persistAgain ? setTimeout(resolve, PERSIST_GAP_MS) : resolve())))
      .finally(() => {
        this.persisting = null;
        if (this.persistAgain) {
          this.persistAgain = false;
          this.persist();
        }
      });
  }

  /** Resolves when the latest call state is in storage.session. */
  async flushed(): Promise<void> {
    while (this.persisting !== null) await this.persisting;
  }
}
