/**
 * Clicks on our notifications (src/background/notification-actions.ts, wired in index.ts): Chrome's "Hang up" button
 * hangs up that exact call; a click on the notification (Firefox has no buttons) opens or focuses the call panel.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import {
  HANG_UP_BUTTON,
  onNotificationButtonClicked,
  onNotificationClicked,
  openPanel,
  type NotificationActionDeps,
} from '../../src/background/notification-actions.ts';
import { notificationId, SUMMARY_ID } from '../../src/background/notifier.ts';
import { createLogger } from '../../src/shared/log.ts';
import { POPUP_PAGE } from '../../src/shared/manifest-names.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';

/** storage.session: the panel window we opened. */
const PANEL_WINDOW_KEY = 'panelWindowId';
const storage = new ItemStorage({ browser, log: createLogger('test') });

function deps(overrides: Partial<NotificationActionDeps> = {}) {
  const d = {
    hangup: vi.fn<(id: string) => Promise<unknown>>(() => Promise.resolve()),
    openPanel: vi.fn<() => Promise<void>>(() => Promise.resolve()),
    retryNow: vi.fn<() => void>(),
    log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn<(m: string) => void>(), error: vi.fn() },
    ...overrides,
  };
  return d;
}

describe('the "Hang up" button (Chrome)', () => {
  it.each(['1412256225.1940', '1412256225.194', '42', 'SIP/444-0000a1;x=1'])(
    'hangs up exactly %j',
    async (uniqueId) => {
      const d = deps();
      await onNotificationButtonClicked(notificationId(uniqueId), HANG_UP_BUTTON, d);
      expect(d.hangup).toHaveBeenCalledTimes(1);
      expect(d.hangup).toHaveBeenCalledWith(uniqueId);
      expect(d.openPanel).not.toHaveBeenCalled();
      // The user acted: a connection waiting for its next attempt tries now.
      expect(d.retryNow).toHaveBeenCalledTimes(1);
    },
  );

  it('is button 0, the only button notifier.ts adds', () => {
    expect(HANG_UP_BUTTON).toBe(0);
  });

  it('does nothing for another button, the summary, or a notification that is not ours', async () => {
    const d = deps();
    await onNotificationButtonClicked(notificationId('42'), 1, d);
    await onNotificationButtonClicked(SUMMARY_ID, 0, d);
    await onNotificationButtonClicked('someone-else:42', 0, d);
    expect(d.hangup).not.toHaveBeenCalled();
    expect(d.retryNow).not.toHaveBeenCalled();
  });

  it('a failed hang-up is logged, never thrown', async () => {
    const d = deps({ hangup: vi.fn(() => Promise.reject(new Error('errNoSuchCall'))) });
    await expect(onNotificationButtonClicked(notificationId('42'), 0, d)).resolves.toBeUndefined();
    expect(d.log.warn).toHaveBeenCalledWith('hang up from notification failed: Error: errNoSuchCall');
  });
});

describe('a click on a notification (the Firefox path)', () => {
  it('opens the call panel for a call notification and for the summary', async () => {
    const d = deps();
    await onNotificationClicked(notificationId('1412256225.1940'), d);
    await onNotificationClicked(SUMMARY_ID, d);
    expect(d.openPanel).toHaveBeenCalledTimes(2);
    expect(d.hangup).not.toHaveBeenCalled();
  });

  it('leaves notifications that are not ours alone', async () => {
    const d = deps();
    await onNotificationClicked('other-extension-thing', d);
    expect(d.openPanel).not.toHaveBeenCalled();
  });

  it('a panel that cannot open is logged, never thrown', async () => {
    const d = deps({ openPanel: vi.fn(() => Promise.reject(new Error('no windows'))) });
    await expect(onNotificationClicked(SUMMARY_ID, d)).resolves.toBeUndefined();
    expect(d.log.warn).toHaveBeenCalledWith('could not open the panel: Error: no windows');
  });
});

describe('openPanel', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  it('opens the panel page in a small popup window and remembers it', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    await openPanel(browser, storage);
    expect(create).toHaveBeenCalledTimes(1);
    const [data] = create.mock.calls[0]!;
    expect(data).toMatchObject({ type: 'popup', url: fakeBrowser.runtime.getURL(`${POPUP_PAGE}?view=window`) });
    expect(data?.url).toMatch(/src\/popup\/index\.html\?view=window$/);
    const created = (await create.mock.results[0]!.value) as { id: number };
    expect((await fakeBrowser.storage.session.get(PANEL_WINDOW_KEY))[PANEL_WINDOW_KEY]).toBe(created.id);
  });

  it('focuses the panel window opened before instead of opening another', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const update = vi.spyOn(fakeBrowser.windows, 'update');
    await openPanel(browser, storage);
    const first = (await create.mock.results[0]!.value) as { id: number };
    await openPanel(browser, storage);
    expect(create).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith(first.id, { focused: true });
  });

  it('opens a new one when the remembered window was closed', async () => {
    await fakeBrowser.storage.session.set({ [PANEL_WINDOW_KEY]: 999 });
    const update = vi.spyOn(fakeBrowser.windows, 'update').mockRejectedValue(new Error('No window with id: 999.'));
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    await openPanel(browser, storage);
    expect(update).toHaveBeenCalledWith(999, { focused: true });
    expect(create).toHaveBeenCalledTimes(1);
    const created = (await create.mock.results[0]!.value) as { id: number };
    expect((await fakeBrowser.storage.session.get(PANEL_WINDOW_KEY))[PANEL_WINDOW_KEY]).toBe(created.id);
  });

  it('the click handler with the real openPanel focuses one panel window, however often it is clicked', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const d = deps({ openPanel: () => openPanel(browser, storage) });
    await onNotificationClicked(notificationId('1'), d);
    await onNotificationClicked(notificationId('2'), d);
    await onNotificationClicked(SUMMARY_ID, d);
    expect(create).toHaveBeenCalledTimes(1);
  });
});
