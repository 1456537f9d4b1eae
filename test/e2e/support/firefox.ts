/**
 * Real Firefox ESR (/usr/bin/firefox-esr) with the built extension from dist/firefox.
 *
 * Two channels into the browser (see docs/firefox.md for why):
 * - puppeteer-core over WebDriver BiDi launches Firefox and installs the extension (webExtension.install). BiDi does
 *   not show extension pages at all: Firefox's remote agent skips every browsing context with an add-on principal
 *   (Bug 1755014), so `browser.pages()` never lists a moz-extension:// tab and cannot navigate to one.
 * - Firefox's own remote debugging protocol (RDP, the one about:debugging and web-ext use) does see them: it lists
 *   the extension's tabs, evaluates script in them, and reports the state of the event page (listAddons →
 *   backgroundScriptStatus, the "Background script status" of about:debugging).
 *
 * Fails loudly when the browser or the build is missing: a test that needs a browser never passes without one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { errorMessage } from '../../../src/shared/errors.ts';
import { RdpClient, type RdpEvaluator } from './firefox-rdp.ts';
import { debuggerTargets } from './firefox-targets.ts';
import { extensionTabs, type ExtensionTab } from './firefox-tabs.ts';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The build under test; FIREFOX_DIST points elsewhere, e.g. at a copy for a comparison run. */
export const FIREFOX_DIST = resolve(process.env.FIREFOX_DIST ?? 'dist/firefox');

export function requireFirefox(dist: string = FIREFOX_DIST): void {
  if (!existsSync(FIREFOX)) {
    throw new Error(
      `Firefox not found at ${FIREFOX}: install it with "apt-get install -y firefox-esr" (or set FIREFOX_PATH).`,
    );
  }
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`No build at ${dist}: run "npm run build" first.`);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
    background?: { scripts?: unknown };
  };
  if (!Array.isArray(manifest.background?.scripts)) {
    throw new Error(`${dist} is not a Firefox build (no background.scripts): run "npm run build".`);
  }
}

// ---- the extension in Firefox -------------------------------------------------------------------------------------

/** about:debugging's "Background script status" of an event page. */
export type BackgroundStatus = 'RUNNING' | 'STOPPED' | string;

export interface FirefoxExtension {
  browser: Browser;
  extensionId: string;
  /** moz-extension://<uuid>/ of this install. */
  baseUrl: string;
  /** Finds a tab of the extension whose URL contains `path` (e.g. the options page it opened itself). */
  waitForTab(path: string, timeoutMs?: number): Promise<ExtensionTab>;
  /** Opens `path` of the extension in a new tab: a blank tab, then navigated the way the address bar does. */
  openTab(path: string): Promise<ExtensionTab>;
  /** The event page's state as about:debugging shows it; reading it does not wake or touch the extension. */
  backgroundStatus(): Promise<BackgroundStatus>;
  /** Stops the event page the way the idle timeout does (about:debugging "Terminate background script"). */
  terminateBackground(): Promise<void>;
  /** Drops the debugger connection (it is opened again on the next call that needs it). */
  detachDebugger(): void;
  /**
   * Our content script's own world in the tab that shows `pageUrl` (the debugger's content-script target, as the
   * Firefox debugger lists it with devtools.debugger.show-content-scripts): what a compromised content script could do.
   */
  contentScriptWorld(pageUrl: string, timeoutMs?: number): Promise<RdpEvaluator>;
  /**
   * One of the extension's own documents wherever it is shown (a tab, the sidebar, the popup), found by a part of its
   * URL through the add-on's debugger targets, as about:debugging's "Inspect" lists them.
   */
  extensionDocument(urlPart: string, timeoutMs?: number): Promise<RdpEvaluator>;
  /**
   * The browser's own chrome code (the parent process), e.g. to open the sidebar the way its menu does. Needs the
   * devtools.chrome.enabled pref that the launch sets.
   */
  browserChrome(): Promise<RdpEvaluator>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  dist?: string;
  headless?: boolean;
  /** Extra Firefox prefs, e.g. `{ 'extensions.background.idle.timeout': 5000 }` for experiments. */
  prefs?: Record<string, string | number | boolean>;
  /** Pipes Firefox's stdout/stderr into the test's (with `devtools.console.stdout.content` the extension's console). */
  dumpio?: boolean;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => res(port));
    });
  });
}

interface AddonForm {
  id: string;
  actor: string;
  manifestURL?: string | null;
  backgroundScriptStatus?: string;
}

export async function launchFirefoxExtension(opts: LaunchOptions = {}): Promise<FirefoxExtension> {
  const dist = opts.dist ?? FIREFOX_DIST;
  requireFirefox(dist);
  const profile = await mkdtemp(join(tmpdir(), 'ipbx-firefox-'));
  const rdpPort = await freePort();
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: opts.headless ?? true,
      userDataDir: profile,
      dumpio: opts.dumpio ?? false,
      args: ['--start-debugger-server', String(rdpPort)],
      extraPrefsFirefox: {
        // The debugger server for RDP (Firefox starts it only with both prefs), without the "allow incoming
        // connection?" prompt.
        'devtools.debugger.remote-enabled': true,
        'devtools.chrome.enabled': true,
        'devtools.debugger.prompt-connection': false,
        ...opts.prefs,
      },
    });
  } catch (e) {
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    throw new Error(`Could not launch ${FIREFOX}: ${errorMessage(e)}`);
  }

  let rdp: RdpClient | null = null;
  const client = async (): Promise<RdpClient> => {
    rdp ??= await RdpClient.connect(rdpPort);
    return rdp;
  };
  const detachDebugger = () => {
    rdp?.close();
    rdp = null;
  };
  const close = async () => {
    detachDebugger();
    await browser.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    const extensionId = await browser.installExtension(dist);

    const addon = async (): Promise<AddonForm> => {
      const reply = await (await client()).request('root', 'listAddons');
      const found = (reply.addons as AddonForm[] | undefined)?.find((a) => a.id === extensionId);
      if (!found) throw new Error(`Extension ${extensionId} is not installed`);
      return found;
    };
    const first = await addon();
    if (!first.manifestURL) throw new Error(`Extension ${extensionId} has no moz-extension URL`);
    const baseUrl = first.manifestURL.replace(/manifest\.json$/, '');

    const tabs = extensionTabs(client, browser, baseUrl);
    const targets = debuggerTargets({
      client,
      extensionId,
      addonActor: async () => (await addon()).actor,
      listTabs: tabs.listTabs,
    });

    const backgroundStatus = async (): Promise<BackgroundStatus> => (await addon()).backgroundScriptStatus ?? 'unknown';

    const terminateBackground = async (): Promise<void> => {
      await (await client()).request((await addon()).actor, 'terminateBackgroundScript');
    };

    return {
      browser,
      extensionId,
      baseUrl,
      extensionDocument: targets.extensionDocument,
      browserChrome: targets.browserChrome,
      waitForTab: tabs.waitForTab,
      openTab: tabs.openTab,
      backgroundStatus,
      terminateBackground,
      detachDebugger,
      contentScriptWorld: targets.contentScriptWorld,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The settings the tests use, filled into the real options page like a user: four fields and "Save". */
export async function configureThroughOptionsPage(
  options: ExtensionTab,
  s: { pbxUrl: string; token: string; identityType: string; identityValue: string },
): Promise<void> {
  await options.fill('#pbxUrl', s.pbxUrl);
  await options.fill('#token', s.token);
  await options.select('#identityType', s.identityType);
  await options.fill('#identityValue', s.identityValue);
  await options.clickButton('Save');
}
