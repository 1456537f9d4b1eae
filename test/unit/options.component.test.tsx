// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Options } from '../../src/options/Options.tsx';
import type { Message } from '../../src/shared/messages.ts';
import {
  DEFAULT_SETTINGS,
  migrateSettings as migrate,
  SETTINGS_KEY,
  SETTINGS_VERSION,
} from '../../src/shared/settings.ts';

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

/** What the background says about caller names when the Contacts section asks. */
const CONTACTS_STATUS = { file: { count: 0 }, ipbx: { count: 0 }, user: { count: 0 }, crm: {}, building: [] };

/** Answers the page's messages: the Contacts section's status question as the background would, the rest with `value`. */
function answerWith(value: unknown): void {
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
      oauthTokenUrl: '',
      oauthClientId: 'api',
      oauthScope: 'openid profile',
      transport: 'websocket',
      screenPop: {
        enabled: false,
        urlTemplate: '',
        when: 'ringing',
        incomingOnly: true,
        skipAnonymous: true,
        skipInternal: true,
        reuseTab: true,
      },
      contacts: DEFAULT_SETTINGS.contacts,
      callerLookup: DEFAULT_SETTINGS.callerLookup,
      panelOnRinging: 'none',
      pageFeed: { origins: [] },
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

  it("an administrator's dialect and OAuth sign-in are shown locked, and the sign-in goes where the policy says", async () => {
    await fakeBrowser.storage.managed.set({
      transport: 'socket.io',
      oauthTokenUrl: 'https://auth.voipex.io/token',
      oauthClientId: 'api',
      oauthScope: 'openid profile',
    });
    await renderOptions();
    const transport = document.getElementById('transport') as HTMLSelectElement;
    await waitFor(() => expect(transport.value).toBe('socket.io'));
    expect(transport.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('E-mail and password'));
    expect(input('oauthTokenUrl').value).toBe('https://auth.voipex.io/token');
    for (const id of ['oauthTokenUrl', 'oauthClientId', 'oauthScope']) expect(input(id).disabled).toBe(true);
    expect(input('restEmail').disabled).toBe(false);
    expect(screen.getByText('You will sign in with OAuth at https://auth.voipex.io/token.')).toBeTruthy();
    fireEvent.input(input('restEmail'), { target: { value: 'alice@example.com' } });
    fireEvent.input(input('restPassword'), { target: { value: 'alice-pass' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(sent.map((m) => m.type)).toContain('signIn'));
    expect(sent.find((m) => m.type === 'signIn')?.payload).toMatchObject({
      oauthTokenUrl: 'https://auth.voipex.io/token',
    });
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
  const answerReconnect = answerWith;

  it('shows the outcome of the attempt: connected with the line', async () => {
    answerReconnect({ state: 'connected', line: '444', since: 0 });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByTestId('test-result').textContent).toBe('Connected, line 444'));
    expect(screen.getByTestId('test-result').className).toBe('ok');
    expect(sent.at(-1)).toEqual({ type: 'reconnect', payload: null });
  });

  it('when the attempt fails, says which dialect answers at the URL and offers to switch to it', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
      sent.push(m as Message);
      const type = (m as Message).type;
      if (type === 'reconnect')
        return { ok: true, value: { state: 'disconnected', reason: 'reasonHandshakeTimeout', since: 0 } };
      if (type === 'probeDialects')
        return {
          ok: true,
          value: {
            url: 'wss://pbx.example.com/ws',
            answered: [{ dialect: 'socket.io', url: 'wss://pbx.example.com/socket.io/' }],
          },
        };
      return { ok: true, value: null };
    }) as unknown as typeof fakeBrowser.runtime.sendMessage);
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('dialect-result').textContent).toContain(
        'At wss://pbx.example.com/socket.io/ the iPBX answers over Socket.IO, not over the dialect set here.',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Switch to Socket.IO' }));
    await waitFor(async () =>
      expect(await stored()).toMatchObject({ transport: 'socket.io', pbxUrl: 'wss://pbx.example.com/socket.io/' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('dialect-result').textContent).toBe('Switched to Socket.IO and saved.'),
    );
    expect((document.getElementById('transport') as HTMLSelectElement).value).toBe('socket.io');
  });

  it('when connected, names the dialect without probing', async () => {
    answerReconnect({ state: 'connected', line: '444', since: 0 });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('dialect-result').textContent).toBe('Connected over WebSocket (JSON frames).'),
    );
    expect(sent.map((m) => m.type)).not.toContain('probeDialects');
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
    fireEvent.click(screen.getByLabelText('E-mail and password'));
    fireEvent.input(input('restUrl'), { target: { value: 'https://pbx.example.com/api' } });
    fireEvent.input(input('restEmail'), { target: { value: 'alice@example.com' } });
    fireEvent.input(input('restPassword'), { target: { value: 'alice-pass' } });
  }

  it('signs in, then saves the settings without a pasted token; the password is cleared', async () => {
    await renderOptions();
    await fillSignIn();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(sent.map((m) => m.type)).toContain('signIn'));
    expect(sent.find((m) => m.type === 'signIn')?.payload).toEqual({
      restUrl: 'https://pbx.example.com/api',
      email: 'alice@example.com',
      password: 'alice-pass',
      oauthTokenUrl: '',
      oauthClientId: 'api',
      oauthScope: 'openid profile',
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
    expect(sent.filter((m) => m.type === 'signIn')).toEqual([]);
    expect(await stored()).toEqual(STORED_V1);
  });

  it('with an OAuth token URL, says so and sends it with the client and scope; saves them after', async () => {
    await renderOptions();
    await fillSignIn();
    expect(screen.getByText('You will sign in through the REST API at https://pbx.example.com/api.')).toBeTruthy();
    fireEvent.input(input('oauthTokenUrl'), { target: { value: 'https://auth.voipex.io/token' } });
    fireEvent.input(input('oauthScope'), { target: { value: 'openid' } });
    expect(screen.getByText('You will sign in with OAuth at https://auth.voipex.io/token.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(sent.map((m) => m.type)).toContain('signIn'));
    expect(sent.find((m) => m.type === 'signIn')?.payload).toMatchObject({
      oauthTokenUrl: 'https://auth.voipex.io/token',
      oauthClientId: 'api',
      oauthScope: 'openid',
      password: 'alice-pass',
    });
    await waitFor(async () =>
      expect(await stored()).toMatchObject({ oauthTokenUrl: 'https://auth.voipex.io/token', oauthScope: 'openid' }),
    );
    expect(await screen.findByText('Signed in. The token will be renewed automatically.')).toBeTruthy();
  });

  it('a refused sign-in shows the sentence the background sent, as an alert', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
      sent.push(m as Message);
      return { ok: false, error: { code: 'errLoginRejected', message: 'Wrong e-mail or password.' } };
    }) as unknown as typeof fakeBrowser.runtime.sendMessage);
    await renderOptions();
    await fillSignIn();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong e-mail or password.');
    expect(input('restPassword').value).toBe('');
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
    // The settings file's input (the Contacts section has one for contact files).
    const fileInput = document.querySelector('input[type="file"][accept^="application/json"]');
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
    // The OAuth token URL is where tokens come from, not a token.
    expect(Object.keys(json).filter((k) => /token|password|secret/i.test(k) && k !== 'oauthTokenUrl')).toEqual([]);
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

describe('options page: caller names', () => {
  const STATUS = {
    file: { count: 1234, updatedAt: Date.UTC(2026, 11, 2, 9, 30), fileName: 'kontakty.csv' },
    ipbx: {
      count: 0,
      lastAttempt: { at: Date.UTC(2026, 11, 2, 10), error: { code: 'ipbxContactsErrDenied', detail: '401' } },
    },
    user: { count: 2 },
    crm: {
      lastAttempt: { at: Date.UTC(2026, 11, 2, 11), error: { code: 'crmErrTimeout', detail: 'https://crm.example' } },
    },
    building: [],
  };

  let requested: string[][];
  beforeEach(() => {
    requested = [];
    // The fake has no permissions API: contains and request as the browser answers them (nothing granted).
    const permissions = fakeBrowser.permissions as unknown as {
      contains: (p: { origins?: string[] }) => Promise<boolean>;
      request: (p: { origins?: string[] }) => Promise<boolean>;
    };
    vi.spyOn(permissions, 'contains').mockImplementation(async () => false);
    vi.spyOn(permissions, 'request').mockImplementation(async (p) => {
      requested.push(p.origins ?? []);
      return false;
    });
  });

  function answerStatus(status: unknown = STATUS): void {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
      const message = m as Message;
      sent.push(message);
      if (message.type === 'contactsStatus' || message.type === 'contactsRefresh') return { ok: true, value: status };
      return { ok: true, value: null };
    }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  }

  it("shows each source's state: the file's count and name, a failed iPBX fetch and CRM lookup in words", async () => {
    answerStatus();
    await renderOptions();
    const section = screen.getByRole('group', { name: 'Caller names' });
    await waitFor(() =>
      expect(within(section).getByText(/Imported contacts: 1,234 \(from kontakty\.csv/)).toBeTruthy(),
    );
    expect(within(section).getByText('The iPBX refused the contact list (HTTP 401): sign in again.')).toBeTruthy();
    expect(within(section).getByText('You named 2 numbers (in recent calls: Name this number).')).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Remove imported contacts' })).toBeTruthy();
    const lookup = screen.getByRole('group', { name: 'CRM lookup' });
    expect(
      within(lookup).getByText(/The CRM at https:\/\/crm\.example did not answer within 3 seconds\./),
    ).toBeTruthy();
  });

  it('the priority order moves with the buttons and is saved with the settings', async () => {
    answerStatus();
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Move up: Imported file' }));
    fireEvent.click(screen.getByRole('button', { name: 'Move up: Imported file' }));
    const order = screen.getByRole('list', { name: 'When sources disagree' });
    expect(
      within(order)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.replace(/[↑↓]/g, '')),
    ).toEqual(['Names you gave numbers', 'Imported file', 'CRM lookup', 'iPBX contact list']);
    fireEvent.click(screen.getByLabelText('CRM lookup'));
    fireEvent.input(input('contactsIpbxUrl'), { target: { value: 'https://pbx.example.com/api/contacts' } });
    save();
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const saved = (await stored()) as { contacts: unknown };
    expect(saved.contacts).toEqual({
      ipbxUrl: 'https://pbx.example.com/api/contacts',
      sources: { user: true, crm: false, ipbx: true, file: true },
      order: ['user', 'file', 'crm', 'ipbx'],
    });
  });

  it('Refresh asks the background to fetch the iPBX list now and shows its outcome', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: { ...STORED_V1, contacts: { ipbxUrl: 'https://pbx.example.com/api/contacts' } },
    });
    answerStatus({ ...STATUS, ipbx: { count: 14, updatedAt: Date.UTC(2026, 11, 2, 12), lastAttempt: { at: 5 } } });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(sent.some((m) => m.type === 'contactsRefresh')).toBe(true));
    expect(await screen.findByText(/^Contacts: 14, last changed/)).toBeTruthy();
  });

  it('a lookup URL that would send the name is refused with a clear sentence, and nothing is saved', async () => {
    answerStatus();
    await renderOptions();
    fireEvent.input(input('lookupUrl'), { target: { value: 'https://crm.example/?q={e164}&who={name}' } });
    save();
    expect(
      await screen.findByText(
        "The CRM lookup may use only {number}, {e164}, {line}, {queue} and {uniqueId}: it asks for the caller's name, so it cannot send one.",
      ),
    ).toBeTruthy();
    expect((await stored()) as unknown).toEqual(STORED_V1);
  });

  it("saving a CRM lookup asks for that origin's permission only; refused, it still saves and offers it again", async () => {
    answerStatus();
    await renderOptions();
    fireEvent.input(input('lookupUrl'), { target: { value: 'https://crm.example:8443/api?phone={e164}' } });
    expect(await screen.findByText(/sent without your cookies for https:\/\/crm\.example:8443\/\*/)).toBeTruthy();
    save();
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(requested).toEqual([['https://crm.example:8443/*']]);
    expect(((await stored()) as { callerLookup: unknown }).callerLookup).toEqual({
      urlTemplate: 'https://crm.example:8443/api?phone={e164}',
      fields: { name: 'name', company: 'company', url: 'url' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Allow access to this site' }));
    await waitFor(() => expect(requested).toHaveLength(2));
  });

  it("an administrator's contact list URL and CRM lookup are shown locked", async () => {
    answerStatus();
    await fakeBrowser.storage.managed.set({
      contacts: { ipbxUrl: 'https://policy.example/api/contacts' },
      callerLookup: { urlTemplate: 'https://crm.policy.example/?q={e164}' },
    });
    await renderOptions();
    await waitFor(() => expect(input('contactsIpbxUrl').value).toBe('https://policy.example/api/contacts'));
    expect(input('contactsIpbxUrl').disabled).toBe(true);
    expect(input('lookupUrl').value).toBe('https://crm.policy.example/?q={e164}');
    expect(input('lookupUrl').disabled).toBe(true);
    expect(input('lookupField-name').disabled).toBe(false);
  });
});
