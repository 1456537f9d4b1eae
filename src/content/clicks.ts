/**
 * Placing a call from a page. Only a trusted user gesture counts: a real click, or Enter on a mark the user reached
 * with Tab or the pointer. element.click(), dispatched events and postMessage are all untrusted, and there is no bridge
 * from the page at all. What the user saw is checked where it is drawn (sight.ts, visibility.ts, gestures.ts): a click
 * must land on the mark's own digits, with the mark on top, pressed there and not moved since; a mark whose digits are
 * hidden or drawn as others is refused here. The rest is the background's (call guard): it plans the call again, asks
 * first in our own UI when the number is risky or what the user saw is in doubt, and announces every call.
 */
import type { Doubt, PageCallOutcome, Seen } from '../shared/call-guard.ts';
import type { FeedbackKind } from './feedback.ts';
import { Gestures, type MarkHit } from './gestures.ts';
import { isPageLink, markInfo, NUMBER_ATTR, type MarkInfo } from './marks.ts';
import {
  anchorRect,
  contentRects,
  frameFinding,
  hitByEvent,
  linkShows,
  onRects,
  onTopAt,
  sameRect,
  styleFinding,
  visibleCentre,
} from './sight.ts';
import { VisibilityWatch } from './visibility.ts';

/** What the content script tells the background about one call (the pageCall message). */
export interface PageCallRequest {
  text: string;
  dial: string;
  link: boolean;
  lang: string;
  shown: string;
  seen: Seen;
  doubt?: Doubt;
}

export type Refusal = 'changed' | 'hidden' | 'moved' | 'spoofed' | 'focus';

export interface ClickDeps {
  call(request: PageCallRequest): Promise<{ ok: true; value: PageCallOutcome } | { ok: false; message: string }>;
  /** A message about the call on `near`, clear of `keepClear`: the other marks the user is on now. */
  show(kind: FeedbackKind, message: string, near: Element, keepClear: readonly Element[]): void;
  /** Takes our bubble away: it must not cover the mark the user reaches next. */
  hide(): void;
  /** Functions, not strings: the extension's text is fetched on first use (see page-side.ts), after a click. */
  text: {
    calling(label: string): string;
    ringing(label: string): string;
    confirm(label: string, where: 'notification' | 'window'): string;
    refused(why: Refusal): string;
  };
}

/**
 * How long a click waits for the browser's first verdict on a mark it has only just reached (visibility.ts). The wait
 * ends with the verdict, usually 100-200 ms after the mark was reached; a busy machine can take longer, and no verdict
 * makes an ordinary call ask, so the wait is generous.
 */
const VERDICT_WAIT_MS = 1_000;

/**
 * How far the pointer may move between press and release for a click on a mark to be a click. Further, it was a drag:
 * the user selecting the number to copy it (a mark selects as a whole, marks.css), which must not place a call.
 */
const DRAG_PX = 4;

/** Our mark on the event's path (also inside open shadow roots), or null. */
function markOnPath(e: Event): MarkHit | null {
  for (const target of e.composedPath()) {
    const node = target as Node;
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const info = markInfo(node as Element);
    if (info) return { el: node as Element, info };
  }
  return null;
}

type Gesture = { kind: 'pointer'; x: number; y: number; event: Event } | { kind: 'keyboard'; needsFocus: boolean };

export function installClickHandler(doc: Document, deps: ClickDeps): () => void {
  const win = (doc.defaultView ?? window) as Window & typeof globalThis;
  const visibility = new VisibilityWatch(win);
  const gestures = new Gestures(markOnPath, visibility, (el) => {
    deps.hide();
    warm(el);
  });
  const inProgress = new WeakSet<Element>();

  /** Refused in the page, or what the background should know about what the user saw. */
  const judge = (el: Element, info: MarkInfo, g: Gesture): Refusal | { doubt?: Doubt } => {
    // The dialled number is the one the user saw, or nothing: a page that rewrote the mark gets no call.
    const rewritten =
      el.getAttribute(NUMBER_ATTR) !== info.dial ||
      (isPageLink(info) ? el.getAttribute('href') !== info.href : el.textContent !== info.text);
    if (rewritten) return 'changed';
    const rects = contentRects(el, info);
    let doubt: Doubt | undefined;
    if (g.kind === 'pointer') {
      const press = gestures.pressOn(el);
      if (!press || !sameRect(press.rect, anchorRect(rects))) return 'moved';
      if (!press.onDigits || !onRects(rects, g.x, g.y) || !hitByEvent(el, g.event)) return 'hidden';
      if (!press.stable) doubt = 'moved';
    } else {
      if (g.needsFocus && !gestures.focusedByUser(el)) return 'focus';
      const centre = visibleCentre(el, rects);
      if (!centre || !onTopAt(el, centre.x, centre.y)) return 'hidden';
    }
    const found = styleFinding(el, info);
    if (found && 'refuse' in found) return found.refuse;
    doubt ??= found?.doubt;
    if (!visibility.supported && win !== win.parent) {
      const frame = frameFinding(win);
      if (frame && 'refuse' in frame) return frame.refuse;
      doubt ??= frame?.doubt;
    }
    return doubt ? { doubt } : {};
  };

  /**
   * The first mark the user reaches has the checks run on it once, a task later, their answer unused: the code a click
   * runs is compiled then, while the pointer rests, not between the release and the call (a page's first click took
   * 1.5–3 ms, the later ones 0.5–1 ms). They only read the page, and a click still runs them all again.
   */
  let warmed = false;
  const warm = (el: Element) => {
    if (warmed) return;
    warmed = true;
    win.setTimeout(() => {
      const info = markInfo(el);
      if (info && el.isConnected) judge(el, info, { kind: 'keyboard', needsFocus: false });
    }, 0);
  };

  const place = async (el: Element, info: MarkInfo, g: Gesture) => {
    deps.hide();
    // Said when the answer comes, by which time the user may be on the next number: the bubble keeps clear of it.
    const say = (kind: FeedbackKind, message: string) =>
      deps.show(
        kind,
        message,
        el,
        gestures.reached().filter((m) => m !== el),
      );
    // The page's own pending style and layout (the press moved the focus: in a big table that restyles its rows) come
    // first, so the benchmark can tell them from the checks' own cost (measureClick).
    const flushStart = performance.now();
    el.getBoundingClientRect();
    const flushEnd = performance.now();
    const verdict = judge(el, info, g);
    if (typeof verdict === 'string') {
      say('error', deps.text.refused(verdict));
      return;
    }
    if (inProgress.has(el)) return;
    inProgress.add(el);
    try {
      let doubt = verdict.doubt;
      let seen: Seen = 'unverified';
      if (visibility.supported) {
        const visible = await visibility.verdict(el, VERDICT_WAIT_MS);
        if (visible) seen = 'visible';
        else doubt ??= visible === false ? 'notVisible' : 'noVerdict';
      }
      const request: PageCallRequest = {
        text: info.source,
        dial: info.dial,
        link: isPageLink(info),
        lang: doc.documentElement.lang || '',
        shown: isPageLink(info) ? linkShows(el) : info.text.trim(),
        seen: doubt ? 'doubt' : seen,
        ...(doubt ? { doubt } : {}),
      };
      if (g.kind === 'pointer') measureClick(gestures.releasedAt, flushStart, flushEnd);
      const reply = deps.call(request);
      say('info', deps.text.calling(info.label));
      const result = await reply;
      if (!result.ok) say('error', result.message);
      else if (result.value.outcome === 'asking')
        say('info', deps.text.confirm(result.value.label, result.value.where ?? 'notification'));
      else say('ok', deps.text.ringing(result.value.label));
    } finally {
      inProgress.delete(el);
    }
  };

  let pressedAt: { x: number; y: number } | null = null;
  const onPress = (e: PointerEvent) => {
    if (e.isTrusted && e.button === 0) pressedAt = { x: e.clientX, y: e.clientY };
  };

  const onClick = (e: MouseEvent) => {
    if (!e.isTrusted || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    const hit = markOnPath(e);
    if (!hit) return;
    // detail 0: a click from the keyboard (Enter on a call link) or from assistive technology, which has no press.
    const press = e.detail > 0 ? pressedAt : null;
    if (press && Math.hypot(e.clientX - press.x, e.clientY - press.y) > DRAG_PX) return;
    e.preventDefault();
    e.stopPropagation();
    // A mark selects as a whole on a press (marks.css): after a call the page should not be left with it selected.
    const selection = doc.getSelection();
    if (
      selection &&
      !selection.isCollapsed &&
      hit.el.contains(selection.anchorNode) &&
      hit.el.contains(selection.focusNode)
    )
      selection.removeAllRanges();
    const g: Gesture =
      e.detail > 0
        ? { kind: 'pointer', x: e.clientX, y: e.clientY, event: e }
        : // Enter on a focused call link clicks it: the focus must be the user's. Our marks have no such click.
          { kind: 'keyboard', needsFocus: isPageLink(hit.info) };
    void place(hit.el, hit.info, g);
  };

  const onKey = (e: KeyboardEvent) => {
    if (!e.isTrusted || e.key !== 'Enter' || e.isComposing) return;
    const hit = markOnPath(e);
    // Enter on a focused link already fires a trusted click; our own marks and marked cells need the key.
    if (!hit || isPageLink(hit.info) || e.composedPath()[0] !== hit.el) return;
    e.preventDefault();
    e.stopPropagation();
    void place(hit.el, hit.info, { kind: 'keyboard', needsFocus: true });
  };

  // Capture on the window: we see the gesture before the page's own handlers.
  gestures.install(win);
  win.addEventListener('pointerdown', onPress, true);
  win.addEventListener('click', onClick, true);
  win.addEventListener('keydown', onKey, true);
  return () => {
    gestures.uninstall();
    visibility.stop();
    win.removeEventListener('pointerdown', onPress, true);
    win.removeEventListener('click', onClick, true);
    win.removeEventListener('keydown', onKey, true);
  };
}

/**
 * The checks' cost, from the pointer's release to the message leaving, and within it the page's pending rendering the
 * checks had to bring forward (read by the benchmark, bench/clicks.ts; the page may see these measures too).
 */
function measureClick(releasedAt: number, flushStart: number, flushEnd: number): void {
  const now = performance.now();
  if (releasedAt <= 0 || now - releasedAt > 2_000) return;
  try {
    performance.measure('ipbx-click-checks', { start: releasedAt, end: now });
    performance.measure('ipbx-click-pending-rendering', { start: flushStart, end: flushEnd });
  } catch {
    // an old engine without measure options: no figure
  }
}
