/**
 * The built extension (dist/firefox) in real Firefox ESR against the real simulator: the options page it opens on
 * first install configures it like a user would, it connects and authenticates, it stays connected through more than
 * two idle minutes (Firefox's event page idles out after 30 s: see src/background/keepalive.ts and docs/firefox.md),
 * and a call that rings after that idle period still reaches it.
 *
 * Runs with Firefox's default idle timeout (extensions.background.idle.timeout = 30 s). How the harness reaches the
 * extension's pages (the remote debugging protocol, as BiDi does not show them) is in test/e2e/support/firefox.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ReceivedFrame, type Simulator } from '../../sim/simulator.ts';
import { configureThroughOptionsPage, launchFirefoxExtension, type FirefoxExtension } from './support/firefox.ts';
import type { ExtensionTab } from './support/firefox-tabs.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../../src/shared/manifest-names.ts';

const IDLE_MS = 130_000;
const OPTIONS = OPTIONS_PAGE;
const PANEL = `${POPUP_PAGE}?view=window`;
/** The active calls of the call panel (the list under the "Active calls" heading). */
const ACTIVE_CALLS = 'section[aria-labelledby="calls-heading"] li';

let sim: Simulator;
let ext: FirefoxExtension;
/** The simulator's own log: one "#N connected over ws from …" line per WebSocket it accepted. */
const simLog: string[] = [];

const auths = (): ReceivedFrame[] => sim.received.filter((f) => f.data?.action === 'auth');
const pings = (): ReceivedFrame[] => sim.received.filter((f) => f.data?.action === 'ping');
const socketsOpened = (): number => simLog.filter((l) => /^#\d+ connected over \S+ from /.test(l)).length;
const socketsClosed = (): number => simLog.filter((l) => /^#\d+ .*disconnected/.test(l)).length;

beforeAll(async () => {
  sim = await startSimulator({ log: (line) => simLog.push(line) });
  ext = await launchFirefoxExtension();
});

afterAll(async () => {
  await ext?.close();
  await sim?.close();
});

describe('background engine in Firefox', () => {
  it('opens its options page on first install; filled in and saved there, it connects and authenticates', async () => {
    // No settings yet: the extension opened its options page by itself (runtime.onInstalled → openOptionsPage).
    const options = await ext.waitForTab(OPTIONS);
    expect(await options.statusTexts()).toEqual([expect.stringContaining('Not set up')]);
    expect(socketsOpened()).toBe(0);

    await configureThroughOptionsPage(options, {
      pbxUrl: sim.wsUrl,
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: 'alice',
    });

    await sim.waitForAuthenticated(1, 10_000);
    expect(auths().map((f) => f.data)).toEqual([
      { action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' },
    ]);
    await expect.poll(() => options.statusTexts(), { timeout: 10_000 }).toEqual(['Connected, line 444', 'Saved.']);
    // What the form stored is the settings contract (storage.local "settings"), read back by the page itself.
    const stored = await options.run(async () => {
      const api = (globalThis as unknown as { browser: import('webextension-polyfill').Browser }).browser;
      return (await api.storage.local.get('settings')).settings as Record<string, unknown> | undefined;
    }, null);
    expect(stored).toMatchObject({
      pbxUrl: sim.wsUrl,
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: 'alice',
    });
    expect(socketsOpened()).toBe(1);
    await options.close();
  });

  it('stays connected on the same socket through more than two idle minutes, pinging every 20 s', async () => {
    expect(await ext.backgroundStatus()).toBe('RUNNING');
    const authsBefore = auths().length;
    const idleStart = Date.now();
    // No extension page open, no debugger attached, nothing touches Firefox: only the extension and the iPBX talk.
    ext.detachDebugger();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idleEnd = Date.now();

    // No reconnect: still the one socket and the one auth frame from the first test.
    expect(authsBefore).toBe(1);
    expect(auths()).toHaveLength(1);
    expect(socketsOpened()).toBe(1);
    expect(socketsClosed()).toBe(0);
    expect(sim.authenticatedCount()).toBe(1);

    // The client's keepalive kept arriving, on that authenticated connection, never more than ~20 s apart.
    const idlePings = pings().filter((f) => f.at >= idleStart && f.at <= idleEnd);
    expect(idlePings.length).toBeGreaterThanOrEqual(Math.floor(IDLE_MS / 20_000) - 1);
    expect(idlePings.every((f) => f.user === 'alice')).toBe(true);
    const times = [idleStart, ...idlePings.map((f) => f.at), idleEnd];
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    expect(Math.max(...gaps)).toBeLessThan(25_000);

    // Firefox itself says the event page never stopped (about:debugging's "Background script status").
    expect(await ext.backgroundStatus()).toBe('RUNNING');
  }, 240_000);

  it('after the idle period, an inbound ring reaches the extension: call panel and notification', async () => {
    const pingsBefore = pings().length;
    // The call panel, as a click on a call notification opens it.
    const panel: ExtensionTab = await ext.openTab(PANEL);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 }).toEqual([]);
    // Headless Firefox has no notification UI: it closes every notification at once and reports that through
    // notifications.onClosed, which reaches every extension page. Recording it shows which notification was raised.
    await panel.run(() => {
      const g = globalThis as unknown as {
        browser: import('webextension-polyfill').Browser;
        closedNotificationIds?: string[];
      };
      const seen: string[] = [];
      g.closedNotificationIds = seen;
      g.browser.notifications.onClosed.addListener((id) => void seen.push(id));
    }, null);

    const uniqueId = sim.ring({ from: '777888999', line: '444' });

    await expect
      .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 })
      .toEqual([expect.stringContaining('777 888 999')]);
    const raised = () =>
      panel.run(() => (globalThis as unknown as { closedNotificationIds: string[] }).closedNotificationIds, null);
    await expect.poll(raised, { timeout: 10_000 }).toEqual([`ipbx-call:${uniqueId}`]);

    // The options page still shows the connection up, and it is still the first socket.
    const options = await ext.openTab(OPTIONS);
    await expect.poll(() => options.statusTexts(), { timeout: 10_000 }).toEqual(['Connected, line 444']);
    expect(auths()).toHaveLength(1);
    expect(socketsOpened()).toBe(1);

    // The Hangup reaches it too: the panel empties, and the only other notification is the missed call's (the ring
    // ended unanswered).
    sim.hangup(uniqueId);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 }).toEqual([]);
    await expect.poll(raised, { timeout: 10_000 }).toEqual([`ipbx-call:${uniqueId}`, 'ipbx-missed']);

    // And the client kept pinging on that connection meanwhile.
    await expect.poll(() => pings().length, { timeout: 25_000 }).toBeGreaterThan(pingsBefore);
    expect(auths()).toHaveLength(1);
    await panel.close();
    await options.close();
  });

  it('when Firefox stops the event page, opening the panel wakes it: it reconnects and keeps the ringing call', async () => {
    const uniqueId = sim.ring({ from: '+420602123456', line: '444' });
    const before = await ext.openTab(PANEL);
    await expect
      .poll(() => before.texts(ACTIVE_CALLS), { timeout: 10_000 })
      .toEqual([expect.stringContaining('602 123 456')]);
    await before.close();

    // What the idle timeout does when nothing keeps the page up (about:debugging's "Terminate background script").
    await ext.terminateBackground();
    await expect.poll(() => ext.backgroundStatus(), { timeout: 10_000 }).toBe('STOPPED');
    await expect.poll(socketsClosed, { timeout: 10_000 }).toBe(1);

    // A page of the extension connects its port, which starts the event page again; it restores the call from
    // storage.session and reconnects with the stored settings.
    const panel = await ext.openTab(PANEL);
    await expect.poll(() => auths().length, { timeout: 20_000 }).toBe(2);
    await sim.waitForAuthenticated(1, 10_000);
    expect(await ext.backgroundStatus()).toBe('RUNNING');
    await expect
      .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 })
      .toEqual([expect.stringContaining('602 123 456')]);

    // The new event page handles the call: its Hangup empties the panel.
    sim.hangup(uniqueId);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 }).toEqual([]);
    expect(socketsOpened()).toBe(2);
    await panel.close();
  });
});
