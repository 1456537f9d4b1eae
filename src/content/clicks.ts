/**
 * Placing a call from a page. Only a trusted user gesture counts: a real click, or Enter on a focused mark.
 * element.click(), dispatched events and postMessage are all untrusted, and there is no bridge from the page at all.
 */
import { isPageLink, markInfo, NUMBER_ATTR, type MarkInfo } from './marks.ts';
import type { FeedbackKind } from './feedback.ts';

export interface ClickDeps {
  originate(dial: string): Promise<{ ok: true } | { ok: false; message: string }>;
  show(kind: FeedbackKind, message: string, near: Element): void;
  /** Functions, not strings: the extension's text is fetched on first use (see index.iife.ts), after a click. */
  text: { calling(label: string): string; ringing(label: string): string; changed(): string; hidden(): string };
}

/** Below these a number is not something the user can read (see shownToUser). */
const MIN_ALPHA = 0.3;
const MIN_FONT_PX = 6;

/** A number matched as `([\d.]+)(%?)`, as a fraction; 1 when there is no match. */
function fraction(m: RegExpExecArray | null): number {
  if (!m) return 1;
  return m[2] ? Number(m[1]) / 100 : Number(m[1]);
}

/** The alpha of a computed colour: `rgba(…, a)`, `color(… / a)`, `transparent`; 1 when it has none. */
function alphaOf(color: string): number {
  if (color === 'transparent') return 0;
  return fraction(/\/\s*([\d.]+)(%?)\s*\)$/.exec(color) ?? /^rgba\([^,]+,[^,]+,[^,]+,\s*([\d.]+)(%?)\)$/.exec(color));
}

/** The element's parent, or the host of the shadow root it is the top of. */
function parentAcrossShadow(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.parentNode;
  return root && 'host' in root ? (root as ShadowRoot).host : null;
}

/**
 * Whether the user can see the mark they clicked. A page could put a number nobody can see under the pointer (opacity
 * 0, hidden, transparent or tiny text) and let the user's own click call it: clickjacking. Not covered: an opaque
 * layer on top that lets clicks through (docs/security.md, "Open"). A call link's text is not judged: many show an
 * icon instead (text at font-size 0 or transparent); its box and opacity are.
 */
export function shownToUser(el: Element): boolean {
  const win = el.ownerDocument.defaultView;
  if (!win) return false;
  const own = win.getComputedStyle(el);
  if (own.visibility === 'hidden' || own.visibility === 'collapse') return false;
  if (el.localName !== 'a' && (alphaOf(own.color) < MIN_ALPHA || Number.parseFloat(own.fontSize) < MIN_FONT_PX))
    return false;
  const box = el.getBoundingClientRect();
  if (box.width < MIN_FONT_PX || box.height < MIN_FONT_PX) return false;
  let opacity = 1;
  for (let n: Element | null = el; n; n = parentAcrossShadow(n)) {
    const style = win.getComputedStyle(n);
    opacity *= Number.parseFloat(style.opacity || '1') * fraction(/opacity\(([\d.]+)(%?)\)/.exec(style.filter || ''));
    if (opacity < MIN_ALPHA) return false;
  }
  return true;
}

/** Our mark on the event's path (also inside open shadow roots), or null. */
function markOnPath(e: Event): { el: Element; info: MarkInfo } | null {
  for (const target of e.composedPath()) {
    const node = target as Node;
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const info = markInfo(node as Element);
    if (info) return { el: node as Element, info };
  }
  return null;
}

/**
 * How far the pointer may move between press and release for a click on a mark to be a click. Further, it was a drag:
 * the user selecting the number to copy it (a mark selects as a whole, marks.css), which must not place a call.
 */
const DRAG_PX = 4;

export function installClickHandler(doc: Document, deps: ClickDeps): () => void {
  const inProgress = new WeakSet<Element>();
  let pressedAt: { x: number; y: number } | null = null;

  const place = async (el: Element, info: MarkInfo) => {
    // The dialled number is the one the user saw, or nothing: a page that rewrote the mark gets no call.
    const rewritten =
      el.getAttribute(NUMBER_ATTR) !== info.dial ||
      (isPageLink(info) ? el.getAttribute('href') !== info.href : el.textContent !== info.text);
    if (rewritten) {
      deps.show('error', deps.text.changed(), el);
      return;
    }
    if (!shownToUser(el)) {
      deps.show('error', deps.text.hidden(), el);
      return;
    }
    if (inProgress.has(el)) return;
    inProgress.add(el);
    deps.show('info', deps.text.calling(info.label), el);
    try {
      const result = await deps.originate(info.dial);
      deps.show(result.ok ? 'ok' : 'error', result.ok ? deps.text.ringing(info.label) : result.message, el);
    } finally {
      inProgress.delete(el);
    }
  };

  const onPress = (e: PointerEvent) => {
    if (e.isTrusted && e.button === 0) pressedAt = { x: e.clientX, y: e.clientY };
  };

  const onClick = (e: MouseEvent) => {
    if (!e.isTrusted || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    const hit = markOnPath(e);
    if (!hit) return;
    // detail 0: a click from the keyboard (Enter on a call link), which has no press.
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
    void place(hit.el, hit.info);
  };

  const onKey = (e: KeyboardEvent) => {
    if (!e.isTrusted || e.key !== 'Enter' || e.isComposing) return;
    const hit = markOnPath(e);
    // Enter on a focused link already fires a trusted click; our own marks and marked cells need the key.
    if (!hit || isPageLink(hit.info) || e.composedPath()[0] !== hit.el) return;
    e.preventDefault();
    e.stopPropagation();
    void place(hit.el, hit.info);
  };

  // Capture on the window: we see the gesture before the page's own handlers.
  const win = doc.defaultView ?? window;
  win.addEventListener('pointerdown', onPress, true);
  win.addEventListener('click', onClick, true);
  win.addEventListener('keydown', onKey, true);
  return () => {
    win.removeEventListener('pointerdown', onPress, true);
    win.removeEventListener('click', onClick, true);
    win.removeEventListener('keydown', onKey, true);
  };
}
