/**
 * The toolbar icon's menu item "Open side panel" (Chrome) / "Open sidebar" (Firefox). The click is a user action, so
 * the side panel may open from it; onClicked must call openSidePanel synchronously (index.ts wires it so).
 */
import type { Browser, Menus, Tabs } from 'webextension-polyfill';
import { errorMessage } from '../shared/errors.ts';
import { t } from '../shared/i18n.ts';
import type { Logger } from '../shared/log.ts';
import { openSidePanel } from '../shared/side-panel.ts';

export const SIDE_PANEL_MENU = 'ipbx-open-side-panel';

/** Adds the item; run after anything that removes all menu items (page-calls.ts createMenu). */
export async function createSidePanelMenu(browser: Pick<Browser, 'contextMenus'>, log: Logger): Promise<void> {
  try {
    await browser.contextMenus.create({
      id: SIDE_PANEL_MENU,
      title: t(__BROWSER__ === 'firefox' ? 'openSidebar' : 'openSidePanel'),
      contexts: ['action'],
    });
  } catch (e) {
    log.warn(`side panel menu: ${errorMessage(e)}`);
  }
}

/** contextMenus.onClicked: ours opens the side panel of the window the icon was clicked in. */
export function onSidePanelMenuClicked(
  info: Menus.OnClickData,
  tab: Tabs.Tab | undefined,
  log: Logger,
  open: (windowId: number | undefined) => Promise<void> = openSidePanel,
): void {
  if (info.menuItemId !== SIDE_PANEL_MENU) return;
  open(tab?.windowId).catch((e: unknown) => log.warn(`could not open the side panel: ${errorMessage(e)}`));
}
