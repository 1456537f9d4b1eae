/**
 * Where the call guard speaks to the user (src/background/call-guard/guard-ui.ts), in the fake browser: a notification
 * with Call and Cancel when notifications are allowed (Chrome), else a small window of ours with the confirm page.
 * (Unit tests build for Chrome; Firefox's window path is in test/e2e/click-to-call.firefox.e2e.ts.)
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import {
  ANNOUNCE_PREFIX,
  CONFIRM_PREFIX,
  confirmPageUrl,
  guardNotification,
  GuardUi,
} from '../../../src/background/call-guard/guard-ui.ts';
import type { GuardView } from '../../../src/shared/call-guard.ts';
import { premiumView } from '../../support/guard-view.ts';

const VIEW: GuardView = premiumView({
  reasons: ['The link on the page does not show this number.'],
});
const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('GuardUi', () => {
  it('a confirmation is a notification with Call and Cancel where notifications are allowed', async () => {
    const ui = new GuardUi(browser, log, async () => 'granted');
    expect(await ui.confirm('c1', VIEW)).toEqual({ where: 'notification' });
    expect(fakeBrowser.notifications.getAllCreateOptions()[`${CONFIRM_PREFIX}c1`]).toMatchObject({
      type: 'basic',
      title: 'Call 900 123 456?',
      message: 'Premium-rate number · requested by crm.example.com\nThe link on the page does not show this number.',
      contextMessage: 'Dials 900123456',
      requireInteraction: true,
      buttons: [{ title: 'Call' }, { title: 'Cancel' }],
    });
  });

  it('where notifications are not allowed, or fail, a window of ours for this id alone', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    for (const ui of [
      new GuardUi(browser, log, async () => 'denied'),
      new GuardUi(
        { ...browser, notifications: { ...browser.notifications, create: () => Promise.reject(new Error('off')) } },
        log,
        async () => 'granted',
      ),
    ]) {
      const shown = await ui.confirm('c/1', VIEW);
      expect(shown.where).toBe('window');
      expect(shown.windowId).toEqual(expect.any(Number));
    }
    expect(create.mock.calls.map(([o]) => [o?.url, o?.type])).toEqual([
      [confirmPageUrl(browser, 'c/1'), 'popup'],
      [confirmPageUrl(browser, 'c/1'), 'popup'],
    ]);
    expect(confirmPageUrl(browser, 'c/1')).toMatch(/src\/confirm\/index\.html\?id=c%2F1$/);
  });

  it('an announcement says what is called from where, with Cancel (Chrome)', async () => {
    const ui = new GuardUi(browser, log, async () => 'granted');
    await ui.announce('a1', { ...VIEW, kind: 'announce', number: '777 888 999', reasons: [], expiresAt: null });
    expect(fakeBrowser.notifications.getAllCreateOptions()[`${ANNOUNCE_PREFIX}a1`]).toMatchObject({
      title: 'Calling 777 888 999',
      message: 'from crm.example.com',
      buttons: [{ title: 'Cancel the call' }],
    });
  });

  it('withdraw takes the notification and the window away', async () => {
    const ui = new GuardUi(browser, log, async () => 'granted');
    await ui.confirm('c1', VIEW);
    const windowId = await ui.openWindow('c1');
    ui.withdraw('confirm', 'c1', windowId);
    await vi.waitFor(async () => expect(await fakeBrowser.notifications.getAll()).toEqual({}));
    await vi.waitFor(async () => expect((await fakeBrowser.windows.getAll()).map((w) => w.id)).not.toContain(windowId));
  });

  it('tells our notifications apart', () => {
    expect(guardNotification(`${CONFIRM_PREFIX}x`)).toEqual({ kind: 'confirm', id: 'x' });
    expect(guardNotification(`${ANNOUNCE_PREFIX}y`)).toEqual({ kind: 'announce', id: 'y' });
    expect(guardNotification('ipbx-call:17.1')).toBeNull();
  });
});
