/**
 * Shared setup of the options page's component tests: settings stored as an older release left them, a snapshot port
 * that never posts, a stubbed runtime.sendMessage that records what the page sends (`sent`) and answers the Contacts
 * section's status question, a fresh fake browser before each test (importing this module registers those hooks), and
 * helpers to render, save and read the form.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { Options } from '../../../src/options/Options.tsx';
import type { Message } from '../../../src/shared/messages.ts';
import { SETTINGS_KEY } from '../../../src/shared/settings.ts';
import type { FakePort } from '../../support/fake-port.ts';

/** A snapshot port on which the background never posts: the page works without a status. */
function installPort(): void {
  const connect = (info?: { name?: string }): FakePort => ({
    name: info?.name ?? '',
    onMessage: { addListener: () => undefined, removeListener: () => undefined },
    onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
    postMessage: () => undefined,
    disconnect: () => undefined,
  });
  (fakeBrowser.runtime as unknown as { connect: typeof connect }).connect = connect;
}

/** A version-1 object as an older release stored it: no version field, no screen pop. */
export const STORED_V1 = {
  pbxUrl: 'wss://pbx.example.com/ws',
  token: 'secret-token',
  restUrl: '',
  restEmail: '',
  identityType: 'line',
  identityValue: '444',
  defaultCountry: 'CZ',
  notifications: true,
  enabled: true,
  disabledSites: ['intranet.example.com'],
  internationalPrefix: '00',
  outsideLinePrefix: '',
};

export let sent: Message[];

/** What the background says about caller names when the Contacts section asks. */
const CONTACTS_STATUS = { file: { count: 0 }, ipbx: { count: 0 }, user: { count: 0 }, crm: {}, building: [] };

/** Answers the page's messages: the Contacts section's status question as the background would, the rest with `value`. */
export function answerWith(value: unknown): void {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
    const message = m as Message;
    if (message.type === 'contactsStatus') return { ok: true, value: CONTACTS_STATUS };
    sent.push(message);
    return { ok: true, value };
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
}

beforeEach(async () => {
  fakeBrowser.reset();
  installPort();
  sent = [];
  answerWith(null);
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: STORED_V1 });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

export async function stored(): Promise<unknown> {
  return (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
}

export function input(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input #${id}`);
  return el;
}

/** Renders the page and waits until the stored settings are in the form. */
export async function renderOptions() {
  const utils = render(<Options />);
  await waitFor(() => expect(document.getElementById('pbxUrl')).not.toBeNull());
  return utils;
}

export function save() {
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
}

export function previewLines(): string[] {
  const list = document.querySelector('ul.preview');
  if (!list) throw new Error('no preview');
  return within(list as HTMLElement)
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}
