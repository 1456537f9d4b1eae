/**
 * The Socket.IO dialect in real Firefox ESR (issue 15 §3): set up through the options page it opens on install, the
 * event page connects over Socket.IO, a ring reaches the call panel, and a real click on a number on a page places
 * the call as an emit. How the harness reaches the extension's pages is in test/e2e/support/firefox.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { launchFirefoxExtension, type FirefoxExtension } from './support/firefox.ts';
import { servePages, type PageServer } from './support/pages.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../../src/shared/manifest-names.ts';

const ACTIVE_CALLS = 'section[aria-labelledby="calls-heading"] li';

let sim: Simulator;
let ext: FirefoxExtension;
let pages: PageServer;
const simLog: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ log: (line) => simLog.push(line) });
  pages = await servePages({
    '/crm': '<!doctype html><html lang="cs"><body><p id="plain">Volejte 777 888 999 prosím.</p></body></html>',
  });
  ext = await launchFirefoxExtension();
});

afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await sim?.close();
});

describe('Socket.IO in Firefox', () => {
  it('set up in the options page with the Socket.IO dialect, it connects over Socket.IO', async () => {
    const options = await ext.waitForTab(OPTIONS_PAGE);
    await options.fill('#pbxUrl', `ws://127.0.0.1:${sim.port}/socket.io/`);
    await options.select('#transport', 'socket.io');
    await options.fill('#token', 'demo-token-alice');
    await options.select('#identityType', 'login');
    await options.fill('#identityValue', 'alice');
    await options.clickButton('Save');
    await sim.waitForAuthenticated(1, 15_000);
    const auth = sim.received.find((f) => f.data?.action === 'auth');
    expect(auth?.transport).toBe('socket.io');
    expect(auth?.data).toMatchObject({ token: 'demo-token-alice', identityValue: 'alice' });
    // Over its WebSocket transport: no long-polling request reached the simulator.
    expect(simLog.filter((l) => / connected over socket\.io /.test(l))).toHaveLength(1);
    await expect.poll(() => options.statusTexts(), { timeout: 10_000 }).toContain('Connected, line 444');
    await options.close();
  });

  it('a ring reaches the call panel', async () => {
    const panel = await ext.openTab(`${POPUP_PAGE}?view=window`);
    const uniqueId = sim.ring({ from: '777888999', line: '444' });
    await expect
      .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 })
      .toEqual([expect.stringContaining('777 888 999')]);
    sim.hangup(uniqueId);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 }).toEqual([]);
    await panel.close();
  });

  it('a real click on a number places the call as emit("originate")', async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/crm'));
    const mark = await page.waitForSelector('#plain [data-ipbx-number]', { timeout: 15_000 });
    const before = sim.received.length;
    await mark!.click();
    const frame = await sim.waitForFrame(
      (f) => f.data?.action === 'originate' && sim.received.indexOf(f) >= before,
      10_000,
    );
    expect(frame.transport).toBe('socket.io');
    expect(frame.data).toMatchObject({ action: 'originate', to: '777888999' });
    expect(JSON.parse(frame.raw)[0]).toBe('originate');
    await page.close();
  });
});
