// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Options } from '../../src/options/Options.tsx';
import type { Message } from '../../src/shared/messages.ts';
import { migrateSettings as migrate, SETTINGS_KEY, SETTINGS_VERSION } from '../../src/shared/settings.ts';

type Listener = (message: unknown) => void;

interface FakePort {
  name: string;
  onMessage: { addListener: (fn: Listener) => void; removeListener: (fn: Listener) => void };
  onDisconnect: { addListener: (fn: () => void) => void; removeListener: (fn: () => void) => void };
  postMessage: (m: unknown) => void;
  disconnect: () => void;
}

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
const STORED_V1 = {
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

let sent: Message[];

beforeEach(async () => {
  fakeBrowser.reset();
  installPort();
  sent = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
    sent.push(m as Message);
    return { ok: true, value: null };
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: STORED_V1 });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function stored(): Promise<unknown> {
  return (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
}

function input(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input #${id}`);
  return el;
}

/** Renders the page and waits until the stored settings are in the form. */
async function renderOptions() {
  const utils = render(<Options />);
  await waitFor(() => expect(document.getElementById('pbxUrl')).not.toBeNull());
  return utils;
}

function save() {
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
}

function previewLines(): string[] {
  const list = document.querySelector('ul.preview');
  if (!list) throw new Error('no preview');
  return within(list as HTMLElement)
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}

describe('options page', () => {
  it('loads the stored settings into the fields', async () => {
    await renderOptions();
    expect(input('pbxUrl').value).toBe('wss://pbx.example.com/ws');
    expect(input('pbxUrl').disabled).toBe(false);
    expect(input('token').value).toBe('secret-token');
    expect((document.getElementById('identityType') as HTMLSelectElement).value).toBe('line');
    expect(input('identityValue').value).toBe('444');
    expect((document.getElementById('defaultCountry') as HTMLSelectElement).value).toBe('CZ');
    expect(input('internationalPrefix').value).toBe('00');
    expect((document.getElementById('disabledSites') as HTMLTextAreaElement).value).toBe('intranet.example.com');
    expect(input('spEnabled').checked).toBe(false);
    expect(screen.queryByText(/Set by your administrator\./)).toBeNull();
  });

  it('an invalid pbxUrl shows the error next to the field and saves nothing', async () => {
    await renderOptions();
    const before = await stored();
    fireEvent.input(input('pbxUrl'), { target: { value: 'http://x' } });
    // A valid change in another field must not be saved either: all or nothing.
    fireEvent.input(input('identityValue'), { target: { value: '445' } });
    save();
    const alert = await screen.findByRole('alert');
    expect(alert.id).toBe('pbxUrl-error');
    expect(alert.textContent).toBe('Enter a ws:// or wss:// URL, for example wss://pbx.example.com/ws.');
    expect(alert.closest('.field')?.querySelector('#pbxUrl')).toBe(input('pbxUrl'));
    expect(input('pbxUrl').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Nothing was saved: correct the marked fields.')).toBeTruthy();
    expect(await stored()).toEqual(before);
  });

  it('a valid change saves the migrated settings (version 2)', async () => {
    await renderOptions();
    fireEvent.input(input('pbxUrl'), { target: { value: 'wss://new.example.com/ws' } });
    save();
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await stored()).toEqual({
      ...STORED_V1,
      version: SETTINGS_VERSION,
      pbxUrl: 'wss://new.example.com/ws',
      screenPop: {
        enabled: false,
        urlTemplate: '',
        when: 'ringing',
        incomingOnly: true,
        skipAnonymous: true,
        skipInternal: true,
        reuseTab: true,
      },
      confirmForeign: false,
    });
    expect(SETTINGS_VERSION).toBe(2);
  });

  it('the dial-rules preview shows what each sample dials and follows the international prefix', async () => {
    await renderOptions();
    expect(previewLines()).toEqual(['+420 777 888 999 → 777888999', '+44 20 7946 0958 → 00442079460958', '445 → 445']);
    fireEvent.input(input('internationalPrefix'), { target: { value: '011' } });
    await waitFor(() => expect(previewLines()).toContain('+44 20 7946 0958 → 011442079460958'));
    expect(previewLines()).toContain('+420 777 888 999 → 777888999');
    // A typed sample replaces the built-in ones.
    fireEvent.input(input('dialSample'), { target: { value: '+1 212 555 0100' } });
    await waitFor(() => expect(previewLines()).toEqual(['+1 212 555 0100 → 01112125550100']));
  });

  it("an administrator's pbxUrl is shown, locked and marked", async () => {
    await fakeBrowser.storage.managed.set({ pbxUrl: 'wss://policy.example.com/ws' });
    await renderOptions();
    await waitFor(() => expect(input('pbxUrl').value).toBe('wss://policy.example.com/ws'));
    expect(input('pbxUrl').disabled).toBe(true);
    const note = screen.getByText(/Set by your administrator\./);
    expect(note.previousElementSibling?.querySelector('#pbxUrl')).toBe(input('pbxUrl'));
    // Fields the policy does not set stay editable.
    expect(input('internationalPrefix').disabled).toBe(false);
    expect(input('token').disabled).toBe(false);
  });

  it('"ask before a web page calls a number abroad": off by default, saved when ticked, locked by a policy', async () => {
    await renderOptions();
    expect(input('confirmForeign').checked).toBe(false);
    expect(input('confirmForeign').disabled).toBe(false);
    fireEvent.click(input('confirmForeign'));
    save();
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(await stored()).toMatchObject({ confirmForeign: true });
    cleanup();
    await fakeBrowser.storage.managed.set({ confirmForeign: true });
    await renderOptions();
    await waitFor(() => expect(input('confirmForeign').disabled).toBe(true));
    expect(input('confirmForeign').checked).toBe(true);
  });

  it('screen pop with a javascript: template shows the screen-pop error and saves nothing', async () => {
    await renderOptions();
    const before = await stored();
    fireEvent.click(input('spEnabled'));
    expect(input('spEnabled').checked).toBe(true);
    fireEvent.input(input('spTemplate'), { target: { value: 'javascript:alert({number})' } });
    save();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Enter an http:// or https:// URL, for example https://crm.example.com/search?phone={e164}.',
    );
    expect(alert.closest('.field')?.querySelector('#spTemplate')).toBe(input('spTemplate'));
    expect(await stored()).toEqual(before);
  });

  it('a dial prefix that is not digits shows its error in that field and saves nothing', async () => {
    await renderOptions();
    const before = await stored();
    fireEvent.input(input('outsideLinePrefix'), { target: { value: '9a' } });
    save();
    const alert = await screen.findByRole('alert');
    expect(alert.id).toBe('outsideLinePrefix-error');
    expect(alert.textContent).toBe('Use up to 6 digits (and * # +).');
    expect(alert.closest('.field')?.querySelector('#outsideLinePrefix')).toBe(input('outsideLinePrefix'));
    expect(alert.closest('.field')?.classList.contains('invalid')).toBe(true);
    expect(document.getElementById('internationalPrefix-error')).toBeNull();
    expect(await stored()).toEqual(before);
  });

  it('screen pop with an https template saves it', async () => {
    await renderOptions();
    fireEvent.click(input('spEnabled'));
    fireEvent.input(input('spTemplate'), { target: { value: 'https://crm.example.com/search?phone={e164}' } });
    save();
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const s = (await stored()) as { screenPop: { enabled: boolean; urlTemplate: string } };
    expect(s.screenPop.enabled).toBe(true);
    expect(s.screenPop.urlTemplate).toBe('https://crm.example.com/search?phone={e164}');
  });
});

describe('options page: Test connection', () => {
  function answerReconnect(value: unknown): void {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
      sent.push(m as Message);
      return { ok: true, value };
    }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  }

  it('shows the outcome of the attempt: connected with the line', async () => {
    answerReconnect({ state: 'connected', line: '444', since: 0 });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByTestId('test-result').textContent).toBe('Connected, line 444'));
    expect(screen.getByTestId('test-result').className).toBe('ok');
    expect(sent.at(-1)).toEqual({ type: 'reconnect', payload: null });
  });

  it('shows a failure with its human reason', async () => {
    answerReconnect({ state: 'auth-failed', reason: 'reasonAuthRejected', detail: 'invalid token', since: 0 });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByTestId('test-result').className).toBe('field-error'));
    expect(screen.getByTestId('test-result').textContent).toMatch(/invalid token/);
  });
});

describe('options page: e-mail sign-in', () => {
  async function fillSignIn(): Promise<void> {
    fireEvent.click(screen.getByLabelText('E-mail and password (REST API)'));
    fireEvent.input(input('restUrl'), { target: { value: 'https://pbx.example.com/api' } });
    fireEvent.input(input('restEmail'), { target: { value: 'alice@example.com' } });
    fireEvent.input(input('restPassword'), { target: { value: 'alice-pass' } });
  }

  it('signs in, then saves the settings without a pasted token; the password is cleared', async () => {
    await renderOptions();
    await fillSignIn();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(sent.map((m) => m.type)).toContain('restLogin'));
    expect(sent.find((m) => m.type === 'restLogin')?.payload).toEqual({
      restUrl: 'https://pbx.example.com/api',
      email: 'alice@example.com',
      password: 'alice-pass',
    });
    await waitFor(async () =>
      expect(await stored()).toMatchObject({
        token: '',
        restUrl: 'https://pbx.example.com/api',
        restEmail: 'alice@example.com',
      }),
    );
    expect(input('restPassword').value).toBe('');
    expect(JSON.stringify(await stored())).not.toContain('alice-pass');
  });

  it('an invalid form signs in nothing: no tokens are fetched for settings that cannot be saved', async () => {
    await renderOptions();
    fireEvent.input(input('pbxUrl'), { target: { value: 'http://not-a-websocket' } });
    await fillSignIn();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(document.getElementById('pbxUrl-error')).not.toBeNull());
    expect(sent.filter((m) => m.type === 'restLogin')).toEqual([]);
    expect(await stored()).toEqual(STORED_V1);
  });
});

describe('options page: export and import', () => {
  /** Captures what "Export settings" would download, without navigating. */
  async function exported(): Promise<string> {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((obj: Blob | MediaSource) => {
      blobs.push(obj as Blob);
      return 'blob:ipbx-export';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export settings' }));
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('ipbx-connect-settings.json');
    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.type).toBe('application/json');
    return blobs[0]!.text();
  }

  function importFile(text: string): void {
    const file = new File([text], 'settings.json', { type: 'application/json' });
    const fileInput = document.querySelector('input[type="file"]');
    if (!(fileInput instanceof HTMLInputElement)) throw new Error('no file input');
    fireEvent.change(fileInput, { target: { files: [file] } });
  }

  const SECRETS = ['secret-token', 'typed-secret', 'rest-access-secret', 'rest-refresh-secret', 'pass-secret'];

  it('export leaves out the token and every other secret, and keeps the rest', async () => {
    await fakeBrowser.storage.local.set({
      restTokens: { accessToken: 'rest-access-secret', refreshToken: 'rest-refresh-secret', expiresAt: 1 },
    });
    await renderOptions();
    // An unsaved token typed into the field is a secret too.
    fireEvent.input(input('token'), { target: { value: 'typed-secret' } });
    const text = await exported();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).not.toContain('token');
    expect(Object.keys(json).filter((k) => /token|password|secret/i.test(k))).toEqual([]);
    expect(json).toMatchObject({
      pbxUrl: 'wss://pbx.example.com/ws',
      identityType: 'line',
      identityValue: '444',
      disabledSites: ['intranet.example.com'],
    });
  });

  it('export after a REST sign-in leaves out the password typed on the page', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: {
        ...STORED_V1,
        token: '',
        restUrl: 'https://pbx.example.com/api',
        restEmail: 'alice@example.com',
      },
    });
    await renderOptions();
    fireEvent.input(input('restPassword'), { target: { value: 'pass-secret' } });
    const text = await exported();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ restUrl: 'https://pbx.example.com/api', restEmail: 'alice@example.com' });
  });

  it('import applies the file and keeps the stored token, even when the file carries one', async () => {
    await renderOptions();
    importFile(
      JSON.stringify({
        ...STORED_V1,
        token: 'token-from-file',
        pbxUrl: 'wss://imported.example.com/ws',
        identityValue: '445',
      }),
    );
    expect((await screen.findByText('Settings imported.')).getAttribute('role')).toBe('status');
    const s = (await stored()) as Record<string, unknown>;
    expect(s).toMatchObject({ pbxUrl: 'wss://imported.example.com/ws', identityValue: '445', token: 'secret-token' });
    expect(input('pbxUrl').value).toBe('wss://imported.example.com/ws');
    expect(input('token').value).toBe('secret-token');
  });

  it('an export imports back to the same settings (round trip), token untouched', async () => {
    await renderOptions();
    const text = await exported();
    const before = await stored();
    importFile(text);
    await screen.findByText('Settings imported.');
    expect(await stored()).toEqual(migrate(before));
  });

  it.each([
    ['not JSON at all', 'this is { not json'],
    ['a JSON array', '[{"pbxUrl":"wss://x.example.com/ws"}]'],
    ['a JSON string', '"wss://x.example.com/ws"'],
    ['JSON null', 'null'],
  ])('import of %s says so clearly and changes nothing', async (_what, text) => {
    await renderOptions();
    const before = await stored();
    importFile(text);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('This file is not a settings export (not a JSON object). Nothing was changed.');
    expect(await stored()).toEqual(before);
    expect(input('pbxUrl').value).toBe('wss://pbx.example.com/ws');
    expect(input('token').value).toBe('secret-token');
  });

  it('import of a settings file with an invalid value names it and changes nothing', async () => {
    await renderOptions();
    const before = await stored();
    importFile(JSON.stringify({ ...STORED_V1, pbxUrl: 'http://not-a-websocket.example.com' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'The file has an invalid value: Enter a ws:// or wss:// URL, for example wss://pbx.example.com/ws. Nothing was changed.',
    );
    expect(await stored()).toEqual(before);
    expect(input('pbxUrl').value).toBe('wss://pbx.example.com/ws');
  });
});

describe('options page: the ws:// warning', () => {
  const WARNING = 'Warning: ws:// is not encrypted. Use wss:// unless the iPBX is on this computer.';
  const HINT = 'For example wss://pbx.example.com/ws';

  function hint(): string {
    return document.getElementById('pbxUrl-hint')?.textContent ?? '';
  }

  it.each(['ws://192.168.1.10/ws', 'ws://pbx.lan:8080/ws', 'ws://10.0.0.5/ws'])(
    'shows for %s (a LAN host)',
    async (url) => {
      await renderOptions();
      fireEvent.input(input('pbxUrl'), { target: { value: url } });
      await waitFor(() => expect(hint()).toBe(WARNING));
    },
  );

  it.each([
    'ws://localhost:7878/ws',
    'ws://127.0.0.1:7878/ws',
    'ws://[::1]:7878/ws',
    'wss://192.168.1.10/ws',
    'wss://pbx.example.com/ws',
  ])('does not show for %s', async (url) => {
    await renderOptions();
    fireEvent.input(input('pbxUrl'), { target: { value: url } });
    await waitFor(() => expect(input('pbxUrl').value).toBe(url));
    expect(hint()).toBe(HINT);
    expect(screen.queryByText(WARNING)).toBeNull();
  });

  it('shows for a stored ws:// LAN URL as soon as the page opens, and goes away for wss://', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...STORED_V1, pbxUrl: 'ws://192.168.1.10/ws' } });
    await renderOptions();
    expect(hint()).toBe(WARNING);
    fireEvent.input(input('pbxUrl'), { target: { value: 'wss://192.168.1.10/ws' } });
    await waitFor(() => expect(hint()).toBe(HINT));
  });
});
