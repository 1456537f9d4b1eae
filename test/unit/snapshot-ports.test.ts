import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { SnapshotPorts, type SnapshotPort } from '../../src/background/snapshot-ports.ts';
import { SNAPSHOT_PORT, type Snapshot } from '../../src/shared/messages.ts';

const EXTENSION = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const PAGE: Runtime.MessageSender = { id: EXTENSION.id, url: `${EXTENSION.origin}src/popup/index.html` };
const CONTENT_SCRIPT: Runtime.MessageSender = {
  id: EXTENSION.id,
  url: 'https://example.com/',
  tab: { index: 0, highlighted: false, active: true, pinned: false, incognito: false },
};
const OTHER_EXTENSION: Runtime.MessageSender = { id: 'someone-else', url: 'chrome-extension://someone-else/page.html' };

class FakePort implements SnapshotPort {
  readonly posted: unknown[] = [];
  disconnected = false;
  private readonly disconnectListeners: (() => void)[] = [];
  readonly onDisconnect = { addListener: (fn: () => void) => void this.disconnectListeners.push(fn) };

  constructor(
    readonly sender: Runtime.MessageSender | undefined,
    readonly name = SNAPSHOT_PORT,
  ) {}

  disconnect(): void {
    this.disconnected = true;
  }

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  /** The page went away. */
  close(): void {
    for (const fn of this.disconnectListeners) fn();
  }
}

function fakePort(sender: Runtime.MessageSender | undefined, name = SNAPSHOT_PORT): FakePort {
  return new FakePort(sender, name);
}

function snapshots() {
  let n = 0;
  return vi.fn((): Snapshot => ({ status: { state: 'connected', since: ++n }, calls: [], consultations: [] }));
}

describe('SnapshotPorts', () => {
  it('sends an extension page its first snapshot once the engine is ready', async () => {
    let markReady = (): void => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const snapshot = snapshots();
    const ports = new SnapshotPorts(snapshot, ready, EXTENSION);
    const port = fakePort(PAGE);
    ports.connect(port);
    expect(ports.open).toBe(true);
    await Promise.resolve();
    expect(port.posted).toEqual([]);
    markReady();
    await ready;
    await Promise.resolve();
    expect(port.posted).toEqual([{ status: { state: 'connected', since: 1 }, calls: [], consultations: [] }]);
  });

  it('refuses the port from a content script or another extension', () => {
    const ports = new SnapshotPorts(snapshots(), Promise.resolve(), EXTENSION);
    for (const sender of [CONTENT_SCRIPT, OTHER_EXTENSION]) {
      const port = fakePort(sender);
      ports.connect(port);
      expect(port.disconnected).toBe(true);
    }
    expect(ports.open).toBe(false);
  });

  it('leaves ports of another name, or without a sender, alone', () => {
    const ports = new SnapshotPorts(snapshots(), Promise.resolve(), EXTENSION);
    const other = fakePort(PAGE, 'something-else');
    const anonymous = fakePort(undefined);
    ports.connect(other);
    ports.connect(anonymous);
    expect(other.disconnected).toBe(false);
    expect(anonymous.disconnected).toBe(false);
    expect(ports.open).toBe(false);
  });

  it('push sends the same fresh snapshot to every open port, and forgets closed ones', async () => {
    const snapshot = snapshots();
    const ports = new SnapshotPorts(snapshot, Promise.resolve(), EXTENSION);
    const a = fakePort(PAGE);
    const b = fakePort(PAGE);
    ports.connect(a);
    ports.connect(b);
    await Promise.resolve();
    snapshot.mockClear();
    ports.push();
    expect(snapshot).toHaveBeenCalledTimes(1);
    expect(a.posted.at(-1)).toBe(b.posted.at(-1));
    a.close();
    ports.push();
    expect(a.posted).toHaveLength(2);
    expect(b.posted).toHaveLength(3);
    b.close();
    expect(ports.open).toBe(false);
    snapshot.mockClear();
    ports.push();
    expect(snapshot).not.toHaveBeenCalled();
  });
});
