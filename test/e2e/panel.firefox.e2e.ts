/**
 * Issue 17 in real Firefox ESR against the simulator: the sidebar (sidebar_action) shows the call panel and lists a
 * ringing call, and a missed call raises its notification and the badge.
 *
 * The sidebar is opened the way its menu does, by the browser's own code (SidebarController, through the debugger's
 * parent-process console): the extension API's sidebarAction.open() needs a user action that no harness can give.
 * The page is then found among the add-on's documents (test/e2e/support/firefox-targets.ts extensionDocument), so what
 * is tested is the document Firefox shows in its sidebar, not a copy in a tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { configureThroughOptionsPage, launchFirefoxExtension, type FirefoxExtension } from './support/firefox.ts';
import type { RdpEvaluator } from './support/firefox-rdp.ts';
import type { ExtensionTab } from './support/firefox-tabs.ts';
import { OPTIONS_PAGE } from '../../src/shared/manifest-names.ts';

/** The active calls of the call panel (the list under the "Active calls" heading). */
const ACTIVE_CALLS = 'section[aria-labelledby="calls-heading"] li';

let sim: Simulator;
let ext: FirefoxExtension;
let options: ExtensionTab;
let browserChrome: RdpEvaluator;

/** SidebarController's id of our sidebar: `<add-on id as a widget id>-sidebar-action`. */
function sidebarId(): Promise<string> {
  return browserChrome.run(() => {
    const services = Reflect.get(globalThis, 'Services') as {
      wm: { getMostRecentWindow(type: string): { SidebarController: { sidebars: Map<string, unknown> } } };
    };
    const ids = [...services.wm.getMostRecentWindow('navigator:browser').SidebarController.sidebars.keys()];
    const ours = ids.filter((id) => id.startsWith('ipbx-connect_') && id.endsWith('-sidebar-action'));
    const [id] = ours;
    if (ours.length !== 1 || id === undefined) throw new Error(`sidebars: ${ids.join(', ')}`);
    return id;
  }, null);
}

function sidebar(show: boolean, id: string): Promise<{ open: boolean; current: string }> {
  return browserChrome.run(
    async ({ show, id }) => {
      const services = Reflect.get(globalThis, 'Services') as {
        wm: {
          getMostRecentWindow(type: string): {
            SidebarController: { show(id: string): Promise<unknown>; hide(): void; isOpen: boolean; currentID: string };
          };
        };
      };
      const controller = services.wm.getMostRecentWindow('navigator:browser').SidebarController;
      if (show) await controller.show(id);
      else controller.hide();
      return { open: controller.isOpen, current: controller.currentID };
    },
    { show, id },
  );
}

/** The toolbar badge's text, read in the options page (the function runs there, so it names the API itself). */
function badge(): Promise<string | undefined> {
  return options.run(
    () =>
      (globalThis as unknown as { browser: import('webextension-polyfill').Browser }).browser.action.getBadgeText({}),
    null,
  );
}

beforeAll(async () => {
  sim = await startSimulator();
  ext = await launchFirefoxExtension();
  options = await ext.waitForTab(OPTIONS_PAGE);
  await configureThroughOptionsPage(options, {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
  });
  await sim.waitForAuthenticated(1, 10_000);
  browserChrome = await ext.browserChrome();
});

afterAll(async () => {
  await ext?.close();
  await sim?.close();
});

describe('the panel in Firefox', () => {
  it('the sidebar shows the call panel (?view=side) and lists a ringing call', async () => {
    const id = await sidebarId();
    expect(await sidebar(true, id)).toEqual({ open: true, current: id });
    const side = await ext.extensionDocument('view=side');
    expect(await side.run(() => location.pathname + location.search, null)).toBe('/src/popup/index.html?view=side');
    // The side panel is the panel itself: no buttons to open a window or a side panel, no per-tab site switch.
    await expect
      .poll(() => side.run(() => [...document.querySelectorAll('button')].map((b) => b.textContent ?? ''), null))
      .not.toContain('Open in a window');

    const uniqueId = sim.ring({ from: '+420777888999', line: '444' });
    await expect
      .poll(() =>
        side.run((sel) => [...document.querySelectorAll(sel)].map((li) => li.textContent ?? ''), ACTIVE_CALLS),
      )
      .toEqual([expect.stringMatching(/777 888 999.*Ringing/)]);
    // Answered, then ended: no missed call for the next test.
    sim.answer(uniqueId);
    await expect
      .poll(() => side.run((sel) => document.querySelector(sel)?.textContent ?? '', ACTIVE_CALLS))
      .toContain('Answered');
    sim.hangup(uniqueId);
    await expect.poll(() => side.run((sel) => document.querySelectorAll(sel).length, ACTIVE_CALLS)).toBe(0);
    expect(await sidebar(false, id)).toMatchObject({ open: false });
  });

  it('a missed call raises the "Missed call" notification and marks the badge', async () => {
    // Headless Firefox has no notification UI: it closes every notification at once (getAll() stays empty) and
    // reports that through notifications.onClosed, which reaches every extension page (docs/firefox.md).
    await options.run(() => {
      const g = globalThis as unknown as { browser: import('webextension-polyfill').Browser; closedIds?: string[] };
      const seen: string[] = [];
      g.closedIds = seen;
      g.browser.notifications.onClosed.addListener((id) => void seen.push(id));
    }, null);
    const raised = () => options.run(() => (globalThis as unknown as { closedIds: string[] }).closedIds, null);

    const uniqueId = sim.ring({ from: '+420777888999', line: '444' });
    await expect.poll(raised).toEqual([`ipbx-call:${uniqueId}`]);
    await expect.poll(() => badge()).toBe('1');
    sim.miss(uniqueId);
    await expect.poll(raised).toEqual([`ipbx-call:${uniqueId}`, 'ipbx-missed']);
    // No call is active any more: the badge counts the unseen missed call.
    expect(await badge()).toBe('1');
    expect(
      await options.run(
        () =>
          (globalThis as unknown as { browser: import('webextension-polyfill').Browser }).browser.action.getTitle({}),
        null,
      ),
    ).toContain('1 missed call');
  });
});
