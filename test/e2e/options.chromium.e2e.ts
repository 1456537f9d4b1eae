/**
 * The options page and the screen pop in real Chromium against the simulator: settings saved in the page reconnect
 * the background, a screen pop opens exactly one tab with the encoded number, and the Czech UI renders.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { CHROME_DIST, launchExtension, unpackedExtensionId, type ExtensionBrowser } from './support/chromium.ts';
import { deployPolicy } from './support/chromium-policy.ts';
import { servePages, type PageServer } from './support/pages.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../../src/shared/manifest-names.ts';

let sim: Simulator;
let pages: PageServer;

beforeAll(async () => {
  sim = await startSimulator({ modes: { answerDelayMs: 200 } });
  pages = await servePages({ '/contact': '<!doctype html><title>CRM record</title><p>record</p>' });
});

afterAll(async () => {
  await pages?.close();
  await sim?.close();
});

describe('options page and screen pop in Chromium', () => {
  let ext: ExtensionBrowser;
  let options: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    options = await ext.openPage(OPTIONS_PAGE);
  });
  afterAll(async () => ext?.close());

  it('settings saved in the options page connect the background, and a new identity reconnects it', async () => {
    await options.locator('#pbxUrl').fill(sim.wsUrl);
    await options.locator('#token').fill('demo-token-alice');
    await options.locator('#identityValue').fill('alice');
    await options.getByRole('button', { name: 'Save' }).click();
    await sim.waitForAuthenticated(1, 10_000);
    await expect.poll(() => options.getByRole('status').first().innerText()).toContain('Connected, line 444');

    await options.locator('#token').fill('demo-token-bob');
    await options.locator('#identityValue').fill('bob');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => options.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toContain('Connected, line 445');
    expect(sim.received.filter((f) => f.data?.action === 'auth').at(-1)?.data).toMatchObject({
      token: 'demo-token-bob',
      identityValue: 'bob',
    });

    // Test connection answers with the outcome of a real attempt, next to the button.
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => options.getByTestId('test-result').innerText(), { timeout: 10_000 })
      .toBe('Connected, line 445');
  });

  it('Test connection with a token the iPBX refuses shows why', async () => {
    await options.locator('#token').fill('not-a-token');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => options.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toContain('Sign-in failed');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => options.getByTestId('test-result').getAttribute('class'), { timeout: 15_000 })
      .toBe('field-error');
    expect(await options.getByTestId('test-result').innerText()).toContain('refused the token');
    await options.locator('#token').fill('demo-token-bob');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => options.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toContain('Connected, line 445');
  });

  it('a wrong value is shown next to its field and nothing is saved', async () => {
    const before = await (await ext.worker()).evaluate(() => chrome.storage.local.get('settings'));
    await options.locator('#pbxUrl').fill('http://not-a-websocket');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.locator('#pbxUrl-error').innerText()).toContain('ws://');
    expect(await (await ext.worker()).evaluate(() => chrome.storage.local.get('settings'))).toEqual(before);
    await options.reload();
  });

  it('screen pop opens exactly one tab with the encoded number, once per call, and reuses it', async () => {
    await options.locator('#spEnabled').check();
    await options.locator('#spTemplate').fill(`${pages.url('/contact')}?phone={e164}&raw={number}&q={queue}`);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.locator('.save-row [role=status]').innerText()).toBe('Saved.');

    const crmTabs = () => ext.ctx.pages().filter((p) => p.url().startsWith(pages.url('/contact')));
    const first = sim.ring({ from: '+420 777 888 999', line: '445', queue: 'podpora & prodej' });
    await expect.poll(() => crmTabs().length).toBe(1);
    const url = new URL(crmTabs()[0]!.url());
    expect(url.searchParams.get('phone')).toBe('+420777888999');
    expect(url.searchParams.get('raw')).toBe('+420 777 888 999');
    expect(url.searchParams.get('q')).toBe('podpora & prodej');
    expect(url.search).toContain('raw=%2B420%20777%20888%20999');

    // Answered and hung up: no second pop for the same call.
    sim.answer(first);
    sim.hangup(first);
    await new Promise((r) => setTimeout(r, 500));
    expect(crmTabs()).toHaveLength(1);
    // Another caller gets a tab of their own (2 s after the first: screen pop opens one tab every 2 s at most); the
    // first caller calling again reuses the tab of that same URL.
    await new Promise((r) => setTimeout(r, 2_100));
    sim.ring({ from: '602123456', line: '445' });
    await expect.poll(() => crmTabs().length).toBe(2);
    expect(crmTabs()[1]!.url()).toContain('phone=%2B420602123456');
    await new Promise((r) => setTimeout(r, 2_100));
    sim.ring({ from: '+420 777 888 999', line: '445', queue: 'podpora & prodej' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(crmTabs()).toHaveLength(2);
    expect(crmTabs()[0]!.url()).toContain('phone=%2B420777888999');
  });

  it('a flood of rings opens one tab; the calls held back offer "Open record" in the panel, which opens theirs', async () => {
    // The screen pop as the test before set it up; its last tab opened just now, so wait out the 2 s between tabs.
    const crmTabs = () => ext.ctx.pages().filter((p) => p.url().startsWith(pages.url('/contact')));
    const phoneOf = (p: Page) => new URL(p.url()).searchParams.get('phone');
    const before = new Set(crmTabs());
    const newTabs = () => crmTabs().filter((p) => !before.has(p));
    await new Promise((r) => setTimeout(r, 2_100));
    const numbers = ['+420606111222', '+420606333444', '+420606555666'];
    const ids = numbers.map((from) => sim.ring({ from, line: '445' }));
    await expect.poll(() => newTabs().length).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(newTabs()).toHaveLength(1);

    const panel = await ext.openPage(POPUP_PAGE);
    const openRecord = panel.getByRole('button', { name: 'Open record' });
    await expect.poll(() => openRecord.count()).toBe(2);
    // The user's own click is no flood: it opens the record at once, and the button is gone.
    await openRecord.first().click();
    await expect.poll(() => newTabs().length).toBe(2);
    await expect.poll(() => openRecord.count()).toBe(1);
    const opened = newTabs().map(phoneOf);
    expect(new Set(opened).size).toBe(2);
    expect(opened.every((n) => n !== null && numbers.includes(n))).toBe(true);
    for (const id of ids) sim.hangup(id);
    await panel.close();
  });
});

describe('REST sign-in in Chromium', () => {
  let ext: ExtensionBrowser;
  afterAll(async () => ext?.close());

  /** The REST tokens as the background keeps them: its own IndexedDB, read from the service worker. */
  const storedTokens = async (): Promise<{ accessToken: string } | null> =>
    (await ext.worker()).evaluate(
      () =>
        new Promise<{ accessToken: string } | null>((resolve, reject) => {
          const open = indexedDB.open('ipbx-secrets');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('secrets').objectStore('secrets').get('restTokens');
            get.onsuccess = () => {
              open.result.close();
              resolve((get.result as { accessToken: string } | undefined) ?? null);
            };
            get.onerror = () => reject(get.error);
          };
        }),
    );
  const lastAuthToken = () => sim.received.filter((f) => f.data?.action === 'auth').at(-1)?.data?.token;

  it('signs in with e-mail and password, keeps the tokens out of storage.local, survives a stopped worker and signs out', async () => {
    ext = await launchExtension();
    const options = await ext.openPage(OPTIONS_PAGE);
    await options.locator('#pbxUrl').fill(sim.wsUrl);
    await options.locator('#identityValue').fill('alice');
    await options.getByRole('radio', { name: 'E-mail and password' }).check();
    await options.locator('#restUrl').fill(sim.restUrl);
    await options.locator('#restEmail').fill('alice@example.com');
    await options.locator('#restPassword').fill('alice-pass');
    await options.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => options.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toContain('Connected, line 444');
    const token = lastAuthToken();
    expect(token).toMatch(/^at-/);
    expect((await storedTokens())?.accessToken).toBe(token);
    const local = await options.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(local).not.toContain(token);
    expect(local).not.toContain('alice-pass');

    // A stopped worker signs in again with the tokens it kept.
    const authsBefore = sim.received.filter((f) => f.data?.action === 'auth').length;
    await ext.stopWorker();
    await expect
      .poll(() => sim.received.filter((f) => f.data?.action === 'auth').length, { timeout: 15_000 })
      .toBeGreaterThan(authsBefore);
    expect(lastAuthToken()).toBe(token);

    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(storedTokens, { timeout: 10_000 }).toBeNull();
  });
});

describe('Czech UI', () => {
  it('renders the popup in Czech with Czech plurals', async () => {
    const ext = await launchExtension({ lang: 'cs' });
    try {
      await (await ext.worker()).evaluate(
        (url) =>
          chrome.storage.local.set({
            settings: { pbxUrl: url, token: 'demo-token-carol', identityType: 'login', identityValue: 'carol' },
          }),
        sim.wsUrl,
      );
      const popup = await ext.openPage(POPUP_PAGE);
      await expect
        .poll(() => popup.getByRole('status').first().innerText(), { timeout: 10_000 })
        .toContain('Připojeno, linka 446');
      sim.ring({ from: '777888999', line: '446' });
      sim.ring({ from: '602123456', line: '446' });
      await expect.poll(() => popup.getByRole('listitem').count()).toBe(2);
      expect(await popup.getByRole('button', { name: 'Zavěsit' }).count()).toBe(2);
      expect(await popup.getByRole('button', { name: 'Přepojit' }).count()).toBe(2);
      expect(await popup.locator('#calls-heading').innerText()).toContain('2 probíhající hovory');
      expect(await popup.getByRole('button', { name: 'Volat', exact: true }).count()).toBe(1);
    } finally {
      await ext.close();
    }
  });
});

/** A real Chromium policy for the extension. Deploying it needs root, as CI has (support/chromium-policy.ts). */
describe('managed policy in Chromium', () => {
  let ext: ExtensionBrowser;
  let removePolicy: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const id = unpackedExtensionId(CHROME_DIST);
    removePolicy = await deployPolicy(id, { defaultCountry: 'SK', disabledSites: ['intranet.example.com'] });
    ext = await launchExtension();
    expect(ext.extensionId).toBe(id);
  });
  afterAll(async () => {
    await ext?.close();
    await removePolicy?.();
  });

  it('a value set by policy shows, locked and marked, in the options page', async () => {
    const options = await ext.openPage(OPTIONS_PAGE);
    const country = options.locator('#defaultCountry');
    await expect.poll(() => country.inputValue(), { timeout: 10_000 }).toBe('SK');
    expect(await country.isDisabled()).toBe(true);
    expect(await options.locator('#disabledSites').isDisabled()).toBe(true);
    expect(await options.getByText('Set by your administrator.').count()).toBeGreaterThanOrEqual(2);
    // A field the policy leaves alone stays the user's.
    expect(await options.locator('#pbxUrl').isDisabled()).toBe(false);
  });
});
