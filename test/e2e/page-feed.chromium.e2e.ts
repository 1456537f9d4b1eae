/**
 * The page feed (docs/page-feed.md) in real Chromium against the simulator: a page of a listed origin, and a frame of
 * that origin inside another site, receive the current calls on load and on every change; a page or frame of any
 * other origin receives nothing; and nothing a listed page posts places, ends or transfers a call.
 *
 * Two origins on one test server: http://127.0.0.1:PORT (listed) and http://localhost:PORT (not listed).
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { launchExtension, signInAlice, type ExtensionBrowser } from './support/chromium.ts';
import { servePages, type PageServer } from './support/pages.ts';

/** Records every message the window receives (`all`), and the feed's own (`feed`): those from itself with our source. */
const RECORDER = `<script>
  window.all = []; window.feed = [];
  addEventListener('message', (e) => {
    window.all.push(JSON.stringify(e.data));
    if (e.source === window && e.data && e.data.source === 'ipbx-connect') window.feed.push(e.data);
  });
</script>`;

type FeedCallSeen = { uniqueId: string; state: string; from: string; name: unknown };
type FeedSeen = { source: string; type: string; calls: FeedCallSeen[] };

let sim: Simulator;
let pages: PageServer;
let ext: ExtensionBrowser;
let listed: string;
let other: string;

const feedOf = (target: Page | Frame) => target.evaluate(() => Reflect.get(window, 'feed') as FeedSeen[]);
const allOf = (target: Page | Frame) => target.evaluate(() => Reflect.get(window, 'all') as string[]);
const lastCalls = async (target: Page | Frame) => (await feedOf(target)).at(-1)?.calls;

async function open(url: string): Promise<Page> {
  const page = await ext.ctx.newPage();
  await page.goto(url);
  return page;
}

function frameOf(page: Page, origin: string): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(origin) && f !== page.mainFrame());
  if (!frame) throw new Error(`no frame of ${origin} in ${page.url()}`);
  return frame;
}

beforeAll(async () => {
  sim = await startSimulator({ modes: { answerDelayMs: 200 } });
  pages = await servePages();
  listed = new URL(pages.url('/')).origin;
  other = listed.replace('127.0.0.1', 'localhost');
  pages.set('/crm', `<!doctype html><title>CRM</title>${RECORDER}<p>CRM</p>`);
  pages.set('/frame', `<!doctype html><title>Frame</title>${RECORDER}<p>frame</p>`);
  // An unlisted site that embeds the listed one, and the listed site embedding an unlisted one.
  pages.set('/host', `<!doctype html>${RECORDER}<iframe src="${listed}/frame"></iframe>`);
  pages.set('/crm-host', `<!doctype html>${RECORDER}<iframe src="${other}/frame"></iframe>`);
  ext = await launchExtension();
  await signInAlice(await ext.worker(), sim, { pageFeed: { origins: [listed] } });
});

afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await sim?.close();
});

describe('the page feed in Chromium', () => {
  it('a page of a listed origin gets the calls once on load and on every change; another origin gets nothing', async () => {
    const crm = await open(`${listed}/crm`);
    const elsewhere = await open(`${other}/crm`);
    const hosted = await open(`${other}/host`);
    const hostingOther = await open(`${listed}/crm-host`);
    // Once on load: no calls yet.
    await expect.poll(() => feedOf(crm)).toEqual([{ source: 'ipbx-connect', type: 'calls', calls: [] }]);
    await expect
      .poll(() => feedOf(frameOf(hosted, listed)))
      .toEqual([{ source: 'ipbx-connect', type: 'calls', calls: [] }]);

    const uniqueId = sim.ring({ from: '+420777888999', line: '444', queue: 'support' });
    await expect
      .poll(() => lastCalls(crm))
      .toEqual([
        {
          uniqueId,
          from: '+420777888999',
          to: '444',
          direction: 'incoming',
          state: 'ringing',
          line: '444',
          queue: 'support',
          // No CRM lookup of this origin named the caller.
          name: null,
          startedAt: expect.any(Number),
        },
      ]);
    // A frame of the listed origin inside another site gets it too.
    await expect.poll(async () => (await lastCalls(frameOf(hosted, listed)))?.[0]?.state).toBe('ringing');

    sim.answer(uniqueId);
    await expect.poll(async () => (await lastCalls(crm))?.[0]?.state).toBe('answered');
    // A page loaded now gets the call at once.
    const late = await open(`${listed}/crm`);
    await expect.poll(async () => (await feedOf(late))[0]?.calls.map((c) => c.state)).toEqual(['answered']);

    sim.hangup(uniqueId);
    await expect.poll(() => lastCalls(crm)).toEqual([]);

    // Nothing at all reached the pages and frames of the other origin, nor the extension's secrets any page.
    expect(await allOf(elsewhere)).toEqual([]);
    expect(await allOf(hosted)).toEqual([]);
    expect(await allOf(frameOf(hostingOther, other))).toEqual([]);
    for (const page of [crm, late]) {
      const text = (await allOf(page)).join('\n');
      expect(text).not.toContain('demo-token-alice');
      expect(text).not.toContain('pbxUrl');
      expect(text).not.toContain('recentCalls');
    }
    for (const page of [crm, elsewhere, hosted, hostingOther, late]) await page.close();
  });

  it('an origin added to the list feeds its open pages at once; one taken off the list gets nothing more', async () => {
    const worker = await ext.worker();
    const crm = await open(`${listed}/crm`);
    const elsewhere = await open(`${other}/crm`);
    await expect.poll(async () => (await feedOf(crm)).length).toBe(1);
    const setOrigins = (origins: string[]) =>
      worker.evaluate(
        (origins) =>
          chrome.storage.local
            .get('settings')
            .then((r) =>
              chrome.storage.local.set({ settings: Object.assign({}, r.settings, { pageFeed: { origins } }) }),
            ),
        origins,
      );
    await setOrigins([listed, other]);
    await expect.poll(() => feedOf(elsewhere)).toEqual([{ source: 'ipbx-connect', type: 'calls', calls: [] }]);
    await setOrigins([other]);
    await new Promise((r) => setTimeout(r, 500));
    const before = (await feedOf(crm)).length;
    const uniqueId = sim.ring({ from: '603111222', line: '444' });
    await expect.poll(async () => (await lastCalls(elsewhere))?.[0]?.uniqueId).toBe(uniqueId);
    expect((await feedOf(crm)).length).toBe(before);
    sim.hangup(uniqueId);
    await expect.poll(() => lastCalls(elsewhere)).toEqual([]);
    await setOrigins([listed]);
    await crm.close();
    await elsewhere.close();
  });

  it('is read only: a listed page posting forged requests gets no call placed, ended or transferred', async () => {
    const crm = await open(`${listed}/crm`);
    const uniqueId = sim.ring({ from: '602123456', line: '444' });
    await expect.poll(async () => (await lastCalls(crm))?.[0]?.uniqueId).toBe(uniqueId);
    const from = sim.received.length;
    await crm.evaluate((uniqueId) => {
      const forged: unknown[] = [
        { source: 'ipbx-connect', type: 'originate', to: '777888999' },
        { source: 'ipbx-connect', type: 'hangup', uniqueId },
        { source: 'ipbx-connect', type: 'transfer', uniqueId, to: '445', transferType: 'blind' },
        { type: 'originate', payload: { to: '777888999' } },
        { type: 'hangup', payload: { uniqueId } },
        { type: 'transfer', payload: { uniqueId, to: '445', type: 'blind' } },
        { action: 'hangupcall', uniqueid: uniqueId },
        { action: 'originate', to: '777888999', actionid: 'x' },
      ];
      for (const m of forged) {
        window.postMessage(m, '*');
        window.postMessage(JSON.stringify(m), '*');
        document.dispatchEvent(new CustomEvent('ipbx-connect', { detail: m }));
      }
    }, uniqueId);
    await new Promise((r) => setTimeout(r, 2_000));
    const actions = sim.received.slice(from).map((f) => f.data?.action);
    expect(actions.filter((a) => a === 'originate' || a === 'hangupcall' || a === 'transfer')).toEqual([]);
    expect(sim.calls().map((c) => [c.uniqueId, c.state])).toEqual([[uniqueId, 'ringing']]);
    sim.hangup(uniqueId);
    await expect.poll(() => lastCalls(crm)).toEqual([]);
    await crm.close();
  });
});
