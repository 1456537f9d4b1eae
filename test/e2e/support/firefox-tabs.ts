/**
 * The extension's pages in Firefox tabs, found, opened and driven through the remote debugging protocol (BiDi does
 * not show moz-extension:// tabs, see firefox.ts): script in the page, filled fields, clicked buttons, texts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';
import { RdpEvaluator, type RdpClient } from './firefox-rdp.ts';

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

/** A tab as the debugger's listTabs gives it. */
export interface TabForm {
  actor: string;
  url: string;
}

export interface ExtensionTabs {
  /** Every tab the debugger sees (extension pages included). */
  listTabs(): Promise<TabForm[]>;
  /** Finds a tab of the extension whose URL contains `path` (e.g. the options page it opened itself). */
  waitForTab(path: string, timeoutMs?: number): Promise<ExtensionTab>;
  /** Opens `path` of the extension in a new tab: a blank tab, then navigated the way the address bar does. */
  openTab(path: string): Promise<ExtensionTab>;
}

/**
 * The tabs of the extension at `baseUrl`; `client` gives the debugger connection (opened again after a
 * detachDebugger), `browser` opens blank tabs.
 */
export function extensionTabs(client: () => Promise<RdpClient>, browser: Browser, baseUrl: string): ExtensionTabs {
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
            if (![...el.options].some((o) => o.value === value)) throw new Error(`${selector} has no option ${value}`);
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
    waitForTabWhere((t) => t.url.startsWith(baseUrl) && t.url.includes(path), `"${path}" of the extension`, timeoutMs);

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

  return { listTabs, waitForTab, openTab };
}
