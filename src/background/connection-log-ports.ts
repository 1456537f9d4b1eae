/**
 * The options page's view of the connection log: a port it opens only while its "Connection log" section is open.
 * It gets the whole log when it connects, then batches of new entries (ConnectionLog.watch: at most every PUSH_MS).
 * Nothing else receives the log: the call panel never opens this port, and content scripts may not.
 */
import { senderKind } from './message-router.ts';
import type { SnapshotPort } from './snapshot-ports.ts';
import type { ConnectionLog } from './connection-log.ts';
import { CONNECTION_LOG_PORT, type LogPortMessage } from '../shared/connection-log.ts';

export class ConnectionLogPorts {
  constructor(
    private readonly log: ConnectionLog,
    /** The first message waits for this (the log restored from storage.session). */
    private readonly ready: Promise<void>,
    private readonly extension: { id: string; origin: string },
  ) {}

  /** runtime.onConnect: takes the log's port from an extension page, refuses it from anywhere else. */
  connect(port: SnapshotPort): void {
    if (port.name !== CONNECTION_LOG_PORT || !port.sender) return;
    if (senderKind(port.sender, this.extension.id, this.extension.origin) !== 'extension-page') {
      port.disconnect();
      return;
    }
    let stop: (() => void) | null = null;
    let open = true;
    port.onDisconnect.addListener(() => {
      open = false;
      stop?.();
    });
    void this.ready.then(() => {
      if (!open) return;
      const send = (message: LogPortMessage) => {
        try {
          port.postMessage(message);
        } catch {
          // the page went away between two batches; its onDisconnect stops the watch
          stop?.();
        }
      };
      const all = this.log.entries();
      let last = all.at(-1)?.seq ?? 0;
      send({ type: 'all', entries: all });
      stop = this.log.watch(() => {
        const added = this.log.since(last);
        if (added.length === 0) return;
        last = added.at(-1)?.seq ?? last;
        send({ type: 'added', entries: added });
      });
    });
  }
}
