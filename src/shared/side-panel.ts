/// <reference types="chrome" />
/**
 * Chrome's side panel and Firefox's sidebar show the panel page (`?view=side`: manifest `side_panel` and
 * `sidebar_action`). Both browsers open them only in answer to a user action (a click in the popup, the toolbar
 * icon's menu), so call this synchronously from that handler: an `await` before it loses the gesture.
 */
import browser from 'webextension-polyfill';

export function openSidePanel(windowId: number | undefined): Promise<void> {
  if (__BROWSER__ === 'firefox') return browser.sidebarAction.open();
  if (windowId === undefined) return Promise.reject(new Error('no browser window to open the side panel in'));
  return chrome.sidePanel.open({ windowId });
}
