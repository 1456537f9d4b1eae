/**
 * What the click tests need that happy-dom does not do: layout and trust. happy-dom lays nothing out (no text rects,
 * no elementFromPoint) and marks no event trusted. Here each mark gets a box (`place`), the text of an element has
 * that box as its rects, the element on top at a point is the placed element there (or `cover`), and the events a user
 * makes are given an own isTrusted = true. Test-only: nothing in src/ is changed or hooked. The same tricks in real
 * Chromium are in test/e2e/click-tricks.chromium.e2e.ts.
 */
import { vi } from 'vitest';
import type { ClickDeps, PageCallRequest, Refusal } from '../../../src/content/clicks.ts';
import type { FeedbackKind } from '../../../src/content/feedback.ts';
import type { PageCallOutcome } from '../../../src/shared/call-guard.ts';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const boxes = new Map<Element, Box>();
/** An element laid over everything (a page's layer), or null. */
let cover: Element | null = null;

export function place(el: Element, box: Box): void {
  boxes.set(el, box);
}

export function coverWith(el: Element | null): void {
  cover = el;
}

function rectOf(b: Box): DOMRect {
  return DOMRect.fromRect({ x: b.left, y: b.top, width: b.width, height: b.height });
}

function inside(b: Box, x: number, y: number): boolean {
  return x >= b.left && x <= b.left + b.width && y >= b.top && y <= b.top + b.height;
}

function hitAt(x: number, y: number): Element[] {
  if (cover) return [cover];
  // The innermost placed element at the point: the last placed wins, as if drawn later.
  const hits = [...boxes].filter(([el, b]) => el.isConnected && inside(b, x, y)).map(([el]) => el);
  return [...hits.reverse(), document.body];
}

/** Installs the fake layout; call in beforeEach (vi.restoreAllMocks in afterEach takes it away). */
export function fakeLayout(): void {
  boxes.clear();
  cover = null;
  vi.spyOn(Range.prototype, 'getClientRects').mockImplementation(function (this: Range) {
    const node = this.startContainer;
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const box = el ? boxes.get(el) : undefined;
    return (box ? [rectOf(box)] : []) as unknown as DOMRectList;
  });
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    return rectOf(boxes.get(this) ?? { left: 10, top: 10, width: 100, height: 20 });
  });
  // The prototypes of the objects themselves: happy-dom's document is not an instance of the global Document.
  const shadowProto = Object.getPrototypeOf(document.createElement('div').attachShadow({ mode: 'open' }));
  for (const proto of [Object.getPrototypeOf(document), shadowProto]) {
    Object.defineProperty(proto, 'elementFromPoint', {
      configurable: true,
      value: (x: number, y: number) => hitAt(x, y)[0] ?? null,
    });
  }
}

/**
 * Browsers set isTrusted only for real user input, and a page cannot forge it. happy-dom does not implement it at all,
 * so to reach the logic behind the guard the tests give the event object an own isTrusted = true.
 */
export function asTrusted<E extends Event>(e: E): E {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}

/** Where a user's pointer event happens: bubbling out of shadow roots, cancelable, the left button. */
function pointerInit(x: number, y: number): MouseEventInit {
  return { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, button: 0 };
}

/** A user's pointer event at (x, y), from the primary pointer. */
export function trustedPointer(type: string, x: number, y: number): PointerEvent {
  return asTrusted(new PointerEvent(type, { ...pointerInit(x, y), isPrimary: true }));
}

/** A user's click at (x, y) (detail 1: it followed a press and a release). */
export function trustedClick(x: number, y: number): MouseEvent {
  return asTrusted(new MouseEvent('click', { ...pointerInit(x, y), detail: 1 }));
}

/** The centre of an element's box. */
export function centre(el: Element): { x: number; y: number } {
  const b = boxes.get(el) ?? { left: 10, top: 10, width: 100, height: 20 };
  return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
}

/**
 * A user's click: the pointer comes over `el` (at `at`, its centre by default), presses, releases, clicks. `between`
 * runs after the press (a page moving things under the pointer).
 */
export function userClick(el: Element, at = centre(el), between: () => void = () => undefined): void {
  el.dispatchEvent(trustedPointer('pointerover', at.x, at.y));
  el.dispatchEvent(trustedPointer('pointerdown', at.x, at.y));
  between();
  el.dispatchEvent(trustedPointer('pointerup', at.x, at.y));
  el.dispatchEvent(trustedClick(at.x, at.y));
}

export function hoverOver(el: Element, at = centre(el)): void {
  el.dispatchEvent(trustedPointer('pointerover', at.x, at.y));
}

/** Tab as the user presses it: the key (which the page may cancel), then the browser's focus move. */
export function userTab(from: Element, to: HTMLElement): KeyboardEvent {
  const key = asTrusted(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true, composed: true }));
  from.dispatchEvent(key);
  if (!key.defaultPrevented) to.focus();
  return key;
}

export function enter(init: KeyboardEventInit = {}): KeyboardEvent {
  return new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, composed: true, ...init });
}

/** Lets the click's promises (the visibility verdict, the call) and the handler's follow-up run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise<void>((r) => setTimeout(r, 0));
}

export interface Shown {
  kind: FeedbackKind;
  message: string;
  /** The other marks the bubble was told to keep clear of. */
  keepClear: readonly Element[];
}

export const REFUSED: Record<Refusal, string> = {
  changed: 'The number changed',
  hidden: 'Not visible',
  moved: 'Moved',
  spoofed: 'Not as dialled',
  focus: 'Focused by the page',
};

export function fakes(
  answer: () => Promise<{ ok: true; value: PageCallOutcome } | { ok: false; message: string }> = async () => ({
    ok: true,
    value: { outcome: 'placed', label: '777 888 999' },
  }),
) {
  const shown: Shown[] = [];
  const call = vi.fn<(r: PageCallRequest) => ReturnType<ClickDeps['call']>>(() => answer());
  const deps: ClickDeps = {
    call,
    show: (kind, message, _near, keepClear) => shown.push({ kind, message, keepClear }),
    hide: vi.fn(),
    text: {
      calling: (l) => `Calling ${l}…`,
      ringing: (l) => `Ringing ${l}`,
      confirm: (l, where) => `Confirm ${l} in the ${where}`,
      refused: (why) => REFUSED[why],
    },
  };
  return { deps, call, shown };
}
