/**
 * What the user can see of a mark, read where it is drawn: the rects of its own content (its text, a link's icons; not
 * its box), the element on top at a point (in the mark's own root), and the computed styles that decide whether its
 * digits show, and show as they are dialled. clicks.ts asks these at the gesture; nothing here runs during a scan.
 *
 * These are checks a page can race or fool in ways nobody has thought of yet: what security rests on is the call guard
 * in the background (risky numbers ask in our own UI, every call is announced), and, in Chromium, IntersectionObserver
 * v2 (visibility.ts). See docs/security.md.
 */
import type { Doubt } from '../shared/call-guard.ts';
import { hasBidiControls } from '../shared/bidi.ts';
import { MARK_TAG, type MarkInfo } from './marks.ts';

/** Below these a number is not something the user can read. */
const MIN_ALPHA = 0.3;
const MIN_FONT_PX = 6;
/** How far from a glyph a click may land and still be on it (underline, rounding). */
const SLACK_PX = 3;
/** Text and background closer than this (a contrast ratio) cannot be read. */
const MIN_CONTRAST = 1.25;

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Refused in the page (the bubble says why), or placed with what the user may have seen in doubt. */
export type Finding = { refuse: 'hidden' | 'spoofed' } | { doubt: Doubt } | null;

/**
 * The rects of the mark's own content: the glyphs of its text, not its box. A page's call link may show an icon
 * instead of text: its child elements count too. Our marks and marked cells hold one text node and nothing else.
 */
export function contentRects(el: Element, info: MarkInfo): Rect[] {
  const range = el.ownerDocument.createRange();
  const out: Rect[] = [];
  const add = () => {
    for (const r of Array.from(range.getClientRects())) if (r.width > 0 && r.height > 0) out.push(r);
  };
  if (info.kind === 'link') {
    range.selectNodeContents(el);
    add();
    return out;
  }
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== Node.TEXT_NODE) continue;
    range.selectNodeContents(n);
    add();
  }
  return out;
}

export function onRects(rects: readonly Rect[], x: number, y: number): boolean {
  return rects.some(
    (r) => x >= r.left - SLACK_PX && x <= r.right + SLACK_PX && y >= r.top - SLACK_PX && y <= r.bottom + SLACK_PX,
  );
}

/** The first rect, to tell whether the mark moved; null when it shows nothing. */
export function anchorRect(rects: readonly Rect[]): Rect | null {
  return rects[0] ?? null;
}

export function sameRect(a: Rect | null, b: Rect | null): boolean {
  if (!a || !b) return a === b;
  return Math.abs(a.left - b.left) <= 1 && Math.abs(a.top - b.top) <= 1;
}

/**
 * Is the mark the element on top at (x, y), asked in its own root (a shadow root's hits are its own elements)? For a
 * keyboard gesture, which has no point of its own. A pointer's event already carries the browser's hit test at its
 * point (hitByEvent): a second one costs 2–4 ms in a 10k-row table from our world (measured; about 0.2 ms in the page's
 * own world), for the same answer.
 */
export function onTopAt(el: Element, x: number, y: number): boolean {
  const root = el.getRootNode();
  const top = 'elementFromPoint' in root ? (root as Document | ShadowRoot).elementFromPoint(x, y) : null;
  return top !== null && (top === el || el.contains(top));
}

/**
 * Was the mark (or something inside it) what the browser hit for this pointer event? The event's first target is the
 * topmost element at its point that takes pointer events, in the mark's root: as elementFromPoint there would answer.
 */
export function hitByEvent(el: Element, e: Event): boolean {
  const first = e.composedPath()[0];
  return first !== undefined && (first === el || el.contains(first as Node));
}

/** The centre of the mark's first content rect, if it lies in the viewport: where a keyboard user sees the number. */
export function visibleCentre(el: Element, rects: readonly Rect[]): { x: number; y: number } | null {
  const r = rects[0];
  const win = el.ownerDocument.defaultView;
  if (!r || !win) return null;
  const x = (r.left + r.right) / 2;
  const y = (r.top + r.bottom) / 2;
  return x >= 0 && y >= 0 && x < win.innerWidth && y < win.innerHeight ? { x, y } : null;
}

/** A number matched as `([\d.]+)(%?)`, as a fraction; 1 when there is no match. */
function fraction(m: RegExpExecArray | null): number {
  if (!m) return 1;
  return m[2] ? Number(m[1]) / 100 : Number(m[1]);
}

/** The channels and alpha of a computed colour (`rgb()`, `rgba()`, `color(srgb … / a)`); null when unreadable. */
export function parseColor(color: string): { r: number; g: number; b: number; a: number } | null {
  if (color === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const m = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(color);
  if (m)
    return {
      r: Number(m[1]),
      g: Number(m[2]),
      b: Number(m[3]),
      a: m[4] ? fraction(/([\d.]+)(%?)/.exec(`${m[4]}${m[5]}`)) : 1,
    };
  const c = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+)(%?))?\s*\)$/.exec(color);
  if (c)
    return {
      r: Number(c[1]) * 255,
      g: Number(c[2]) * 255,
      b: Number(c[3]) * 255,
      a: c[4] ? fraction(/([\d.]+)(%?)/.exec(`${c[4]}${c[5]}`)) : 1,
    };
  return null;
}

function luminance(c: { r: number; g: number; b: number }): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** The WCAG contrast ratio of two colours (1: the same, 21: black on white). */
export function contrast(a: { r: number; g: number; b: number }, b: { r: number; g: number; b: number }): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The element's parent, or the host of the shadow root it is the top of. */
function parentAcrossShadow(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.parentNode;
  return root && 'host' in root ? (root as ShadowRoot).host : null;
}

/** Generated content of a pseudo-element: 'none' and 'normal' generate nothing. */
function pseudoContent(win: Window, el: Element, which: '::before' | '::after'): string {
  const content = win.getComputedStyle(el, which).content;
  return content === 'none' || content === 'normal' ? '' : content;
}

/** What a link shows, for the background to compare with what it calls: its text, and generated text around it. */
export function linkShows(a: Element): string {
  const win = a.ownerDocument.defaultView;
  const text = (a as HTMLElement).innerText ?? a.textContent ?? '';
  if (!win) return text;
  return `${pseudoContent(win, a, '::before')} ${text} ${pseudoContent(win, a, '::after')}`.trim().slice(0, 200);
}

/**
 * Whether the user can read the mark's digits as they are dialled: the mark itself, and everything above it (across
 * shadow roots; the frames above are visibility.ts's, or frameFinding's). `refuse` when they are plainly not shown as
 * dialled; `doubt` when the page draws them with effects we cannot see through (the call then asks first).
 */
export function styleFinding(el: Element, info: MarkInfo): Finding {
  const win = el.ownerDocument.defaultView;
  if (!win) return { refuse: 'hidden' };
  const own = win.getComputedStyle(el);
  if (own.visibility === 'hidden' || own.visibility === 'collapse') return { refuse: 'hidden' };
  const ours = info.kind === 'text';
  if (ours) {
    // Ours alone: the page may not draw in it, reorder it, nor register its element.
    if (el.childElementCount > 0 || hasBidiControls(el.textContent ?? '')) return { refuse: 'spoofed' };
    if (pseudoContent(win, el, '::before') || pseudoContent(win, el, '::after')) return { refuse: 'spoofed' };
    if (own.unicodeBidi !== 'isolate' || own.direction !== 'ltr') return { refuse: 'spoofed' };
    if (el.localName === MARK_TAG && el.matches(':defined')) return { refuse: 'spoofed' };
  } else if (info.kind === 'cell' && /\d/.test(pseudoContent(win, el, '::before') + pseudoContent(win, el, '::after')))
    return { refuse: 'spoofed' };
  // A call link often shows an icon instead of its text: its text is not judged, its box and opacity are.
  if (info.kind !== 'link') {
    const fill = parseColor(own.webkitTextFillColor || own.color);
    const color = parseColor(own.color);
    if ((fill && fill.a < MIN_ALPHA) || (color && color.a < MIN_ALPHA)) return { refuse: 'hidden' };
    if (Number.parseFloat(own.fontSize) < MIN_FONT_PX) return { refuse: 'hidden' };
  }
  let opacity = 1;
  let doubt: Doubt | null = null;
  let background: ReturnType<typeof parseColor> = null;
  let inline = own.display.startsWith('inline');
  for (let n: Element | null = el; n; n = parentAcrossShadow(n)) {
    const style = n === el ? own : win.getComputedStyle(n);
    opacity *= Number.parseFloat(style.opacity || '1') * fraction(/opacity\(([\d.]+)(%?)\)/.exec(style.filter || ''));
    if (opacity < MIN_ALPHA) return { refuse: 'hidden' };
    const effects =
      (style.filter && style.filter !== 'none' && !/^opacity\([^)]*\)$/.test(style.filter)) ||
      (style.maskImage && style.maskImage !== 'none') ||
      (style.webkitMaskImage && style.webkitMaskImage !== 'none') ||
      (style.mixBlendMode && style.mixBlendMode !== 'normal') ||
      (style.clipPath && style.clipPath !== 'none');
    if (effects) doubt ??= 'effects';
    // A bidi override reaches the digits through inline ancestors, and through the mark itself (not ours: ours isolate).
    if (!ours && (inline || n === el) && /override/.test(style.unicodeBidi)) doubt ??= 'direction';
    if (n !== el) inline &&= style.display.startsWith('inline');
    if (background === null) {
      const bg = parseColor(style.backgroundColor);
      if (bg && bg.a >= 0.9 && (style.backgroundImage === 'none' || style.backgroundImage === '')) background = bg;
      else if (style.backgroundImage && style.backgroundImage !== 'none') background = { r: -1, g: -1, b: -1, a: 0 };
    }
  }
  if (!ours && own.direction === 'rtl') doubt ??= 'direction';
  if (info.kind !== 'link' && background && background.a > 0) {
    const text = parseColor(own.webkitTextFillColor || own.color);
    if (text && contrast(text, background) < MIN_CONTRAST) return { refuse: 'hidden' };
  }
  return doubt ? { doubt } : null;
}

/**
 * The frames above this one, where the browser cannot tell us (no IntersectionObserver v2): a same-origin frame
 * element that is hidden, faded or tiny refuses; a frame of another site, whose element we cannot see, is a doubt.
 */
export function frameFinding(win: Window): Finding {
  let doubt: Doubt | null = null;
  for (let w: Window = win; w !== w.parent; w = w.parent) {
    let frame: Element | null;
    try {
      frame = w.frameElement;
    } catch {
      frame = null;
    }
    if (!frame) return { doubt: 'frame' };
    const box = frame.getBoundingClientRect();
    if (box.width < MIN_FONT_PX || box.height < MIN_FONT_PX) return { refuse: 'hidden' };
    const found = styleFinding(frame, { kind: 'link', dial: '', label: '', text: '', source: '' });
    if (found && 'refuse' in found) return found;
    if (found) doubt ??= found.doubt;
  }
  return doubt ? { doubt } : null;
}
