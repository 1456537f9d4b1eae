// @vitest-environment happy-dom
/**
 * The options page (src/options/Options.tsx) with a fake background (options/harness.tsx). E-mail sign-in: signing in
 * before saving, invalid forms, OAuth, and a refused sign-in.
 */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import type { Message } from '../../../src/shared/messages.ts';
import { input, renderOptions, sent, stored, STORED_V1 } from './harness.tsx';

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
