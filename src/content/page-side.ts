/**
 * The page side of click-to-call: links numbers, takes trusted clicks on them and shows feedback. Built as a module of
 * its own (scripts/page-side-plugin.ts) that the content script (index.iife.ts) imports only in frames that show
 * something to link or need a bubble, so the many frames without numbers never compile it. It never sees the token: it
 * asks the background for what it needs and nothing more.
 */
import { installClickHandler, type Refusal } from './clicks.ts';
import { Feedback } from './feedback.ts';
import { Scanner } from './scanner.ts';
import { yieldToPage } from './yield-to-page.ts';
import { t, type MessageKey } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import { isActiveHere } from './active-here.ts';

/** Why a click was refused in the page, in words. */
const REFUSALS: Record<Refusal, MessageKey> = {
  changed: 'ctcChanged',
  hidden: 'ctcHidden',
  moved: 'ctcMoved',
  spoofed: 'ctcSpoofed',
  focus: 'ctcFocusedByPage',
};

/** What the content script asks of the page side once it is loaded. */
export interface PageSide {
  /** The settings changed: forget the answers and link again under the new rules (or stop). */
  configChanged(): void;
  /** A bubble next to `near` (the selection), e.g. the context menu's "Calling …". */
  toast(kind: 'info' | 'ok' | 'error', text: string, near: Range | null): void;
}

/** Before the next frame is drawn; a hidden page draws nothing, so it gets the ordinary slices instead. */
function nextFrame(): Promise<void> {
  if (document.visibilityState === 'hidden') return yieldToPage();
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/**
 * Starts linking this frame's document when the settings say so, and returns what the content script may ask.
 * `active`: the background's answer the content script already has (pageConfig), so it is not asked twice.
 */
export function startPageSide(active?: boolean): PageSide {
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
  let linking = false;

  // Installed with the first mark (ScannerDeps.marked): a page with nothing to link never pays for the listeners.
  const listenForClicks = () => {
    if (!linking) return;
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

  const apply = async (known?: boolean) => {
    linking = known ?? (await isActiveHere());
    if (linking) {
      scanner.start();
    } else {
      scanner.stop();
      stopClicks?.();
      stopClicks = null;
    }
  };

  void apply(active);
  return {
    configChanged: () => {
      scanner.reset();
      void apply();
    },
    toast: (kind, text, near) => bubble().show(kind, text, near),
  };
}
