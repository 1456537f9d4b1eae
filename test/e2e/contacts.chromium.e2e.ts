/// <reference types="chrome" />
/**
 * Caller names (issue 16) in real Chromium with the built extension, against the simulator: a CSV imported through
 * the options page names a ringing call in the panel and its notification; the simulator's demo CRM lookup names a
 * caller; a name that arrives late changes the ringing notification in place; the iPBX's contact list names a
 * colleague by line; the dial box suggests contacts and dials the one chosen; "Name this number" in recent calls.
 *
 * What a notification shows is read from the calls the extension makes (notifications.create and update are
 * wrapped in the worker, passing everything through): Chrome's getAll() reports notification ids only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { windows1250 } from '../support/encodings.ts';
import { configure, launchExtension, type ExtensionBrowser } from './support/chromium.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../../src/shared/manifest-names.ts';

let sim: Simulator;
let ext: ExtensionBrowser;
let panel: Page;
let slowCrm: Server;
let slowCrmUrl = '';
const SETTINGS = {
  pbxUrl: '',
  token: 'demo-token-alice',
  identityType: 'login',
  identityValue: 'alice',
  defaultCountry: 'CZ',
};

/** A Czech Excel export: Windows-1250, semicolons, numbers written three ways. */
const CSV = windows1250(
  [
    'Jméno;Příjmení;Firma;Mobilní telefon;Telefon do zaměstnání',
    'Marie;Svobodová;Pekárna U Mostu;606 555 444;',
    'Tomáš;Černý;Autoservis Černý;;+420 608-111-222',
    'Bez;Čísla;Nikde;;',
  ].join('\r\n'),
);

interface Shown {
  op: 'create' | 'update';
  id: string;
  title?: string;
  message?: string;
}

/** Wraps notifications.create/update in the current worker so the test sees their text. */
async function watchNotifications(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    if (Reflect.get(globalThis, '__shown')) return;
    const shown: { op: string; id: string; title?: string; message?: string }[] = [];
    Reflect.set(globalThis, '__shown', shown);
    const api = chrome.notifications;
    const create = api.create.bind(api);
    const update = api.update.bind(api);
    type Options = { title?: string; message?: string };
    Reflect.set(api, 'create', (id: string, options: Options & chrome.notifications.NotificationCreateOptions) => {
      shown.push({ op: 'create', id, title: options.title, message: options.message });
      return create(id, options);
    });
    Reflect.set(api, 'update', (id: string, options: Options & chrome.notifications.NotificationOptions) => {
      shown.push({ op: 'update', id, title: options.title, message: options.message });
      return update(id, options);
    });
  });
}

async function shownFor(uniqueId: string): Promise<Shown[]> {
  const worker = await ext.worker();
  const all = await worker.evaluate(() => (Reflect.get(globalThis, '__shown') ?? []) as Shown[]);
  return all.filter((s) => s.id === `ipbx-call:${uniqueId}`);
}

async function settings(extra: Record<string, unknown>): Promise<void> {
  await configure(await ext.worker(), { ...SETTINGS, pbxUrl: sim.wsUrl, ...extra });
}

const callItem = () => panel.getByRole('list').getByRole('listitem');

beforeAll(async () => {
  sim = await startSimulator();
  // A CRM that takes its time: the name comes after the ringing notification is up.
  slowCrm = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': req.headers.origin ?? '*',
        Vary: 'Origin',
      });
      res.end(JSON.stringify({ data: { fullName: 'Late Caller', org: 'Slow CRM Ltd' } }));
    }, 1_500);
  });
  await new Promise<void>((resolve) => slowCrm.listen(0, '127.0.0.1', resolve));
  slowCrmUrl = `http://127.0.0.1:${(slowCrm.address() as AddressInfo).port}/lookup?q={e164}`;
  ext = await launchExtension();
  await settings({});
  await sim.waitForAuthenticated(1, 10_000);
  await watchNotifications(await ext.worker());
  panel = await ext.openPage(`${POPUP_PAGE}?view=window`);
});

afterAll(async () => {
  await ext?.close();
  await sim?.close();
  slowCrm?.close();
});

describe('caller names in Chromium', () => {
  it('a CSV imported through the options page names a ringing call in the panel and its notification', async () => {
    const options = await ext.openPage(OPTIONS_PAGE);
    await options.locator('input[type="file"][accept*=".csv"]').setInputFiles({
      name: 'kontakty.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    const result = options.getByTestId('import-result');
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain('2 contacts imported.');
    expect(await result.innerText()).toContain('Skipped, without a usable phone number: 1 (rows 4).');
    await expect
      .poll(() => options.locator('#file-state').innerText())
      .toContain('Imported contacts: 2 (from kontakty.csv');
    await options.close();

    const uniqueId = sim.ring({ from: '+420606555444', line: '444' });
    await expect.poll(() => callItem().innerText()).toContain('Marie Svobodová');
    expect(await callItem().innerText()).toContain('Pekárna U Mostu');
    expect(await callItem().innerText()).toContain('606 555 444');
    const [first] = await shownFor(uniqueId);
    expect(first).toMatchObject({ op: 'create', title: 'Marie Svobodová' });
    expect(first?.message).toContain('Pekárna U Mostu');
    expect(first?.message).toContain('606 555 444');
    sim.hangup(uniqueId);
    await expect.poll(() => callItem().count()).toBe(0);
  });

  it("the demo CRM lookup names a caller the file does not know (simulator's /crm/lookup)", async () => {
    await settings({ callerLookup: { urlTemplate: `${sim.crmLookupUrl}{e164}` } });
    const uniqueId = sim.ring({ from: '777888999', line: '444' });
    await expect.poll(() => callItem().innerText()).toContain('Jan Novák');
    expect(await callItem().innerText()).toContain('Stavby Novák s.r.o.');
    await expect.poll(async () => (await shownFor(uniqueId)).at(-1)?.title).toBe('Jan Novák');
    sim.hangup(uniqueId);
    await expect.poll(() => callItem().count()).toBe(0);
  });

  it('a name that arrives late changes the ringing notification in place', async () => {
    await settings({
      callerLookup: { urlTemplate: slowCrmUrl, fields: { name: 'data.fullName', company: 'data.org', url: '' } },
    });
    const uniqueId = sim.ring({ from: '+420 603 999 888', line: '444' });
    await expect.poll(async () => (await shownFor(uniqueId)).length).toBeGreaterThan(0);
    const [created] = await shownFor(uniqueId);
    expect(created).toMatchObject({ op: 'create', title: 'Incoming call', message: '603 999 888' });
    await expect.poll(async () => (await shownFor(uniqueId)).length, { timeout: 6_000 }).toBe(2);
    const [, updated] = await shownFor(uniqueId);
    expect(updated).toMatchObject({ op: 'update', title: 'Late Caller' });
    expect(updated?.message).toContain('Slow CRM Ltd');
    // Still the one notification, and the panel has the name too.
    expect(Object.keys(await (await ext.worker()).evaluate(() => chrome.notifications.getAll()))).toEqual([
      `ipbx-call:${uniqueId}`,
    ]);
    await expect.poll(() => callItem().innerText()).toContain('Late Caller');
    sim.hangup(uniqueId);
    await expect.poll(() => callItem().count()).toBe(0);
  });

  it("the iPBX's contact list names a colleague calling from an internal line", async () => {
    await settings({ contacts: { ipbxUrl: `${sim.apiUrl}/contacts` } });
    const options = await ext.openPage(OPTIONS_PAGE);
    await expect
      .poll(() => options.getByTestId('ipbx-state').innerText(), { timeout: 10_000 })
      .toMatch(/^Contacts: \d+, last changed/);
    await options.close();
    const bob = sim.ring({ from: '445', line: '444' });
    await expect.poll(() => callItem().innerText()).toContain('Bob Svoboda');
    sim.hangup(bob);
    await expect.poll(() => callItem().count()).toBe(0);
  });

  it('the dial box suggests contacts as a combobox; arrows and Enter dial the one chosen', async () => {
    const input = panel.getByRole('combobox', { name: 'Number to call' });
    await input.fill('marie sv');
    const listbox = panel.getByRole('listbox');
    await expect.poll(() => listbox.getByRole('option').count()).toBeGreaterThan(0);
    expect(await listbox.getByRole('option').first().innerText()).toContain('Marie Svobodová');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe('dial-suggestions-0');
    await expect.poll(() => panel.locator('#dial-hint').innerText()).toBe('Will dial 606555444 (Marie Svobodová)');
    const from = sim.received.length;
    await input.press('Enter');
    const frame = await sim.waitForFrame(
      (f) => f.data?.action === 'originate' && sim.received.indexOf(f) >= from,
      10_000,
    );
    expect(frame.data?.to).toBe('606555444');
    // The call it placed: named in the panel too, then ended.
    await expect.poll(() => callItem().innerText()).toContain('Marie Svobodová');
    for (const call of sim.calls()) sim.hangup(call.uniqueId);
    await expect.poll(() => callItem().count()).toBe(0);
    await input.fill('zz');
    await input.fill('marie sv');
    await expect.poll(() => listbox.count()).toBe(1);
    await input.press('Escape');
    await expect.poll(() => panel.getByRole('listbox').count()).toBe(0);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await input.fill('');
  });

  it('"Name this number" in recent calls names the number for the next call', async () => {
    await settings({ callerLookup: { urlTemplate: '' } });
    const uniqueId = sim.ring({ from: '+420 739 000 111', line: '444' });
    await expect.poll(() => callItem().count()).toBe(1);
    sim.hangup(uniqueId);
    const recent = panel.getByRole('region', { name: 'Recent calls' });
    await recent.getByRole('button', { name: 'Name this number: 739 000 111' }).first().click();
    const dialog = panel.getByRole('dialog');
    await dialog.getByLabel('Name for 739 000 111').fill('Pan Instalatér');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => recent.getByRole('row').first().innerText()).toContain('Pan Instalatér');
    const again = sim.ring({ from: '739000111', line: '444' });
    await expect.poll(() => callItem().innerText()).toContain('Pan Instalatér');
    sim.hangup(again);
  });
});
