/**
 * Shared setup of the call panel's component tests: a fake snapshot port the test pushes snapshots into, a stubbed
 * runtime.sendMessage that records what the page asks, two calls and a connected status, and a fresh fake browser with
 * stored settings and an active tab before each test (importing this module registers those hooks).
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { App } from '../../../src/popup/App.tsx';
import type { Call } from '../../../src/shared/calls.ts';
import {
  SNAPSHOT_PORT,
  type Message,
  type Reply,
  type MessageType,
  type Snapshot,
} from '../../../src/shared/messages.ts';
import { migrateSettings, SETTINGS_KEY } from '../../../src/shared/settings.ts';
import type { ConnectionStatus } from '../../../src/shared/status.ts';
import type { FakePort, PortListener as Listener } from '../../support/fake-port.ts';

/** The background's side of the snapshot port, as seen by the test. */
interface PortControl {
  connectedNames: string[];
  push: (s: Snapshot) => void;
}

function installPort(): PortControl {
  const listeners: Listener[] = [];
  const control: PortControl = {
    connectedNames: [],
    push: (s) => {
      for (const l of listeners) l(s);
    },
  };
  const connect = (info?: { name?: string }): FakePort => {
    control.connectedNames.push(info?.name ?? '');
    return {
      name: info?.name ?? '',
      onMessage: { addListener: (fn) => void listeners.push(fn), removeListener: () => undefined },
      onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
      postMessage: () => undefined,
      disconnect: () => undefined,
    };
  };
  (fakeBrowser.runtime as unknown as { connect: typeof connect }).connect = connect;
  return control;
}

type Replier = (m: Message) => Reply<MessageType> | undefined;

/**
 * Stubs runtime.sendMessage; every message the page sends is recorded, but the "missed calls seen" that every panel
 * sends when it opens (panel-presence.ts; tested on its own).
 */
export function stubSendMessage(reply: Replier = () => ({ ok: true, value: null })) {
  const sent: Message[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
    if ((m as Message).type !== 'missedSeen') sent.push(m as Message);
    return reply(m as Message);
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  return sent;
}

export const NOW = Date.now();

export const RINGING: Call = {
  uniqueId: '1712345678.42',
  from: '+420777888999',
  to: '444',
  direction: 'incoming',
  state: 'ringing',
  startedAt: NOW - 5_000,
};

export const ANSWERED: Call = {
  uniqueId: '1712345600.7',
  from: '444',
  to: '+420608111222',
  direction: 'outgoing',
  state: 'answered',
  startedAt: NOW - 60_000,
  answeredAt: NOW - 30_000,
};

export const CONNECTED: ConnectionStatus = { state: 'connected', line: '444', since: NOW - 100_000 };

export function snapshot(partial: Partial<Snapshot> = {}): Snapshot {
  return { status: CONNECTED, calls: [RINGING, ANSWERED], consultations: [], ...partial };
}

let port: PortControl;

beforeEach(async () => {
  fakeBrowser.reset();
  port = installPort();
  await fakeBrowser.storage.local.set({
    [SETTINGS_KEY]: migrateSettings({ defaultCountry: 'CZ', internationalPrefix: '00' }),
  });
  const tab = {
    id: 1,
    index: 0,
    windowId: 0,
    url: 'https://crm.example.com/x',
    active: true,
    highlighted: true,
    pinned: false,
    incognito: false,
  };
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async () => [
    tab,
  ]) as unknown as typeof fakeBrowser.tabs.query);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Renders the popup and pushes a snapshot once the page has opened its port. */
export async function renderWith(s: Snapshot) {
  const utils = render(<App />);
  await waitFor(() => expect(port.connectedNames).toContain(SNAPSHOT_PORT));
  port.push(s);
  await screen.findByRole('status');
  return utils;
}

export function callItems() {
  return within(screen.getByRole('list')).getAllByRole('listitem');
}
