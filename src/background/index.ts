/**
 * Background entry (Chrome service worker, Firefox event page). Every listener is registered synchronously at the
 * top level, so that the event which wakes a stopped worker reaches it; the engine then restores and reconnects.
 */
import browser from 'webextension-polyfill';
import { BadgeView } from './badge.ts';
import { CallGuard } from './call-guard/call-guard.ts';
import { GuardUi } from './call-guard/guard-ui.ts';
import { CallEffects } from './call-effects.ts';
import { Engine } from './engine.ts';
import { keepEventPageAlive } from './keepalive.ts';
import { RecentCallsStore } from './history.ts';
import { createMessageRouter } from './message-router.ts';
import {
  onNotificationButtonClicked,
  onNotificationClicked,
  openPanel,
  type NotificationActionDeps,
} from './notification-actions.ts';
import { Notifier } from './notifier.ts';
import { PageCalls, pageRulesChanged } from './page-calls.ts';
import { createHandlers } from './request-handlers.ts';
import { ScreenPop } from './screen-pop.ts';
import { SnapshotPorts } from './snapshot-ports.ts';
import { errorMessage } from '../shared/errors.ts';
import { createLogger } from '../shared/log.ts';
import { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';

const WATCHDOG_ALARM = 'ipbx-watchdog';

const log = createLogger('background');
const storage = new ItemStorage({ browser, log });
const engine = new Engine({
  storage,
  createSocket: (url) => new WebSocket(url),
  fetch: (url, init) => fetch(url, init),
  log,
});
const guard = new CallGuard({ browser, engine, ui: new GuardUi(browser, log), log });
const pageCalls = new PageCalls(browser, engine, guard, log);
const screenPop = new ScreenPop(browser, storage, log);
const extensionOrigin = browser.runtime.getURL('');
const snapshotPorts = new SnapshotPorts(() => engine.snapshot(), engine.ready, {
  id: browser.runtime.id,
  origin: extensionOrigin,
});
const effects = new CallEffects({
  current: () => ({ calls: engine.calls, settings: engine.settings, status: engine.connection.status }),
  notifier: new Notifier(browser, log),
  screenPop,
  badge: new BadgeView(browser),
  recent: new RecentCallsStore(storage),
  panels: snapshotPorts,
});
engine.onChange((change) => effects.onChange(change));
engine.onChange((change) => guard.onCalls(change.calls.calls));

browser.runtime.onMessage.addListener(
  createMessageRouter(createHandlers(engine, pageCalls, guard, { open: (id) => screenPop.openHeld(id) }), {
    extensionId: browser.runtime.id,
    extensionOrigin,
    log,
  }),
);

browser.runtime.onConnect.addListener((port) => {
  snapshotPorts.connect(port);
});

storage.watch(ITEMS.policy, (policy) => {
  void engine.ready.then(() => {
    const before = engine.settings;
    engine.applyManagedPolicy(policy);
    if (pageRulesChanged(before, engine.settings)) void pageCalls.broadcastConfig();
  });
});

storage.watch(ITEMS.settings, (settings) => {
  void engine.ready.then(() => {
    const before = engine.settings;
    engine.applySettings(settings);
    if (pageRulesChanged(before, engine.settings)) void pageCalls.broadcastConfig();
  });
});

browser.contextMenus.onClicked.addListener(
  (info, tab) => void engine.ready.then(() => pageCalls.onMenuClicked(info, tab)),
);
browser.commands.onCommand.addListener((command) => void engine.ready.then(() => pageCalls.onCommand(command)));
browser.runtime.onStartup.addListener(() => pageCalls.createMenu());

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WATCHDOG_ALARM) void engine.ready.then(() => engine.watchdog());
});

const notificationActions: NotificationActionDeps = {
  hangup: (uniqueId) => engine.ready.then(() => engine.hangup(uniqueId)),
  openPanel: () => openPanel(browser, storage),
  log,
};
browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id, notificationActions));
if (__BROWSER__ === 'chrome') {
  browser.notifications.onButtonClicked.addListener(
    (id, button) => void onNotificationButtonClicked(id, button, notificationActions),
  );
}
// Calls pages start: their confirmations and announcements (call-guard/).
browser.notifications.onClicked.addListener((id) => guard.onNotificationClicked(id));
browser.notifications.onClosed.addListener((id, byUser) => guard.onNotificationClosed(id, byUser));
if (__BROWSER__ === 'chrome')
  browser.notifications.onButtonClicked.addListener((id, b) => guard.onNotificationButton(id, b));
browser.windows.onRemoved.addListener((windowId) => guard.onWindowRemoved(windowId));

browser.runtime.onInstalled.addListener(async ({ reason }) => {
  pageCalls.createMenu();
  if (reason !== 'install') return;
  // First run without settings (no managed policy, no demo profile): show the user where to start.
  if (!(await storage.has(ITEMS.settings))) await browser.runtime.openOptionsPage();
});

globalThis.addEventListener('online', () => engine.connection.setOnline(true));
globalThis.addEventListener('offline', () => engine.connection.setOnline(false));
// Firefox does not count WebSocket traffic as activity of the event page (see keepalive.ts).
if (__BROWSER__ === 'firefox') keepEventPageAlive(browser, engine.connection);

// The token lives in storage.local. Chrome lets us keep that area from content scripts altogether (ours never read
// it: they ask the background for what they need). Firefox has no such switch; see docs/security.md.
const local = browser.storage.local as typeof browser.storage.local & {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
};
void local
  .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
  .catch((e: unknown) => log.warn(`storage access level: ${String(e)}`));

// At most every 30 s: restarts a connection that a stopped worker lost, refreshes tokens ahead of expiry.
void browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: 0.5 });
void engine.start().catch((e: unknown) => log.error(`start failed: ${errorMessage(e)}`));
