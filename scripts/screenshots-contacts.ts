/// <reference types="chrome" />
/**
 * `npm run screenshots:contacts [-- outDir]`: caller names as a person sees them, in headless Chromium against the
 * simulator, in English and Czech: the options page's Caller names and CRM lookup sections (after a CSV import, and
 * the column-mapping step), the panel with named calls ("+1 more" included) and the dial box's suggestions. Writes to
 * artifacts/screenshots/ unless told otherwise (run `npm run build` first).
 */
import { mkdir } from 'node:fs/promises';
import { startSimulator } from '../sim/simulator.ts';
import { configure, launchExtension } from '../test/e2e/support/chromium.ts';
import { windows1250 } from '../test/support/encodings.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../src/shared/manifest-names.ts';

const out = process.argv[2] ?? 'artifacts/screenshots';
await mkdir(out, { recursive: true });

const CSV = [
  'Jméno;Příjmení;Firma;Mobilní telefon;Telefon do zaměstnání',
  'Marie;Svobodová;Pekárna U Mostu;606 555 444;',
  'Tomáš;Černý;Autoservis Černý;;+420 608-111-222',
  'Eva;Černá;Autoservis Černý;;+420 608 111 222',
  'Bez;Čísla;Nikde;;',
].join('\r\n');
const UNKNOWN_COLUMNS = ['Kdo;Kde;Tel. č.', 'Petr Malý;Sklad Malý;602 333 444', 'Jana Veselá;Květiny;'].join('\n');

for (const lang of ['en', 'cs'] as const) {
  const sim = await startSimulator();
  const ext = await launchExtension({ lang: lang === 'cs' ? 'cs' : 'en-US' });
  await configure(await ext.worker(), {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
    defaultCountry: 'CZ',
    contacts: { ipbxUrl: `${sim.apiUrl}/contacts` },
    callerLookup: { urlTemplate: `${sim.crmLookupUrl}{e164}` },
  });
  await sim.waitForAuthenticated(1, 10_000);

  const options = await ext.openPage(OPTIONS_PAGE);
  await options.setViewportSize({ width: 900, height: 1100 });
  const fileInput = options.locator('input[type="file"][accept*=".csv"]');
  await fileInput.setInputFiles({ name: 'kontakty.csv', mimeType: 'text/csv', buffer: Buffer.from(windows1250(CSV)) });
  await options.getByTestId('import-result').locator('p').first().waitFor();
  await options.getByTestId('ipbx-state').locator('p').first().waitFor();
  await options.locator('fieldset.contacts').screenshot({ path: `${out}/contacts-section-${lang}.png` });
  await options.locator('fieldset.lookup').screenshot({ path: `${out}/lookup-section-${lang}.png` });
  await fileInput.setInputFiles({ name: 'seznam.csv', mimeType: 'text/csv', buffer: Buffer.from(UNKNOWN_COLUMNS) });
  await options.locator('.mapping').waitFor();
  await options.locator('.mapping').screenshot({ path: `${out}/import-mapping-${lang}.png` });

  const popup = await ext.openPage(POPUP_PAGE);
  await popup.setViewportSize({ width: 360, height: 760 });
  const jan = sim.ring({ from: '777888999', line: '444', queue: 'support' });
  sim.answer(jan);
  sim.ring({ from: '+420608111222', line: '444' });
  await popup.getByRole('listitem').nth(1).waitFor();
  await popup.getByText('Jan Novák').waitFor();
  await new Promise((r) => setTimeout(r, 1_000));
  await popup.screenshot({ path: `${out}/panel-named-calls-${lang}.png`, fullPage: true });

  await popup.getByRole('combobox').fill('cern');
  await popup.getByRole('listbox').waitFor();
  await popup.keyboard.press('ArrowDown');
  await popup.screenshot({ path: `${out}/dial-suggestions-${lang}.png`, fullPage: true });

  await sim.close();
  await ext.close();
  console.log(`caller-name screenshots (${lang}) written to ${out}/`);
}
