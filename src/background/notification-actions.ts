/**
 * What a click on one of our notifications does. index.ts wires these to browser.notifications; the bodies live here,
 * with their dependencies passed in, so that they are tested without a service worker.
 * - Chrome: the first button of a call notification is "Hang up": it hangs up that call, by its exact uniqueId.
 * - A click on a call notification, the summary or the missed calls (Firefox has no buttons) opens or focuses the call
 *   panel.
 */
import type { Browser } from 'webextension-polyfill';
import type { Logger } from '../shared/log.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { MISSED_NOTIFICATION_ID } from './missed-calls.ts';
import { callIdOfNotification, SUMMARY_ID } from './notifier.ts';
import { openPanelWindow } from './panel-window.ts';

/** The index of "Hang up" in the buttons of a call notification (notifier.ts). */
export const HANG_UP_BUTTON = 0;

export interface NotificationActionDeps {
  /** Hangs up a call (once the engine is ready). */
  hangup(uniqueId: string): Promise<unknown>;
  openPanel(): Promise<void>;
  /** The user acted: a connection waiting for its next attempt tries now (issue 15 §5). */
  retryNow(): void;
  log: Logger;
}

/** A click on a notification: ours open the call panel, others are not ours to handle. Never rejects. */
export async function onNotificationClicked(id: string, deps: NotificationActionDeps): Promise<void> {
  if (callIdOfNotification(id) === null && id !== SUMMARY_ID && id !== MISSED_NOTIFICATION_ID) return;
  await deps.openPanel().catch((e: unknown) => deps.log.warn(`could not open the panel: ${String(e)}`));
}

/** A click on a notification button (Chrome only): "Hang up" ends that very call. Never rejects. */
export async function onNotificationButtonClicked(
  id: string,
  button: number,
  deps: NotificationActionDeps,
): Promise<void> {
  const uniqueId = callIdOfNotification(id);
  if (uniqueId === null || button !== HANG_UP_BUTTON) return;
  deps.retryNow();
  await deps.hangup(uniqueId).catch((e: unknown) => deps.log.warn(`hang up from notification failed: ${String(e)}`));
}

/** The call panel in its own small window: focuses the one we opened before, or opens a new one (panel-window.ts). */
export function openPanel(browser: Pick<Browser, 'runtime' | 'windows'>, storage: ItemStorage): Promise<void> {
  return openPanelWindow(browser, storage, { focus: true });
}
