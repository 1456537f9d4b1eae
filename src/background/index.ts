/**
 * Background entry (Chrome service worker, Firefox event page). Every listener is registered synchronously at the
 * top level, so that the event which wakes a stopped worker reaches it; the engine then restores and reconnects.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { badgeFor, BadgeView } from './badge.ts';
import { Engine } from './engine.ts';
import { keepEventPageAlive } from './keepalive.ts';
import { endedCalls, RecentCallsStore } from './history.ts';
import { shownCallCount, type CallState } from './call-reducer.ts';
import type { RecentCall } from '../shared/history.ts';
import { createMessageRouter, senderKind, type Handlers } from './message-router.ts';
import { onNotificationButtonClicked, onNotificationClicked, openPanel, type NotificationActionDeps } from './notification-actions.ts';
import { Notifier } from './notifier.ts';
import { PageCalls, pageRulesChanged } from './page-calls.ts';
import { RequestError } from './requests.ts';
import { ScreenPop } from './screen-pop.ts';
import { throttle } from './throttle.ts';
import { TokenError } from './tokens.ts';
import { createLogger } from '../shared/log.ts';
import { SNAPSHOT_PORT } from '../shared/messages.ts';
import { migrateSettings, SETTINGS_KEY } from '../shared/settings.ts';

const WATCHDOG_ALARM = 'ipbx-watchdog';

const log = createLogger('background');
const engine = new Engine({
  browser,
  createSocket: (url) => new WebSocket(url),
  fetch: (url, init) => fetch(url, init),
  log,
});
const notifier = new Notifier(browser, log);
const pageCalls = new PageCalls(browser, engine, log);
const screenPop = new ScreenPop(browser, log);
const badge = new BadgeView(browser);
const recent = new RecentCallsStore(browser.storage.local);
const ports = new Set<Runtime.Port>();

/**
 * Side effects of call changes (notifications, badge, screen pop, recent calls, panels) run once per EFFECTS_MS over
 * the whole change since the last run, not once per event: a PBX sending a thousand events a second must not cost a
 * thousand rounds of browser API calls. Ended calls are collected per event, so no call is missing from the history.
 */
const EFFECTS_MS = 50;
let effectsFrom: CallState | null = null;
let effectsTimer: ReturnType<typeof setTimeout> | null = null;
let ended: RecentCall[] = [];

/**
 * Open panels get a fresh snapshot, and recent calls are written, at most this often (see throttle.ts); the first
 * change after a quiet spell goes out at once. Each recent-calls write redraws the history of every open panel, and
 * under a flood calls end many times a second.
 */
const PANEL_PUSH_MS = 250;
const HISTORY_WRITE_MS = 1000;
const recordEnded = throttle(() => void recent.record(ended.splice(0)), HISTORY_WRITE_MS);
const pushSnapshot = throttle(() => {
  if (ports.size === 0) return;
  const snapshot = engine.snapshot();
  for (const port of ports) port.postMessage(snapshot);
}, PANEL_PUSH_MS);

function runEffects(): void {
  effectsTimer = null;
  const prev = effectsFrom ?? engine.calls;
  effectsFrom = null;
  const next = engine.calls;
  const { settings } = engine;
  const { status } = engine.connection;
  notifier.apply(prev, next, settings);
  void screenPop.apply(prev, next, settings);
  if (ended.length > 0) recordEnded();
  void badge.show(badgeFor(status, shownCallCount(next))).catch(() => undefined);
  if (ports.size > 0) pushSnapshot();
}

engine.onChange((change) => {
  if (change.prevCalls !== change.calls) ended.push(...endedCalls(change.prevCalls, change.calls, Date.now()));
  effectsFrom ??= change.prevCalls;
  effectsTimer ??= setTimeout(runEffects, EFFECTS_MS);
});

function asRequestError(e: unknown): never {
  if (e instanceof TokenError) {
    if (e.code === 'rejected') throw new RequestError('errLoginRejected', e.message);
    if (e.code === 'unreachable') throw new RequestError('reasonRestUnreachable');
    throw new RequestError('errLoginBadResponse');
  }
  throw e;
}

const handlers: Handlers = {
  getSnapshot: async () => {
    await engine.ready;
    return engine.snapshot();
  },
  pageConfig: async (_payload, sender) => {
    await engine.ready;
    return pageCalls.pageConfig(sender);
  },
  classifyNumbers: async (payload) => {
    await engine.ready;
    return pageCalls.classify(payload);
  },
  originate: async ({ to }) => {
    await engine.ready;
    return engine.originate(to);
  },
  hangup: async ({ uniqueId }) => {
    await engine.ready;
    await engine.hangup(uniqueId);
    return null;
  },
  transfer: async ({ uniqueId, to, type }) => {
    await engine.ready;
    await engine.transfer(uniqueId, to, type);
    return null;
  },
  reconnect: async () => {
    await engine.ready;
    return engine.testConnection();
  },
  restLogin: async ({ restUrl, email, password }) => {
    await engine.ready;
    await engine.restLogin(restUrl, email, password).catch(asRequestError);
    return null;
  },
  restLogout: async () => {
    await engine.ready;
    await engine.signOut();
    return null;
  },
};

const extensionOrigin = browser.runtime.getURL('');
browser.runtime.onMessage.addListener(
  createMessageRouter(handlers, { extensionId: browser.runtime.id, extensionOrigin, log }),
);

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== SNAPSHOT_PORT || !port.sender) return;
  if (senderKind(port.sender, browser.runtime.id, extensionOrigin) !== 'extension-page') {
    port.disconnect();
    return;
  }
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
  void engine.ready.then(() => port.postMessage(engine.snapshot()));
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
void engine.start().catch((e: unknown) => log.error(`start failed: ${e instanceof Error ? e.message : String(e)}`));
