/// <reference types="chrome" />
/**
 * `npm run screenshots`: what a person sees, in headless Chromium against the simulator. Writes docs/screenshots/:
 * the popup with two active calls, with a long list, disconnected, and the options page with its e-mail sign-in and
 * its connection log; the call window (wide: calls, queues and recent calls side by side), the side panel, and the
 * missed calls in the popup (English and Czech).
 */
import { mkdir } from 'node:fs/promises';
import { startSimulator } from '../sim/simulator.ts';
import { launchExtension, signInAlice } from '../test/e2e/support/chromium.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../src/shared/manifest-names.ts';

const out = 'docs/screenshots';
await mkdir(out, { recursive: true });

for (const lang of ['en', 'cs'] as const) {
  const sim = await startSimulator({ modes: { answerDelayMs: 300 } });
  const ext = await launchExtension({ lang: lang === 'cs' ? 'cs' : 'en-US' });
  const worker = await ext.worker();
  await signInAlice(worker, sim);
  await worker.evaluate(() =>
    chrome.storage.local.set({
      recentCalls: [
        {
          uniqueId: 'r1',
          direction: 'incoming',
          number: '+420602123456',
          startedAt: Date.now() - 3_600_000,
          endedAt: Date.now() - 3_400_000,
          answered: true,
          durationMs: 185_000,
        },
        {
          uniqueId: 'r2',
          direction: 'incoming',
          number: '+44 20 7946 0958',
          startedAt: Date.now() - 7_200_000,
          endedAt: Date.now() - 7_190_000,
          answered: false,
          durationMs: 0,
          missed: true,
          reason: 'No user response',
        },
        {
          uniqueId: 'r4',
          direction: 'incoming',
          number: '+420731456789',
          startedAt: Date.now() - 8_000_000,
          endedAt: Date.now() - 7_990_000,
          answered: false,
          durationMs: 0,
          missed: false,
          reason: 'Answered elsewhere',
        },
        {
          uniqueId: 'r3',
          direction: 'outgoingLocal',
          number: '445',
          startedAt: Date.now() - 9_000_000,
          endedAt: Date.now() - 8_900_000,
          answered: true,
          durationMs: 62_000,
        },
      ],
    }),
  );
  const first = sim.ring({ from: '+420777888999', line: '444', queue: 'support' });
  sim.answer(first);
  sim.ring({ from: '+44 20 7946 0958', line: '444' });

  const popup = await ext.openPage(POPUP_PAGE);
  await popup.setViewportSize({ width: 360, height: 760 });
  await popup.getByRole('listitem').nth(1).waitFor();
  await new Promise((r) => setTimeout(r, 1_200)); // let the timers tick once
  await popup.screenshot({ path: `${out}/popup-calls-${lang}.png`, fullPage: true });

  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: `${out}/popup-calls-dark-${lang}.png`, fullPage: true });
  await popup.emulateMedia({ colorScheme: 'light' });

  // Queue states from the Agent events: paused in one queue, logged in to another.
  sim.agent('pause', {
    queue: lang === 'cs' ? 'Podpora' : 'Support',
    user: 'alice',
    reason: lang === 'cs' ? 'Oběd' : 'Lunch',
  });
  sim.agent('login', { queue: lang === 'cs' ? 'Prodej' : 'Sales', user: 'alice' });
  await popup.locator('.queue').nth(1).waitFor();

  // The call window, wide: calls, queues and recent calls side by side.
  const window = await ext.openPage(`${POPUP_PAGE}?view=window`);
  await window.setViewportSize({ width: 980, height: 560 });
  await window.getByRole('listitem').nth(1).waitFor();
  await window.locator('.queue').nth(1).waitFor();
  await new Promise((r) => setTimeout(r, 1_200));
  await window.screenshot({ path: `${out}/panel-window-${lang}.png` });
  await window.close();

  // The side panel: the same panel, as narrow as a side panel usually is, as tall as the browser.
  const side = await ext.openPage(`${POPUP_PAGE}?view=side`);
  await side.setViewportSize({ width: 400, height: 900 });
  await side.getByRole('listitem').nth(1).waitFor();
  await side.locator('.queue').nth(1).waitFor();
  await side.screenshot({ path: `${out}/panel-side-${lang}.png` });
  await side.close();

  // A missed call: the popup's recent calls, filtered to the missed ones (a popup of its own, opened after the call).
  const missed = sim.ring({ from: '+420603111222', line: '444' });
  await popup.getByRole('listitem').nth(2).waitFor();
  sim.miss(missed);
  await popup.getByRole('listitem').nth(2).waitFor({ state: 'detached' });
  const missedPopup = await ext.openPage(POPUP_PAGE);
  await missedPopup.setViewportSize({ width: 360, height: 760 });
  await missedPopup.getByRole('listitem').nth(1).waitFor();
  await missedPopup.locator('input[name="recent-filter"][value="missed"]').check();
  await missedPopup.locator('.recent-list tr').nth(1).waitFor();
  await missedPopup.screenshot({ path: `${out}/popup-missed-${lang}.png`, fullPage: true });
  await missedPopup.close();

  // A long list: the newest 20 calls and the button for the rest.
  for (let i = 0; i < 23; i++) sim.ring({ from: `+42060212${String(3400 + i)}`, line: '444' });
  const more = popup.locator('.more-calls');
  await more.waitFor();
  await more.scrollIntoViewIfNeeded();
  await popup.screenshot({ path: `${out}/popup-many-calls-${lang}.png` });

  const options = await ext.openPage(OPTIONS_PAGE);
  await options.setViewportSize({ width: 900, height: 1100 });
  await options.locator('#pbxUrl').waitFor();
  await options.screenshot({ path: `${out}/options-${lang}.png`, fullPage: true });

  // The e-mail sign-in with the platform's OAuth token endpoint filled in, and the connection log, open.
  await options.locator('input[name="auth"]').nth(1).check();
  await options.locator('#oauthTokenUrl').fill(sim.oauthTokenUrl);
  await options.locator('#restEmail').fill('alice@example.com');
  await options
    .locator('fieldset')
    .first()
    .screenshot({ path: `${out}/options-sign-in-${lang}.png` });
  await options.locator('.connection-log > button').click();
  await options.locator('.connection-log table').waitFor();
  await options.locator('.connection-log').screenshot({ path: `${out}/options-connection-log-${lang}.png` });

  await sim.close();
  await popup.reload();
  await popup
    .getByText(lang === 'cs' ? 'Odpojeno' : 'Disconnected')
    .first()
    .waitFor({ timeout: 15_000 });
  await popup.screenshot({ path: `${out}/popup-disconnected-${lang}.png`, fullPage: true });
  await ext.close();
  console.log(`screenshots (${lang}) written to ${out}/`);
}
