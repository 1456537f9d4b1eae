/**
 * Caller names in real Firefox ESR with the built extension (dist/firefox), against the simulator: a vCard file
 * imported through the options page (parsed in the page's Web Worker, kept in the extension's IndexedDB, indexed by
 * the event page) names a ringing call in the call panel.
 *
 * Firefox takes no OS-level input into extension pages (see support/firefox-tabs.ts), so the file is handed to the
 * page's file input the way a drop would: a File in a DataTransfer, then the input's `change` event.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { configureThroughOptionsPage, launchFirefoxExtension, type FirefoxExtension } from './support/firefox.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../../src/shared/manifest-names.ts';

const PANEL = `${POPUP_PAGE}?view=window`;
const ACTIVE_CALLS = 'section[aria-labelledby="calls-heading"] li';

/** A phone's export: vCard 3.0, two TEL per card, a folded line. */
const VCARD = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Marie Svobodová',
  'N:Svobodová;Marie;;;',
  'ORG:Pekárna U Mostu',
  'TEL;TYPE=CELL:+420 606 555 444',
  'TEL;TYPE=WORK:+420 222 ',
  ' 111 000',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Tomáš Černý',
  'TEL;TYPE=WORK:608 111 222',
  'END:VCARD',
  '',
].join('\r\n');

let sim: Simulator;
let ext: FirefoxExtension;
/** A CRM that answers after a second: the name comes after the ringing notification is up. */
let slowCrm: Server;

beforeAll(async () => {
  sim = await startSimulator();
  slowCrm = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      });
      res.end(JSON.stringify({ name: 'Late Caller' }));
    }, 1_000);
  });
  await new Promise<void>((resolve) => slowCrm.listen(0, '127.0.0.1', resolve));
  ext = await launchFirefoxExtension();
});

afterAll(async () => {
  await ext?.close();
  await sim?.close();
  slowCrm?.close();
});

describe('caller names in Firefox', () => {
  it('a vCard imported through the options page names a ringing call in the panel', async () => {
    const options = await ext.waitForTab(OPTIONS_PAGE);
    await configureThroughOptionsPage(options, {
      pbxUrl: sim.wsUrl,
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: 'alice',
    });
    await sim.waitForAuthenticated(1, 10_000);

    await options.run((text) => {
      const input = document.querySelector('input[type="file"][accept*=".vcf"]');
      if (!(input instanceof HTMLInputElement)) throw new Error('no contacts file input');
      const files = new DataTransfer();
      files.items.add(new File([text], 'telefon.vcf', { type: 'text/vcard' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, VCARD);
    await expect
      .poll(() => options.texts('[data-testid="import-result"]'), { timeout: 15_000 })
      .toEqual([expect.stringContaining('2 contacts imported.')]);
    await expect
      .poll(() => options.texts('#file-state'), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Imported contacts: 2 (from telefon.vcf')]);

    const panel = await ext.openTab(PANEL);
    const first = sim.ring({ from: '606555444', line: '444' });
    await expect
      .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/^Marie Svobodová\s*Pekárna U Mostu\s*606 555 444/)]);
    sim.hangup(first);
    // The second number of the first card, written in two lines, names the call too.
    const second = sim.ring({ from: '+420222111000', line: '444' });
    await expect
      .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Marie Svobodová')]);
    sim.hangup(second);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 }).toEqual([]);
    await panel.close();
    await options.close();
  });

  it('a name that arrives late raises the ringing notification again with the same id (Firefox has no update)', async () => {
    const crmUrl = `http://127.0.0.1:${(slowCrm.address() as AddressInfo).port}/lookup?q={e164}`;
    const panel = await ext.openTab(PANEL);
    await panel.run(async (url) => {
      const api = (globalThis as unknown as { browser: import('webextension-polyfill').Browser }).browser;
      const { settings } = await api.storage.local.get('settings');
      await api.storage.local.set({
        settings: { ...(settings as object), callerLookup: { urlTemplate: url } },
      });
      // Headless Firefox closes every notification at once and says so: each raise shows up here.
      const g = globalThis as unknown as { closedIds?: string[] };
      const closed: string[] = [];
      g.closedIds = closed;
      api.notifications.onClosed.addListener((id) => void closed.push(id));
    }, crmUrl);
    const uniqueId = sim.ring({ from: '+420 603 999 888', line: '444' });
    await expect
      .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Late Caller')]);
    const closed = () => panel.run(() => (globalThis as unknown as { closedIds: string[] }).closedIds, null);
    await expect.poll(closed, { timeout: 10_000 }).toEqual([`ipbx-call:${uniqueId}`, `ipbx-call:${uniqueId}`]);
    sim.hangup(uniqueId);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 10_000 }).toEqual([]);
    await panel.close();
  });
});
