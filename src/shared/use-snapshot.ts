/** Live Snapshot from the background: a port on which it pushes every change; reconnects if the worker restarts. */
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { SNAPSHOT_PORT, type Snapshot } from './messages.ts';

export function useSnapshot(): Snapshot | null {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  useEffect(() => {
    let port: ReturnType<typeof browser.runtime.connect> | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      port = browser.runtime.connect({ name: SNAPSHOT_PORT });
      port.onMessage.addListener((m) => setSnapshot(m as Snapshot));
      // A stopped worker drops the port; open a new one, which wakes it again.
      port.onDisconnect.addListener(() => {
        if (!closed) retry = setTimeout(open, 250);
      });
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      port?.disconnect();
    };
  }, []);
  return snapshot;
}
