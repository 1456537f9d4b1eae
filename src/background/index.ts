/**
 * Background entry (Chrome service worker, Firefox event page). Every listener is registered synchronously at the
 * top level, so that the event which wakes a stopped worker reaches it; the engine then restores and reconnects.
 */
import browser from 'webextension-polyfill';
import { BadgeView } from './badge.ts';
import { CallEffects } from './call-effects.ts';
import { ConnectionLog } from './connection-log.ts';
import { ConnectionLogPorts } from './connection-log-ports.ts';
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
import { SignInNotice } from './sign-in-notice.ts';
import { SnapshotPorts } from './snapshot-ports.ts';
import { socketIoTransport } from './transport/socket-io.ts';
import { websocketTransport } from './transport/websocket.ts';
import { errorMessage } from '../shared/errors.ts';
import { createLogger } from '../shared/log.ts';
import { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';

const WATCHDOG_ALARM = 'ipbx-watchdog';

const log = createLogger('background');
const storage = new ItemStorage({ browser, log });
const connectionLog = new ConnectionLog(storage, log);
const signInNotice = new SignInNotice(browser, log, __BROWSER__ === 'chrome');
const engine = new Engine({
  storage,
  transports: { websocket: websocketTransport((url) => new WebSocket(url)), 'socket.io': socketIoTransport() },
  fetch: (url, init) => fetch(url, init),
  log,
  connectionLog,
  onSignInExpired: () => signInNotice.show(),
});
engine.connection.onStatus((status) => signInNotice.onStatus(status));
const pageCalls = new PageCalls(browser, engine, log);
const extensionOrigin = browser.runtime.getURL('');
const snapshotPorts = new SnapshotPorts(() => engine.snapshot(), engine.ready, {
  id: browser.runtime.id,
  origin: extensionOrigin,
});
const connectionLogPorts = new ConnectionLogPorts(connectionLog, engine.ready, {
  id: browser.runtime.id,
  origin: extensionOrigin,
});
const effects = new CallEffects({
  current: () => ({ calls: engine.calls, settings: engine.settings, status: engine.connection.status }),
  notifier: new Notifier(browser, log),
  screenPop: new ScreenPop(browser, storage, log),
  badge: new BadgeView(browser),
  recent: new RecentCallsStore(storage),
  panels: snapshotPorts,
});
engine.onChange((change) => effects.onChange(change));

browser.runtime.onMessage.addListener(
  createMessageRouter(createHandlers(engine, pageCalls), { extensionId: browser.runtime.id, extensionOrigin, log }),
);

browser.runtime.onConnect.addListener((port) => {
  // A panel opening is the user's intent to use the connection: no waiting for the backoff (issue 15 §5).
  if (snapshotPorts.connect(port)) void engine.ready.then(() => engine.retryOnIntent());
  connectionLogPorts.connect(port);
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
  retryNow: () => void engine.ready.then(() => engine.retryOnIntent()),
  log,
};
browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id, notificationActions));
browser.notifications.onClicked.addListener((id) => void signInNotice.onClicked(id));
if (__BROWSER__ === 'chrome') {
  browser.notifications.onButtonClicked.addListener(
    (id, button) => void onNotificationButtonClicked(id, button, notificationActions),
  );
  browser.notifications.onButtonClicked.addListener((id) => void signInNotice.onClicked(id));
}

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
