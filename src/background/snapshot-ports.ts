/**
 * The pages that watch the calls (the popup, the panel window, the options page): each opens a port named
 * SNAPSHOT_PORT and gets a snapshot when it connects and whenever call effects push one. Only our own extension pages
 * may open it; content scripts never see the calls.
 */
import type { Runtime } from 'webextension-polyfill';
import { senderKind } from './message-router.ts';
import { SNAPSHOT_PORT, type Snapshot } from '../shared/messages.ts';

/** What is used of a runtime.Port. */
export type SnapshotPort = Pick<Runtime.Port, 'name' | 'sender' | 'disconnect' | 'postMessage'> & {
  onDisconnect: { addListener(fn: () => void): void };
};

export class SnapshotPorts {
  private readonly ports = new Set<SnapshotPort>();

  constructor(
    private readonly snapshot: () => Snapshot,
    /** The first snapshot waits for this (the engine restoring its state). */
    private readonly ready: Promise<void>,
    private readonly extension: { id: string; origin: string },
  ) {}

  get open(): boolean {
    return this.ports.size > 0;
  }

  /**
   * runtime.onConnect: takes our port from an extension page, refuses it from anywhere else, leaves other ports.
   * True when it took one: a panel opened.
   */
  connect(port: SnapshotPort): boolean {
    if (port.name !== SNAPSHOT_PORT || !port.sender) return false;
    if (senderKind(port.sender, this.extension.id, this.extension.origin) !== 'extension-page') {
      port.disconnect();
      return false;
    }
    this.ports.add(port);
    port.onDisconnect.addListener(() => this.ports.delete(port));
    void this.ready.then(() => port.postMessage(this.snapshot()));
    return true;
  }

  /** The same fresh snapshot to every open port. */
  push(): void {
    if (this.ports.size === 0) return;
    const snapshot = this.snapshot();
    for (const port of this.ports) port.postMessage(snapshot);
  }
}
