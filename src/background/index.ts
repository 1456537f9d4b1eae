/**
 * Background entry (Chrome service worker, Firefox event page). Every listener is registered synchronously at the
 * top level, so that the event which wakes a stopped worker reaches it; the engine then restores and reconnects.
 */
import browser from 'webextension-polyfill';
import { BadgeView } from './badge.ts';
import { CallGuard } from './call-guard/call-guard.ts';
import { GuardUi } from './call-guard/guard-ui.ts';
import { CallEffects } from './call-effects.ts';
import { CallerNames, CONTACTS_ALARM, IPBX_REFRESH_MINUTES, NAME_WAIT_MS } from './caller-names.ts';
import { createContactHandlers } from './contacts/contact-handlers.ts';
import { ConnectionLog } from './connection-log.ts';
import { ConnectionLogPorts } from './connection-log-ports.ts';
import { Engine } from './engine.ts';
import { keepEventPageAlive } from './keepalive.ts';
import { RecentCallsStore } from './history.ts';
import { createMessageRouter } from './message-router.ts';
import { callBackNumber, MissedCalls } from './missed-calls.ts';
import {
  onNotificationButtonClicked,
  onNotificationClicked,
  type NotificationActionDeps,
} from './notification-actions.ts';
import { Notifier } from './notifier.ts';
import { PageCalls, pageRulesChanged } from './page-calls.ts';
import { feedOriginsChanged, PageFeed } from './page-feed.ts';
import { PanelWindow } from './panel-window.ts';
import { createHandlers } from './request-handlers.ts';
import { ScreenPop } from './screen-pop.ts';
import { createSidePanelMenu, onSidePanelMenuClicked } from './side-panel-menu.ts';
import { SignInNotice } from './sign-in-notice.ts';
import { SnapshotPorts } from './snapshot-ports.ts';
import { socketIoTransport } from './transport/socket-io.ts';
import { websocketTransport } from './transport/websocket.ts';
import { errorMessage } from '../shared/errors.ts';
import { createLogger } from '../shared/log.ts';
import { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';
import type { Settings } from '../shared/settings.ts';

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
const guard = new CallGuard({ browser, engine, ui: new GuardUi(browser, log), log });
const pageCalls = new PageCalls(browser, engine, guard, log);
const extensionOrigin = browser.runtime.getURL('');
const snapshotPorts = new SnapshotPorts(() => engine.snapshot(), engine.ready, {
  id: browser.runtime.id,
  origin: extensionOrigin,
});
const notifier = new Notifier(browser, log, Date.now, (id) => names.resolution.callerOf(id));
const names: CallerNames = new CallerNames({
  browser,
  storage,
  fetch: (url, init) => fetch(url, init),
  token: () => engine.accessToken(),
  settings: () => engine.settings,
  log,
  onChanged: (uniqueId) => {
    notifier.named(uniqueId, engine.settings);
    snapshotPorts.push();
  },
});
engine.callerInfo = (calls) => names.resolution.callers(calls);
// Before the effects: a new call is named before its notification is raised.
engine.onChange((change) => names.track(change.calls));
const recentCalls = new RecentCallsStore(storage);
const panelWindow = new PanelWindow(browser, storage, log);
const missed = new MissedCalls({
  browser,
  storage,
  log,
  // Who called: the names resolved for the call, kept for a while after it ended.
  nameOf: (call) => names.resolution.callerOf(call.uniqueId)?.name,
  callBack: (number) => engine.ready.then(() => callBackNumber(engine, number)),
  onUnseenChange: () => effects.refresh(),
});
const pageFeed = new PageFeed({
  browser,
  storage,
  settings: () => engine.settings,
  current: () => engine.snapshot(),
  log,
});
const connectionLogPorts = new ConnectionLogPorts(connectionLog, engine.ready, {
  id: browser.runtime.id,
  origin: extensionOrigin,
});
const screenPop = new ScreenPop(browser, storage, log, {
  callerOf: (call) => names.resolution.waitFor(call, NAME_WAIT_MS),
});
const effects = new CallEffects({
  current: () => ({ calls: engine.calls, settings: engine.settings, status: engine.connection.status }),
  notifier,
  screenPop,
  badge: new BadgeView(browser),
  recent: { record: (ended) => recentCalls.record(names.withNames(ended)) },
  panels: snapshotPorts,
  missed,
  panelWindow,
  feed: pageFeed,
});
engine.onChange((change) => effects.onChange(change));
engine.onChange((change) => guard.onCalls(change.calls.calls));
let wasConnected = false;
engine.connection.onStatus((status) => {
  if (status.state === 'connected' && !wasConnected) void engine.ready.then(() => names.onConnected());
  wasConnected = status.state === 'connected';
});

browser.runtime.onMessage.addListener(
  createMessageRouter(
    createHandlers({
      engine,
      pageCalls,
      guard,
      records: { open: (id) => screenPop.openHeld(id) },
      contacts: {
        handlers: createContactHandlers(engine.ready, names),
        signedOut: () => names.signedOut(),
      },
      panels: {
        openWindow: () => panelWindow.open({ focus: true }),
        missedSeen: () => missed.markSeen(),
        frameLoaded: (sender) => void pageFeed.frameLoaded(sender),
      },
    }),
    { extensionId: browser.runtime.id, extensionOrigin, log },
  ),
);

browser.runtime.onConnect.addListener((port) => {
  // A panel opening is the user's intent to use the connection: no waiting for the backoff (issue 15 §5).
  if (snapshotPorts.connect(port)) void engine.ready.then(() => engine.retryOnIntent());
  connectionLogPorts.connect(port);
});

/** What follows a change of the settings in force (the user's or the policy's): pages, the page feed, caller names. */
function settingsApplied(before: Settings): void {
  void pageFeed.settingsChanged();
  if (pageRulesChanged(before, engine.settings) || feedOriginsChanged(before, engine.settings))
    void pageCalls.broadcastConfig();
  names.onSettings(before, engine.settings);
}

storage.watch(ITEMS.policy, (policy) => {
  void engine.ready.then(() => {
    const before = engine.settings;
    engine.applyManagedPolicy(policy);
    settingsApplied(before);
  });
});

storage.watch(ITEMS.settings, (settings) => {
  void engine.ready.then(() => {
    const before = engine.settings;
    engine.applySettings(settings);
    settingsApplied(before);
  });
});

browser.contextMenus.onClicked.addListener(
  (info, tab) => void engine.ready.then(() => pageCalls.onMenuClicked(info, tab)),
);
// Synchronously: the side panel opens only within the user's click.
browser.contextMenus.onClicked.addListener((info, tab) => onSidePanelMenuClicked(info, tab, log));
const createMenus = () => void pageCalls.createMenu().then(() => createSidePanelMenu(browser, log));
browser.commands.onCommand.addListener((command) => void engine.ready.then(() => pageCalls.onCommand(command)));
browser.runtime.onStartup.addListener(createMenus);
browser.tabs.onRemoved.addListener((tabId) => pageFeed.tabRemoved(tabId));

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WATCHDOG_ALARM) void engine.ready.then(() => engine.watchdog());
  if (alarm.name === CONTACTS_ALARM) void engine.ready.then(() => names.refreshIpbx());
});

const notificationActions: NotificationActionDeps = {
  hangup: (uniqueId) => engine.ready.then(() => engine.hangup(uniqueId)),
  openPanel: () => panelWindow.open({ focus: true }),
  retryNow: () => void engine.ready.then(() => engine.retryOnIntent()),
  log,
};
browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id, notificationActions));
browser.notifications.onClicked.addListener((id) => void signInNotice.onClicked(id));
if (__BROWSER__ === 'chrome') {
  browser.notifications.onButtonClicked.addListener(
    (id, button) => void onNotificationButtonClicked(id, button, notificationActions),
  );
  browser.notifications.onButtonClicked.addListener((id, button) => void missed.onButtonClicked(id, button));
  browser.notifications.onButtonClicked.addListener((id) => void signInNotice.onClicked(id));
}
// Calls pages start: their confirmations and announcements (call-guard/).
browser.notifications.onClicked.addListener((id) => guard.onNotificationClicked(id));
browser.notifications.onClosed.addListener((id, byUser) => guard.onNotificationClosed(id, byUser));
if (__BROWSER__ === 'chrome')
  browser.notifications.onButtonClicked.addListener((id, b) => guard.onNotificationButton(id, b));
browser.windows.onRemoved.addListener((windowId) => guard.onWindowRemoved(windowId));

browser.runtime.onInstalled.addListener(async ({ reason }) => {
  createMenus();
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
// Hourly: the iPBX's contact list. Created once: creating it again at every start would keep pushing it back.
void browser.alarms.get(CONTACTS_ALARM).then((alarm) => {
  if (!alarm) void browser.alarms.create(CONTACTS_ALARM, { periodInMinutes: IPBX_REFRESH_MINUTES });
});
void engine.start().catch((e: unknown) => log.error(`start failed: ${errorMessage(e)}`));
void engine.ready.then(() => names.start()).catch((e: unknown) => log.error(`contacts: ${errorMessage(e)}`));
