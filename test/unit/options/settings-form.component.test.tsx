// @vitest-environment happy-dom
/**
 * The options page (src/options/Options.tsx) with a fake background (options/harness.tsx). The settings form: loading
 * and saving (migrated), field errors, the dial-rules preview, settings an administrator locked, and screen pop.
 */
import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../../src/shared/settings.ts';
import { input, previewLines, renderOptions, save, sent, stored, STORED_V1 } from './harness.tsx';

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
