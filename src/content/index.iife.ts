/**
 * The content script, one self-contained file per frame (crxjs builds *.iife.ts without a loader, so the extension
 * exposes no web-accessible resources a page could probe). It links numbers, takes trusted clicks on them and shows
 * feedback. It never sees the token: it asks the background for what it needs and nothing more.
 */
import { dropStorageAccess } from './drop-storage.ts';
import { installClickHandler, type Refusal } from './clicks.ts';
import { Feedback } from './feedback.ts';
import { postCalls } from './page-feed.ts';
import { Scanner } from './scanner.ts';
import { t, type MessageKey } from '../shared/i18n.ts';
import { request, type TabMessage } from '../shared/messages.ts';
import { ext } from '../shared/ext.ts';

// First of all: this world never needs storage, so it gives the API up (see drop-storage.ts).
dropStorageAccess();

const LOADED = Symbol.for('ipbx-connect');

/** Why a click was refused in the page, in words. */
const REFUSALS: Record<Refusal, MessageKey> = {
  changed: 'ctcChanged',
  hidden: 'ctcHidden',
  moved: 'ctcMoved',
  spoofed: 'ctcSpoofed',
  focus: 'ctcFocusedByPage',
};

function yieldToPage(): Promise<void> {
  // A message to ourselves runs after pending input and rendering, and is not throttled like setTimeout(0).
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Before the next frame is drawn; a hidden page draws nothing, so it gets the ordinary slices instead. */
function nextFrame(): Promise<void> {
  if (document.visibilityState === 'hidden') return yieldToPage();
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function main(): void {
  const scope = globalThis as unknown as Record<symbol, boolean>;
  if (scope[LOADED]) return;
  scope[LOADED] = true;

  // Extension text only when it is first needed: Chrome fetches a content script's messages from the browser process
  // on the first i18n call (5–50 ms measured), a cost a page with nothing to link should never pay.
  let feedback: Feedback | null = null;
  const bubble = () => (feedback ??= new Feedback(document, t('ctcClose')));
  // One extension-API call for the label text, not one per mark.
  let label: string[] | null = null;
  const callLabel = (number: string) => {
    label ??= t('ctcCallLabel', '\u0001').split('\u0001');
    return (label[0] ?? '') + number + (label[1] ?? '');
  };
  const scanner = new Scanner(document, {
    classify: async (texts, links) => {
      const reply = await request('classifyNumbers', { texts, lang: document.documentElement.lang || '', links });
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value;
    },
    callLabel,
    marked: () => listenForClicks(),
    now: () => performance.now(),
    yieldToPage,
    nextFrame,
  });
  let stopClicks: (() => void) | null = null;
  let active = false;

  // Installed with the first mark (ScannerDeps.marked): a page with nothing to link never pays for the listeners.
  const listenForClicks = () => {
    if (!active) return;
    stopClicks ??= installClickHandler(document, {
      call: async (call) => {
        const r = await request('pageCall', call);
        return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.error.message };
      },
      show: (kind, message, near, keepClear) => bubble().show(kind, message, near, keepClear),
      hide: () => feedback?.hide(),
      text: {
        calling: (label) => t('ctcCalling', label),
        ringing: (label) => t('ctcRinging', label),
        confirm: (label, where) => t(where === 'window' ? 'ctcConfirmWindow' : 'ctcConfirmNotification', label),
        refused: (why) => t(REFUSALS[why]),
      },
    });
  };

  const apply = async () => {
    const reply = await request('pageConfig', null);
    active = reply.ok && reply.value.active;
    if (active) {
      scanner.start();
    } else {
      scanner.stop();
      stopClicks?.();
      stopClicks = null;
    }
  };

  const runtime = ext().runtime;
  runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only our background talks to content scripts; messages from tabs (other content scripts) are not ours.
    if (sender.id !== runtime.id || sender.tab) return undefined;
    const m = message as TabMessage;
    switch (m.type) {
      case 'ipbx:config':
        scanner.reset();
        void apply();
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
        bubble().show(m.kind, m.text, range);
        sendResponse(true);
        return undefined;
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

  void apply();
}

main();
