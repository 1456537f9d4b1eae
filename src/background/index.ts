/**
 * Background entry (Chrome service worker, Firefox event page). Every listener is registered synchronously at the
 * top level, so that the event which wakes a stopped worker reaches it; the engine then restores and reconnects.
 */
import browser from 'webextension-polyfill';
import { BadgeView } from './badge.ts';
import { CallEffects } from './call-effects.ts';
import { Engine } from './engine.ts';
import { keepEventPageAlive } from './keepalive.ts';
import { RecentCallsStore } from './history.ts';
import { createMessageRouter } from './message-router.ts';
import { onNotificationButtonClicked, onNotificationClicked, openPanel, type NotificationActionDeps } from './notification-actions.ts';
import { Notifier } from './notifier.ts';
import { PageCalls, pageRulesChanged } from './page-calls.ts';
import { createHandlers } from './request-handlers.ts';
import { ScreenPop } from './screen-pop.ts';
import { SnapshotPorts } from './snapshot-ports.ts';
import { errorMessage } from '../shared/errors.ts';
import { createLogger } from '../shared/log.ts';
import { migrateSettings, SETTINGS_KEY } from '../shared/settings.ts';

const WATCHDOG_ALARM = 'ipbx-watchdog';

const log = createLogger('background');
const engine = new Engine({
  browser,
  createSocket: (url) => new WebSocket(url),
  fetch: (url, init) => fetch(url, init),
  log,
});
const pageCalls = new PageCalls(browser, engine, log);
const extensionOrigin = browser.runtime.getURL('');
const snapshotPorts = new SnapshotPorts(() => engine.snapshot(), engine.ready, { id: browser.runtime.id, origin: extensionOrigin });
const effects = new CallEffects({
  current: () => ({ calls: engine.calls, settings: engine.settings, status: engine.connection.status }),
  notifier: new Notifier(browser, log),
  screenPop: new ScreenPop(browser, log),
  badge: new BadgeView(browser),
  recent: new RecentCallsStore(browser.storage.local),
  panels: snapshotPorts,
});
engine.onChange((change) => effects.onChange(change));

browser.runtime.onMessage.addListener(
  createMessageRouter(createHandlers(engine, pageCalls), { extensionId: browser.runtime.id, extensionOrigin, log }),
);

browser.runtime.onConnect.addListener((port) => {
  snapshotPorts.connect(port);
});

browser.storage.onChanged.addListener((_changes, area) => {
  if (area !== 'managed') return;
  void engine.ready.then(async () => {
    const before = engine.settings;
    engine.applyManagedPolicy(await browser.storage.managed.get().catch(() => ({})));
    if (pageRulesChanged(before, engine.settings)) void pageCalls.broadcastConfig();
  });
});

browser.storage.onChanged.addListener((changes, area) => {
  const change = changes[SETTINGS_KEY];
  if (area !== 'local' || !change) return;
  void engine.ready.then(() => {
    const before = engine.settings;
    engine.applySettings(migrateSettings(change.newValue));
    if (pageRulesChanged(before, engine.settings)) void pageCalls.broadcastConfig();
  });
});

browser.contextMenus.onClicked.addListener((info, tab) => void engine.ready.then(() => pageCalls.onMenuClicked(info, tab)));
browser.commands.onCommand.addListener((command) => void engine.ready.then(() => pageCalls.onCommand(command)));
browser.runtime.onStartup.addListener(() => pageCalls.createMenu());

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WATCHDOG_ALARM) void engine.ready.then(() => engine.watchdog());
});

const notificationActions: NotificationActionDeps = {
  hangup: (uniqueId) => engine.ready.then(() => engine.hangup(uniqueId)),
  openPanel: () => openPanel(browser),
  log,
};
browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id, notificationActions));
if (__BROWSER__ === 'chrome') {
  browser.notifications.onButtonClicked.addListener((id, button) => void onNotificationButtonClicked(id, button, notificationActions));
}

browser.runtime.onInstalled.addListener(async ({ reason }) => {
  pageCalls.createMenu();
  if (reason !== 'install') return;
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  // First run without settings (no managed policy, no demo profile): show the user where to start.
  if (stored[SETTINGS_KEY] === undefined) await browser.runtime.openOptionsPage();
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
void local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch((e: unknown) => log.warn(`storage access level: ${String(e)}`));

// At most every 30 s: restarts a connection that a stopped worker lost, refreshes tokens ahead of expiry.
void browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: 0.5 });
void engine.start().catch((e: unknown) => log.error(`start failed: ${errorMessage(e)}`));
