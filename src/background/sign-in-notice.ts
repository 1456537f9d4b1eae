/**
 * When the refresh token dies, the user is asked to sign in again with a notification, not left to find a status
 * line (issue 15 §1). One notification; a click (or Chrome's "Sign in" button) opens the settings; it goes away once
 * the connection is back.
 */
import type { Browser } from 'webextension-polyfill';
import { t } from '../shared/i18n.ts';
import type { Logger } from '../shared/log.ts';
import { NOTIFICATION_ICON } from '../shared/manifest-names.ts';
import type { ConnectionStatus } from '../shared/status.ts';

export const SIGN_IN_NOTIFICATION = 'ipbx-sign-in';

export class SignInNotice {
  private shown = false;

  constructor(
    private readonly browser: Pick<Browser, 'notifications' | 'runtime'>,
    private readonly log: Logger,
    private readonly withButtons = true,
  ) {}

  /** The sign-in has expired: ask for a new one. */
  show(): void {
    this.shown = true;
    void this.browser.notifications
      .create(SIGN_IN_NOTIFICATION, {
        type: 'basic',
        iconUrl: this.browser.runtime.getURL(NOTIFICATION_ICON),
        title: t('signInExpiredTitle'),
        message: t('reasonSignInAgain'),
        // Chrome only: Firefox notifications have no buttons (a click does the same).
        ...(this.withButtons ? { buttons: [{ title: t('optSignIn') }], requireInteraction: true } : {}),
      })
      .catch((e: unknown) => this.log.warn(`sign-in notification: ${String(e)}`));
  }

  /** Connected again: the request is answered. */
  onStatus(status: ConnectionStatus): void {
    if (!this.shown || status.state !== 'connected') return;
    this.shown = false;
    void this.browser.notifications.clear(SIGN_IN_NOTIFICATION).catch(() => undefined);
  }

  /** A click on it, or on its button: the settings, where the user signs in. Others' notifications are left alone. */
  async onClicked(id: string): Promise<void> {
    if (id !== SIGN_IN_NOTIFICATION) return;
    await this.browser.runtime.openOptionsPage().catch((e: unknown) => this.log.warn(`options page: ${String(e)}`));
    await this.browser.notifications.clear(id).catch(() => undefined);
  }
}
