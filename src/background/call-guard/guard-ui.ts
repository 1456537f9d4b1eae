/**
 * Where the call guard speaks to the user, out of every page's reach: desktop notifications and a small window of our
 * own (the confirm page). A confirmation is a notification with "Call" and "Cancel" in Chrome when notifications are
 * allowed, else the window (Firefox's notifications have no buttons). An announcement is a notification: "Cancel" in
 * Chrome; in Firefox a click on it opens the window, whose Cancel button ends the call (a click alone never ends a call:
 * a user clicking a notification away would hang up without meaning to).
 */
import type { Browser } from 'webextension-polyfill';
import { CONFIRM_PAGE, type GuardView } from '../../shared/call-guard.ts';
import { errorMessage } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/log.ts';
import { NOTIFICATION_ICON } from '../../shared/manifest-names.ts';

export const CONFIRM_PREFIX = 'ipbx-confirm:';
export const ANNOUNCE_PREFIX = 'ipbx-announce:';
/** The buttons of a confirmation notification, and of an announcement (Chrome). */
export const CALL_BUTTON = 0;
export const CANCEL_BUTTON = 1;
export const ANNOUNCE_CANCEL_BUTTON = 0;

export type GuardKind = GuardView['kind'];

/** Which confirmation or announcement a notification of ours stands for; null for any other notification. */
export function guardNotification(notificationId: string): { kind: GuardKind; id: string } | null {
  if (notificationId.startsWith(CONFIRM_PREFIX))
    return { kind: 'confirm', id: notificationId.slice(CONFIRM_PREFIX.length) };
  if (notificationId.startsWith(ANNOUNCE_PREFIX))
    return { kind: 'announce', id: notificationId.slice(ANNOUNCE_PREFIX.length) };
  return null;
}

/** The confirm page's URL for one id: the page answers for this id alone (call-guard.ts checks the sender's URL). */
export function confirmPageUrl(browser: Pick<Browser, 'runtime'>, id: string): string {
  return browser.runtime.getURL(`${CONFIRM_PAGE}?id=${encodeURIComponent(id)}`);
}

/** What the guard needs of its UI (a fake in tests). */
export interface GuardSurface {
  /** Shows a confirmation; says where, and the window's id when it opened one. */
  confirm(id: string, view: GuardView): Promise<{ where: 'notification' | 'window'; windowId?: number }>;
  announce(id: string, view: GuardView): Promise<void>;
  /** Opens the window for a confirmation or an announcement; its id. */
  openWindow(id: string): Promise<number | undefined>;
  /** Takes a confirmation's or an announcement's notification and window away. */
  withdraw(kind: GuardKind, id: string, windowId?: number): void;
}

/** Chrome's permission level for our notifications ("granted" unless the user or an administrator turned them off). */
function notificationPermission(): Promise<string> {
  const chromeApi: unknown = Reflect.get(globalThis, 'chrome');
  const notifications: unknown =
    typeof chromeApi === 'object' && chromeApi ? Reflect.get(chromeApi, 'notifications') : null;
  const get: unknown =
    typeof notifications === 'object' && notifications ? Reflect.get(notifications, 'getPermissionLevel') : null;
  if (typeof get !== 'function') return Promise.resolve('granted');
  return new Promise((resolve) => {
    get.call(notifications, (level: unknown) => resolve(String(level)));
  });
}

export class GuardUi implements GuardSurface {
  constructor(
    private readonly browser: Browser,
    private readonly log: Logger,
    private readonly permission: () => Promise<string> = notificationPermission,
  ) {}

  async confirm(id: string, view: GuardView): Promise<{ where: 'notification' | 'window'; windowId?: number }> {
    if (__BROWSER__ === 'chrome' && (await this.permission()) === 'granted') {
      const shown = await this.browser.notifications
        .create(CONFIRM_PREFIX + id, {
          type: 'basic',
          iconUrl: this.browser.runtime.getURL(NOTIFICATION_ICON),
          title: t('guardConfirmTitle', view.number),
          message: [`${view.type} · ${t('guardFrom', view.origin)}`, ...view.reasons].join('\n'),
          contextMessage: t('guardDials', view.dial),
          ...{
            requireInteraction: true,
            priority: 2,
            buttons: [{ title: t('guardCall') }, { title: t('guardCancel') }],
          },
        })
        .then(
          () => true,
          (e: unknown) => {
            this.log.warn(`confirmation notification failed, opening a window: ${errorMessage(e)}`);
            return false;
          },
        );
      if (shown) return { where: 'notification' };
    }
    const windowId = await this.openWindow(id);
    return windowId === undefined ? { where: 'window' } : { where: 'window', windowId };
  }

  async announce(id: string, view: GuardView): Promise<void> {
    const from = t(__BROWSER__ === 'chrome' ? 'guardCallingFrom' : 'guardCallingFromClick', view.origin);
    await this.browser.notifications
      .create(ANNOUNCE_PREFIX + id, {
        type: 'basic',
        iconUrl: this.browser.runtime.getURL(NOTIFICATION_ICON),
        title: t('guardCalling', view.number),
        message: from,
        ...(__BROWSER__ === 'chrome' ? { requireInteraction: true, buttons: [{ title: t('guardCancelCall') }] } : {}),
      })
      .catch((e: unknown) => this.log.warn(`announcement failed: ${errorMessage(e)}`));
  }

  async openWindow(id: string): Promise<number | undefined> {
    const created = await this.browser.windows.create({
      url: confirmPageUrl(this.browser, id),
      type: 'popup',
      width: 440,
      height: 420,
      focused: true,
    });
    return created.id;
  }

  withdraw(kind: GuardKind, id: string, windowId?: number): void {
    void this.browser.notifications
      .clear((kind === 'confirm' ? CONFIRM_PREFIX : ANNOUNCE_PREFIX) + id)
      .catch(() => false);
    if (windowId !== undefined) void this.browser.windows.remove(windowId).catch(() => undefined);
  }
}
