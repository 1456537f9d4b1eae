/**
 * Security checks in real Chromium, from inside our own content script's isolated world (what a compromised content
 * script could do) and from the page's main world: no storage (so no token), no requests beyond what content
 * scripts may send, and no way at all from the page to the extension.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { launchExtension, signInAlice, type ExtensionBrowser } from './support/chromium.ts';
import { servePages, type PageServer } from './support/pages.ts';

let sim: Simulator;
let pages: PageServer;
let ext: ExtensionBrowser;
let page: Page;
let cdp: CDPSession;
let contentWorld: number;

async function evaluateIn(contextId: number | undefined, expression: string): Promise<unknown> {
  const r = (await cdp.send('Runtime.evaluate', {
    ...(contextId === undefined ? {} : { contextId }),
    expression,
    awaitPromise: true,
    returnByValue: true,
  })) as {
    result: { value?: unknown };
  };
  return r.result.value;
}

beforeAll(async () => {
  sim = await startSimulator();
  pages = await servePages({
    '/': '<!doctype html><html lang="cs"><body><p id="p">Volejte 777 888 999.</p></body></html>',
  });
  ext = await launchExtension();
  await signInAlice(await ext.worker(), sim);
  page = await ext.ctx.newPage();
  cdp = await ext.ctx.newCDPSession(page);
  const worlds: { id: number; name: string }[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; name: string } }) => worlds.push(e.context));
  await cdp.send('Runtime.enable');
  await page.goto(pages.url('/'));
  await page.locator('#p [data-ipbx-number]').waitFor();
  const world = worlds.filter((w) => w.name === 'iPBX Connect').at(-1);
  if (!world) throw new Error('the content script world was not found');
  contentWorld = world.id;
});

afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await sim?.close();
});

describe('what a content script and a page can reach', () => {
  it('the content script world cannot read storage, so never the token', async () => {
    // Our content script gave its storage API up before anything else ran in its world.
    expect(await evaluateIn(contentWorld, 'typeof chrome.storage + "/" + typeof globalThis.browser?.storage')).toBe(
      'undefined/undefined',
    );
    expect(await evaluateIn(contentWorld, 'typeof chrome.runtime.sendMessage')).toBe('function');
    // (The background also sets storage.local to TRUSTED_CONTEXTS, Chrome's own guard, which this world can no longer
    // even try.)
  });

  it('the content script world may not send page-only requests, and no answer carries the token', async () => {
    const ask = (type: string, payload: unknown) =>
      evaluateIn(
        contentWorld,
        `chrome.runtime.sendMessage(${JSON.stringify({ type, payload })}).then(r => JSON.stringify(r))`,
      );
    for (const [type, payload] of [
      ['getSnapshot', null],
      ['hangup', { uniqueId: '1.1' }],
      ['transfer', { uniqueId: '1.1', to: '445', type: 'blind' }],
      [
        'signIn',
        {
          email: 'a@b',
          password: 'p',
          restUrl: 'http://x',
          oauthTokenUrl: 'http://x/token',
          oauthClientId: 'api',
          oauthScope: 'openid profile',
        },
      ],
      ['probeDialects', null],
    ] as const) {
      expect(JSON.parse((await ask(type, payload)) as string), type).toMatchObject({
        ok: false,
        error: { code: 'errNotAllowed' },
      });
    }
    const config = (await ask('pageConfig', null)) as string;
    expect(JSON.parse(config)).toEqual({ ok: true, value: { active: true } });
    expect(config).not.toContain('demo-token-alice');
  });

  it('the content script world cannot watch the connection log: its port is closed at once, nothing comes', async () => {
    const result = (await evaluateIn(
      contentWorld,
      `new Promise((resolve) => {
        const got = [];
        const port = chrome.runtime.connect({ name: 'ipbx-connection-log' });
        port.onMessage.addListener((m) => got.push(m));
        port.onDisconnect.addListener(() => resolve(JSON.stringify({ closed: true, got })));
        setTimeout(() => resolve(JSON.stringify({ closed: false, got })), 3000);
      })`,
    )) as string;
    expect(JSON.parse(result)).toEqual({ closed: true, got: [] });
  });

  it('the page itself has no channel to the extension at all', async () => {
    const reach = await evaluateIn(
      undefined,
      'typeof chrome === "undefined" || typeof chrome.runtime === "undefined" || typeof chrome.runtime.sendMessage === "undefined" ? "none" : "runtime"',
    );
    expect(reach).toBe('none');
    // The mark's dial info is invisible to the page: only the mirror attribute is there.
    const keys = await evaluateIn(
      undefined,
      'Object.getOwnPropertySymbols(document.querySelector("[data-ipbx-number]")).length',
    );
    expect(keys).toBe(0);
  });
});
