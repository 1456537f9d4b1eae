/// <reference types="chrome" />
/**
 * `npm start`: the demo. Builds the extension, starts the iPBX simulator with its demo CRM page, and opens Chromium
 * with the extension loaded in a demo profile (.demo-profile/) that is already pointed at the simulator. The release
 * build has no such defaults: the demo writes the settings into its own profile, as a user would in the options page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startSimulator, type Simulator } from '../sim/simulator.ts';

const port = Number(process.env.SIM_PORT ?? 7878);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dist = resolve('dist/chrome');
const profile = resolve('.demo-profile');

function stamp(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)} sim  ${line}`);
}

/** The simulator on its port; a port in use is a message that says what to do, not a stack trace. */
async function startOnPort(): Promise<Simulator> {
  try {
    return await startSimulator({ port, log: stamp });
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'EADDRINUSE') {
      console.error(
        `\nPort ${port} is already in use (another "npm start" or "npm run sim"?). Stop that, or run the demo on ` +
          `another port: SIM_PORT=${port + 1} npm start`,
      );
      process.exit(1);
    }
    throw e;
  }
}

/** The demo page is Czech: without this, Chromium's translate bubble covers the top of it. */
function turnOffTranslate(profileDir: string): void {
  const file = join(profileDir, 'Default', 'Preferences');
  let prefs: Record<string, unknown> = {};
  try {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) prefs = { ...stored };
  } catch {
    // a new profile, or preferences Chromium could not read either: start from none
  }
  const translate = typeof prefs.translate === 'object' && prefs.translate !== null ? prefs.translate : {};
  prefs.translate = { ...translate, enabled: false };
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(file, JSON.stringify(prefs));
}

const sim = await startOnPort();
execFileSync(process.execPath, ['scripts/build.mjs', 'chrome'], { stdio: 'inherit' });
const demoPage = `${sim.httpUrl}/`;
const ringHelp = [
  'Trigger an inbound call from another terminal:',
  `  npm run sim -- ring 777888999 --queue support${port === 7878 ? '' : ` --port ${port}`}`,
  `  npm run sim -- hangup <uniqueId>      (the ring command prints the uniqueId)`,
  `  npm run sim -- state                  (calls and connections)`,
].join('\n');

let browser: BrowserContext | undefined;
let stopping = false;
/** Ctrl-C, SIGTERM, SIGHUP or a closed window: Chromium is closed first, so its profile is saved as shut down cleanly. */
const shutdown = async (code = 0): Promise<void> => {
  // Once: Ctrl-C reaches npm, tsx and this process, and tsx passes it on, so it arrives here more than once.
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 10_000).unref(); // a browser that does not close in time is not waited for
  await browser?.close().catch(() => undefined);
  await sim.close().catch(() => undefined);
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));

console.log(`\niPBX simulator: ${sim.wsUrl}  (REST ${sim.restUrl}, demo CRM ${demoPage})`);

const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
if (!display) {
  console.log('\nNo display found (DISPLAY is not set), so no browser is opened. The simulator keeps running.');
  console.log(`Load dist/chrome as an unpacked extension in Chrome, set the iPBX URL to ${sim.wsUrl},`);
  console.log('token demo-token-alice, identity login "alice", and open the demo CRM page above.');
  console.log(`Caller names: contact list ${sim.apiUrl}/contacts, CRM lookup ${sim.crmLookupUrl}{e164}.`);
  console.log(`\n${ringHelp}\n\nPress Ctrl-C to stop.`);
} else if (!existsSync(chromiumPath)) {
  console.log(
    `\nChromium not found at ${chromiumPath} (install it with "apt-get install -y chromium" or set CHROMIUM_PATH).`,
  );
  console.log(`The simulator keeps running.\n\n${ringHelp}\n\nPress Ctrl-C to stop.`);
} else {
  turnOffTranslate(profile);
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: false,
    viewport: null,
    // Our shutdown closes the browser; Playwright's own handlers would kill it, and it would offer to restore.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  browser = ctx;
  ctx.on('close', () => void shutdown(0));
  const worker = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
  // The demo profile's settings: the simulator's first user; caller names from the iPBX's contact list and the demo
  // CRM's lookup, so a ring from 777 888 999 shows "Jan Novák" (Stavby Novák s.r.o.); the demo CRM page gets the
  // current calls (page feed).
  await worker.evaluate((settings) => chrome.storage.local.set({ settings }), {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
    defaultCountry: 'CZ',
    contacts: { ipbxUrl: `${sim.apiUrl}/contacts` },
    callerLookup: { urlTemplate: `${sim.crmLookupUrl}{e164}` },
    pageFeed: { origins: [new URL(sim.httpUrl).origin] },
  });
  // A tab of its own: on first install the extension opens its options page, which may take over the first tab.
  const page = await ctx.newPage();
  await page.goto(demoPage);
  await page.bringToFront();
  await sim.waitForAuthenticated(1, 15_000).then(
    () => console.log('\nThe extension is connected as alice (line 444).'),
    () => console.log('\nThe extension has not connected yet; open its popup to see why.'),
  );
  console.log(`\n${ringHelp}\n\nClose the browser or press Ctrl-C to stop.`);
}
