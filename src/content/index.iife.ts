/**
 * The content script, one self-contained file per frame (crxjs builds *.iife.ts without a loader). It stays small: it
 * probes the frame for anything to link (probe.ts) and loads the page side of click-to-call (page-side.ts, a module of
 * its own) only where it finds something or a bubble is wanted. It never sees the token.
 */
import { isActiveHere } from './active-here.ts';
import { dropStorageAccess } from './drop-storage.ts';
import { postCalls } from './page-feed.ts';
import type { PageSide } from './page-side.ts';
import { findSomethingToLink, watchForSomethingToLink } from './probe.ts';
import { yieldToPage } from './yield-to-page.ts';
import { PAGE_SIDE_FILE } from './page-side-file.ts';
import type { TabMessage } from '../shared/messages.ts';
import { ext } from '../shared/ext.ts';

// First of all: this world never needs storage, so it gives the API up (see drop-storage.ts).
dropStorageAccess();

const LOADED = Symbol.for('ipbx-connect');

/** The two spellings of the extension API this file names directly (see importPageSide). */
declare const browser: { runtime: { getURL(path: string): string } };
declare const chrome: { runtime: { getURL(path: string): string } };

/**
 * The page side from this session's URL of it (Chrome: use_dynamic_url). Spelled out as `browser.runtime.getURL(…)` or
 * `chrome.runtime.getURL(…)` inside the import: Firefox's add-on linter accepts a dynamic import of exactly that, and
 * warns on any other.
 */
function importPageSide(): Promise<unknown> {
  return __BROWSER__ === 'firefox'
    ? import(/* @vite-ignore */ browser.runtime.getURL(PAGE_SIDE_FILE))
    : import(/* @vite-ignore */ chrome.runtime.getURL(PAGE_SIDE_FILE));
}

function isPageSideModule(mod: unknown): mod is { startPageSide(active?: boolean): PageSide } {
  return typeof mod === 'object' && mod !== null && typeof Reflect.get(mod, 'startPageSide') === 'function';
}

function main(): void {
  const scope = globalThis as unknown as Record<symbol, boolean>;
  if (scope[LOADED]) return;
  scope[LOADED] = true;

  const runtime = ext().runtime;
  let side: Promise<PageSide> | null = null;
  /** `active`: what the background said of this site, if the probe asked already. */
  const loadPageSide = (active?: boolean) => {
    side ??= importPageSide().then((mod) => {
      if (!isPageSideModule(mod)) throw new Error(`${PAGE_SIDE_FILE} does not export startPageSide`);
      return mod.startPageSide(active);
    });
    return side;
  };
  /**
   * Every frame asks once on load, and again when the settings change: the question is also how the background learns
   * of the frame (the page feed joins frames of listed origins by it, background/page-feed.ts).
   */
  let activeHere = isActiveHere();
  /** The probe found something to link: the page side comes only where click-to-call is on. */
  let found = false;
  const loadIfActive = async () => {
    const asked = activeHere;
    // Only the latest answer counts: the settings may have changed while an earlier one was on its way.
    if ((await asked) && asked === activeHere) void loadPageSide(true);
  };

  runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only our background talks to content scripts; messages from tabs (other content scripts) are not ours.
    if (sender.id !== runtime.id || sender.tab) return undefined;
    const m = message as TabMessage;
    switch (m.type) {
      case 'ipbx:config':
        if (side !== null) {
          void side.then((s) => s.configChanged());
        } else {
          activeHere = isActiveHere();
          if (found) void loadIfActive(); // click-to-call may be on here now
        }
        return undefined;
      case 'ipbx:selection': {
        const text = document.getSelection()?.toString().trim() ?? '';
        // Only the frame that holds the selection answers; the others stay silent.
        if (text) sendResponse({ text });
        return undefined;
      }
      case 'ipbx:toast': {
        const selection = document.getSelection();
        if (m.selectionOnly && !selection?.toString().trim()) return undefined;
        // Next to the selected text, where the user is looking.
        const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
        loadPageSide().then(
          (s) => {
            s.toast(m.kind, m.text, range);
            sendResponse(true);
          },
          () => sendResponse(false),
        );
        return true;
      }
      case 'ipbx:calls':
        // The page feed: only frames of origins the user listed get this (background/page-feed.ts).
        postCalls(window, m.origin, m.calls);
        sendResponse(true);
        return undefined;
      default:
        return undefined;
    }
  });

  // A page that asks to be left alone (<html data-ipbx-ignore>) is never read; the scan would skip all of it.
  if (document.documentElement?.hasAttribute('data-ipbx-ignore')) return;
  const onFound = () => {
    if (found) return;
    found = true;
    stopWatching();
    void loadIfActive();
  };
  // Watch first: what the page adds while the walk runs is the watch's to see.
  const stopWatching = watchForSomethingToLink(document, onFound);
  void findSomethingToLink(document, { now: () => performance.now(), yieldToPage }, () => !found).then((hit) => {
    if (hit) onFound();
  });
}

main();
