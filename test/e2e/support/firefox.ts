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
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { errorMessage } from '../../../src/shared/errors.ts';

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

// ---- a small client for Firefox's remote debugging protocol -------------------------------------------------------

/** One RDP packet: `from` names the actor; replies have no `type`, unsolicited events do. */
export interface RdpPacket {
  from?: string;
  type?: string;
  error?: string;
  message?: string;
  [key: string]: unknown;
}

interface Pending {
  resolve: (p: RdpPacket) => void;
  reject: (e: Error) => void;
  what: string;
}

/** Length-prefixed JSON packets (`LENGTH:JSON`) over TCP; each actor answers its requests in order. */
export class RdpClient {
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, Pending[]>();
  private readonly listeners = new Set<(p: RdpPacket) => void>();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.failAll(new Error('The Firefox debugger connection closed')));
    socket.on('error', (e) => this.failAll(e));
  }

  /** Connects (retrying while Firefox starts its debugger server) and reads the root actor's greeting. */
  static async connect(port: number, timeoutMs = 15_000): Promise<RdpClient> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const socket = await new Promise<Socket>((res, rej) => {
          const s = createConnection({ host: '127.0.0.1', port });
          s.once('connect', () => res(s));
          s.once('error', rej);
        });
        const client = new RdpClient(socket);
        await client.nextPacket((p) => p.from === 'root', 5_000);
        return client;
      } catch (e) {
        lastError = e;
        await sleep(200);
      }
    }
    throw new Error(`Could not connect to the Firefox debugger server on port ${port}: ${String(lastError)}`);
  }

  request(to: string, type: string, extra: Record<string, unknown> = {}): Promise<RdpPacket> {
    if (this.closed) return Promise.reject(new Error(`RDP ${type} to ${to}: connection closed`));
    return new Promise((res, rej) => {
      const queue = this.pending.get(to) ?? [];
      queue.push({ resolve: res, reject: rej, what: `${type} to ${to}` });
      this.pending.set(to, queue);
      const text = JSON.stringify({ to, type, ...extra });
      this.socket.write(`${Buffer.byteLength(text)}:${text}`);
    });
  }

  /** Resolves with the first unsolicited packet that matches (events carry a `type`). */
  nextPacket(match: (p: RdpPacket) => boolean, timeoutMs: number): Promise<RdpPacket> {
    const watch = this.watch(match);
    return watch.next(() => true, timeoutMs).finally(() => watch.stop());
  }

  /**
   * Starts collecting the unsolicited packets that match before a request is sent, so that an event which arrives in
   * the same chunk as the reply is not missed.
   */
  watch(match: (p: RdpPacket) => boolean): {
    next(pred: (p: RdpPacket) => boolean, timeoutMs: number): Promise<RdpPacket>;
    stop(): void;
  } {
    const seen: RdpPacket[] = [];
    let wake: (() => void) | null = null;
    const listener = (p: RdpPacket) => {
      if (!match(p)) return;
      seen.push(p);
      wake?.();
    };
    this.listeners.add(listener);
    return {
      next: async (pred, timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = seen.find(pred);
          if (found) return found;
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`No matching Firefox debugger packet within ${timeoutMs} ms`);
          await new Promise<void>((res) => {
            const timer = setTimeout(res, left);
            wake = () => {
              clearTimeout(timer);
              res();
            };
          });
          wake = null;
        }
      },
      stop: () => {
        this.listeners.delete(listener);
      },
    };
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length)) {
        this.failAll(new Error('Malformed packet from the Firefox debugger server'));
        this.socket.destroy();
        return;
      }
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as RdpPacket;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: RdpPacket): void {
    const from = packet.from ?? '';
    const queue = this.pending.get(from);
    // A reply: no `type` (events have one), or an error for the oldest request to that actor.
    if (queue && queue.length > 0 && (packet.type === undefined || packet.error !== undefined)) {
      const next = queue.shift();
      if (queue.length === 0) this.pending.delete(from);
      if (packet.error !== undefined)
        next?.reject(new Error(`RDP ${next.what}: ${packet.error}${packet.message ? `: ${packet.message}` : ''}`));
      else next?.resolve(packet);
      return;
    }
    for (const listener of [...this.listeners]) listener(packet);
  }

  private failAll(e: Error): void {
    this.closed = true;
    for (const queue of this.pending.values())
      for (const p of queue) p.reject(new Error(`RDP ${p.what}: ${e.message}`));
    this.pending.clear();
  }
}

/** Evaluates script in one document (an extension tab, or the event page) through its console actor. */
export class RdpEvaluator {
  constructor(
    private readonly rdp: RdpClient,
    private readonly consoleActor: string,
  ) {}

  /**
   * Runs `fn(arg)` in the document and returns its (awaited) result. `fn` must be self-contained: it is sent as
   * source text; its result travels as JSON.
   */
  async run<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const text = `(async () => { const v = await (${fn.toString()})(${JSON.stringify(arg) ?? 'undefined'}); return JSON.stringify(v === undefined ? null : v); })()`;
    const results = this.rdp.watch((p) => p.type === 'evaluationResult' && p.from === this.consoleActor);
    let done: RdpPacket;
    try {
      const started = await this.rdp.request(this.consoleActor, 'evaluateJSAsync', { text, mapped: { await: true } });
      const resultID = started.resultID;
      if (typeof resultID !== 'string') throw new Error(`evaluateJSAsync gave no resultID: ${JSON.stringify(started)}`);
      done = await results.next((p) => p.resultID === resultID, 30_000);
    } finally {
      results.stop();
    }
    if (done.hasException === true || done.exception !== undefined) {
      throw new Error(
        `Evaluation in the extension failed: ${String(done.exceptionMessage ?? JSON.stringify(done.exception))}`,
      );
    }
    const json = await this.text(done.result);
    return JSON.parse(json) as R;
  }

  private async text(result: unknown): Promise<string> {
    if (typeof result === 'string') return result;
    // A long string comes as a grip; fetch its text.
    if (typeof result === 'object' && result !== null && (result as { type?: unknown }).type === 'longString') {
      const grip = result as { actor: string; length: number };
      const reply = await this.rdp.request(grip.actor, 'substring', { start: 0, end: grip.length });
      if (typeof reply.substring === 'string') return reply.substring;
    }
    throw new Error(`Unexpected evaluation result: ${JSON.stringify(result)}`);
  }
}

// ---- the extension in Firefox -------------------------------------------------------------------------------------

/** about:debugging's "Background script status" of an event page. */
export type BackgroundStatus = 'RUNNING' | 'STOPPED' | string;

export interface ExtensionTab {
  /** The tab's URL when it was found. */
  url: string;
  /** Runs a self-contained function in the page (see RdpEvaluator.run). */
  run<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Sets an input's value the way the page sees typing: focus, new value, `input` and `change` events (dispatched by
   *  script in the page, so `isTrusted` is false; there is no OS-level input into extension pages, see docs/firefox.md). */
  fill(selector: string, value: string): Promise<void>;
  /** Picks an option of a <select>: value, then `input` and `change` events. */
  select(selector: string, value: string): Promise<void>;
  /** Clicks the button whose text is `text` (its activation behaviour: submits its form). */
  clickButton(text: string): Promise<void>;
  /** Text of every element with role="status", in document order. */
  statusTexts(): Promise<string[]>;
  /** Text of every element that matches `selector`, in document order, white space collapsed. */
  texts(selector: string): Promise<string[]>;
  /** Closes the tab (tabs.remove from the page itself: needs no permission). */
  close(): Promise<void>;
}

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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
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

interface TabForm {
  actor: string;
  url: string;
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

    const listTabs = async (): Promise<TabForm[]> =>
      ((await (await client()).request('root', 'listTabs')).tabs as TabForm[] | undefined) ?? [];

    const tabFor = async (form: TabForm): Promise<ExtensionTab> => {
      const rdpc = await client();
      const target = await rdpc.request(form.actor, 'getTarget');
      const frame = target.frame as { consoleActor?: string } | undefined;
      if (!frame?.consoleActor) throw new Error(`No console for tab ${form.url}`);
      const page = new RdpEvaluator(rdpc, frame.consoleActor);
      const texts = (selector: string) =>
        page.run(
          (selector) =>
            [...document.querySelectorAll(selector)].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
          selector,
        );
      return {
        url: form.url,
        run: (fn, arg) => page.run(fn, arg),
        fill: (selector, value) =>
          page.run(
            ({ selector, value }) => {
              const el = document.querySelector(selector);
              if (!(el instanceof HTMLInputElement)) throw new Error(`no input ${selector}`);
              el.focus();
              el.value = value;
              el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
              el.dispatchEvent(new Event('change', { bubbles: true }));
            },
            { selector, value },
          ),
        select: (selector, value) =>
          page.run(
            ({ selector, value }) => {
              const el = document.querySelector(selector);
              if (!(el instanceof HTMLSelectElement)) throw new Error(`no select ${selector}`);
              if (![...el.options].some((o) => o.value === value))
                throw new Error(`${selector} has no option ${value}`);
              el.focus();
              el.value = value;
              el.dispatchEvent(new Event('input', { bubbles: true }));
              el.dispatchEvent(new Event('change', { bubbles: true }));
            },
            { selector, value },
          ),
        clickButton: (text) =>
          page.run((text) => {
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
            if (!button) throw new Error(`no button "${text}"`);
            button.click();
          }, text),
        statusTexts: () => texts('[role="status"]'),
        texts: (selector) => texts(selector),
        close: async () => {
          // Closing the window's last tab would close the window and quit Firefox: keep a blank tab.
          const tabs = await listTabs();
          if (tabs.length <= 1) await browser.newPage();
          void page
            .run(async () => {
              const api = (globalThis as unknown as { browser: import('webextension-polyfill').Browser }).browser;
              const tab = await api.tabs.getCurrent();
              if (tab?.id !== undefined) await api.tabs.remove(tab.id);
            }, null)
            .catch(() => undefined); // the page goes away before it can answer
          const deadline = Date.now() + 10_000;
          while ((await listTabs()).some((t) => t.actor === form.actor)) {
            if (Date.now() > deadline) throw new Error(`Tab ${form.url} did not close`);
            await sleep(100);
          }
        },
      };
    };

    /** Polls the debugger's tab list until a tab matches and its page has rendered (its <main> is no longer "loading"). */
    const waitForTabWhere = async (
      match: (t: TabForm) => boolean,
      what: string,
      timeoutMs: number,
    ): Promise<ExtensionTab> => {
      const deadline = Date.now() + timeoutMs;
      let lastError: unknown = null;
      for (;;) {
        const form = (await listTabs()).find(match);
        if (form) {
          try {
            const tab = await tabFor(form);
            const ready = await tab.run(
              () => document.readyState === 'complete' && document.querySelector('main:not(.loading)') !== null,
              null,
            );
            if (ready) return tab;
          } catch (e) {
            lastError = e; // a page still navigating has no console yet
          }
        }
        if (Date.now() > deadline) {
          throw new Error(
            `No rendered tab with ${what} within ${timeoutMs} ms${lastError ? ` (${String(lastError)})` : ''}`,
          );
        }
        await sleep(250);
      }
    };

    const waitForTab = (path: string, timeoutMs = 15_000): Promise<ExtensionTab> =>
      waitForTabWhere(
        (t) => t.url.startsWith(baseUrl) && t.url.includes(path),
        `"${path}" of the extension`,
        timeoutMs,
      );

    const openTab = async (path: string): Promise<ExtensionTab> => {
      const rdpc = await client();
      const before = new Set((await listTabs()).map((t) => t.actor));
      // A blank tab from BiDi (which loses sight of it once it shows an extension page) ...
      await browser.newPage();
      let blank: TabForm | undefined;
      for (let i = 0; i < 40 && !blank; i++) {
        blank = (await listTabs()).find((t) => !before.has(t.actor) && t.url === 'about:blank');
        if (!blank) await sleep(100);
      }
      if (!blank) throw new Error('The new tab did not show up in the debugger');
      // ... navigated by the debugger, with the browser's own privileges (as typing the URL would).
      const target = await rdpc.request(blank.actor, 'getTarget');
      const frameActor = (target.frame as { actor?: string } | undefined)?.actor;
      if (!frameActor) throw new Error('No target for the new tab');
      const url = `${baseUrl}${path}`;
      await rdpc.request(frameActor, 'navigateTo', { url });
      const actor = blank.actor;
      return waitForTabWhere((t) => t.actor === actor && t.url === url, url, 15_000);
    };

    const backgroundStatus = async (): Promise<BackgroundStatus> => (await addon()).backgroundScriptStatus ?? 'unknown';

    const terminateBackground = async (): Promise<void> => {
      await (await client()).request((await addon()).actor, 'terminateBackgroundScript');
    };

    const contentScriptWorld = async (pageUrl: string, timeoutMs = 10_000): Promise<RdpEvaluator> => {
      const rdpc = await client();
      const tab = (await listTabs()).find((t) => t.url === pageUrl);
      if (!tab) throw new Error(`No tab shows ${pageUrl}`);
      const watcher = (await rdpc.request(tab.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true })).actor;
      if (typeof watcher !== 'string') throw new Error(`No watcher for ${pageUrl}`);
      const targets = rdpc.watch((p) => p.from === watcher && p.type === 'target-available-form');
      try {
        await rdpc.request(watcher, 'watchTargets', { targetType: 'content_script' });
        const found = await targets.next(
          (p) => (p.target as { addonId?: string } | undefined)?.addonId === extensionId,
          timeoutMs,
        );
        const consoleActor = (found.target as { consoleActor?: unknown }).consoleActor;
        if (typeof consoleActor !== 'string') throw new Error('The content script target has no console');
        return new RdpEvaluator(rdpc, consoleActor);
      } finally {
        targets.stop();
      }
    };

    const extensionDocument = async (urlPart: string, timeoutMs = 10_000): Promise<RdpEvaluator> => {
      const rdpc = await client();
      const watcher = (
        await rdpc.request((await addon()).actor, 'getWatcher', { isServerTargetSwitchingEnabled: true })
      ).actor;
      if (typeof watcher !== 'string') throw new Error('No watcher for the extension');
      const targets = rdpc.watch((p) => p.from === watcher && p.type === 'target-available-form');
      try {
        await rdpc.request(watcher, 'watchTargets', { targetType: 'frame' });
        const found = await targets.next(
          (p) => String((p.target as { url?: unknown } | undefined)?.url ?? '').includes(urlPart),
          timeoutMs,
        );
        const consoleActor = (found.target as { consoleActor?: unknown }).consoleActor;
        if (typeof consoleActor !== 'string') throw new Error(`The document ${urlPart} has no console`);
        return new RdpEvaluator(rdpc, consoleActor);
      } finally {
        targets.stop();
      }
    };

    const browserChrome = async (): Promise<RdpEvaluator> => {
      const rdpc = await client();
      const descriptor = (await rdpc.request('root', 'getProcess', { id: 0 })).processDescriptor as
        | { actor?: string }
        | undefined;
      if (!descriptor?.actor) throw new Error('No parent process in the Firefox debugger');
      const target = (await rdpc.request(descriptor.actor, 'getTarget')).process as
        | { consoleActor?: string }
        | undefined;
      if (!target?.consoleActor) throw new Error('The parent process has no console');
      return new RdpEvaluator(rdpc, target.consoleActor);
    };

    return {
      browser,
      extensionId,
      baseUrl,
      extensionDocument,
      browserChrome,
      waitForTab,
      openTab,
      backgroundStatus,
      terminateBackground,
      detachDebugger,
      contentScriptWorld,
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
