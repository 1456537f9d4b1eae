// @vitest-environment happy-dom
/**
 * The options page (src/options/Options.tsx) with a fake background (options/harness.tsx). Export and import of the
 * settings: no secrets exported, the stored token kept on import, round trips, and invalid files.
 */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { migrateSettings as migrate, SETTINGS_KEY } from '../../../src/shared/settings.ts';
import { input, renderOptions, stored, STORED_V1 } from './harness.tsx';

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
