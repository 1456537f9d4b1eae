// @vitest-environment happy-dom
/**
 * The options of issue 17 on the real options page: what a ring does to the call window, and the page feed's origins,
 * refused with a clear error when an entry is not an origin, and locked by an administrator's policy.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Options } from '../../src/options/Options.tsx';
import { migrateSettings, SETTINGS_KEY } from '../../src/shared/settings.ts';

function installPort(): void {
  const connect = () => ({
    name: 'ipbx-snapshot',
    onMessage: { addListener: () => undefined, removeListener: () => undefined },
    onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
    postMessage: () => undefined,
    disconnect: () => undefined,
  });
  Object.assign(fakeBrowser.runtime, { connect });
}

const stored = async () => migrateSettings((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);

function origins(): HTMLTextAreaElement {
  const el = document.getElementById('feedOrigins');
  if (!(el instanceof HTMLTextAreaElement)) throw new Error('no origins field');
  return el;
}

beforeEach(async () => {
  fakeBrowser.reset();
  installPort();
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async () => ({
    ok: true,
    value: null,
  })) as unknown as typeof fakeBrowser.runtime.sendMessage);
  await fakeBrowser.storage.local.set({
    [SETTINGS_KEY]: migrateSettings({
      pbxUrl: 'wss://pbx.example.com/ws',
      token: 't',
      identityType: 'login',
      identityValue: 'alice',
    }),
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function renderOptions() {
  render(<Options />);
  await screen.findByLabelText('Origins that receive your current calls');
}

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));

describe('options: call window and page feed', () => {
  it('panelOnRinging: "none" by default, "window" saved when chosen', async () => {
    await renderOptions();
    const select = screen.getByLabelText('When a call rings');
    if (!(select instanceof HTMLSelectElement)) throw new Error('no select');
    expect(select.value).toBe('none');
    fireEvent.change(select, { target: { value: 'window' } });
    save();
    await screen.findByText('Saved.');
    expect((await stored()).panelOnRinging).toBe('window');
  });

  it('origins one per line; a new line can be typed; saved as a list', async () => {
    await renderOptions();
    fireEvent.input(origins(), { target: { value: 'https://crm.example.com\n' } });
    // The empty line being typed stays in the field.
    expect(origins().value).toBe('https://crm.example.com\n');
    fireEvent.input(origins(), { target: { value: 'https://crm.example.com\n  http://localhost:8080  \n\n' } });
    save();
    await screen.findByText('Saved.');
    expect((await stored()).pageFeed).toEqual({ origins: ['https://crm.example.com', 'http://localhost:8080'] });
  });

  it('an entry that is not an origin blocks saving, with an error that names it', async () => {
    await renderOptions();
    fireEvent.input(origins(), { target: { value: 'https://crm.example.com\nhttps://crm.example.com/app/' } });
    save();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Write each origin as http(s)://host or http(s)://host:port');
    expect(alert.textContent).toContain('Not an origin: https://crm.example.com/app/');
    expect(origins().getAttribute('aria-invalid')).toBe('true');
    expect(origins().getAttribute('aria-describedby')).toBe(alert.id);
    expect((await stored()).pageFeed.origins).toEqual([]);
  });

  it("an administrator's list is shown, locked and marked", async () => {
    await fakeBrowser.storage.managed.set({ pageFeed: { origins: ['https://crm.corp.example'] } });
    await renderOptions();
    await waitFor(() => expect(origins().value).toBe('https://crm.corp.example'));
    expect(origins().disabled).toBe(true);
    expect(screen.getAllByText(/Set by your administrator\./).length).toBeGreaterThan(0);
  });
});
