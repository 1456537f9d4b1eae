/**
 * A refresh token that died is told with a notification (src/background/sign-in-notice.ts), not silently: one
 * notification, a click (or Chrome's button) opens the settings, and it goes once the connection is back.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { SIGN_IN_NOTIFICATION, SignInNotice } from '../../src/background/sign-in-notice.ts';
import { createLogger } from '../../src/shared/log.ts';

const log = createLogger('test', { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  fakeBrowser.reset();
});

describe('SignInNotice', () => {
  it('asks the user to sign in again, with a "Sign in" button in Chrome', async () => {
    new SignInNotice(browser, log, true).show();
    await settle();
    const shown = fakeBrowser.notifications.getAllCreateOptions()[SIGN_IN_NOTIFICATION];
    expect(shown).toMatchObject({
      type: 'basic',
      title: 'Sign in to the iPBX again',
      message: 'Your iPBX sign-in has expired. Sign in again in the settings.',
      buttons: [{ title: 'Sign in' }],
      requireInteraction: true,
    });
  });

  it('has no buttons where the browser has none (Firefox)', async () => {
    new SignInNotice(browser, log, false).show();
    await settle();
    expect(fakeBrowser.notifications.getAllCreateOptions()[SIGN_IN_NOTIFICATION]).not.toHaveProperty('buttons');
  });

  it('a click opens the settings and clears it; a click on another notification does nothing', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const notice = new SignInNotice(browser, log);
    notice.show();
    await settle();
    await notice.onClicked('ipbx-call:1.1');
    expect(open).not.toHaveBeenCalled();
    await notice.onClicked(SIGN_IN_NOTIFICATION);
    expect(open).toHaveBeenCalledTimes(1);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
  });

  it('goes away once connected again, and only then', async () => {
    const notice = new SignInNotice(browser, log);
    notice.show();
    await settle();
    notice.onStatus({ state: 'auth-failed', reason: 'reasonSignInAgain', since: 1 });
    await settle();
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([SIGN_IN_NOTIFICATION]);
    notice.onStatus({ state: 'connected', line: '444', since: 2 });
    await settle();
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
  });
});
