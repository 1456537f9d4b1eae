/**
 * How the user reached a mark, from real input only (isTrusted): which mark the pointer came over and where it was
 * then, where it was pressed, and whether the focus on a mark came from the user (Tab, or a press on it) or from a
 * page script. clicks.ts judges a click or an Enter by what is recorded here. Each listener does a few property reads:
 * pointers and keys cost the page nothing worth measuring, a scan nothing at all.
 */
import { anchorRect, contentRects, hitByEvent, onRects, sameRect, type Rect } from './sight.ts';
import type { MarkInfo } from './marks.ts';
import type { VisibilityWatch } from './visibility.ts';

export type MarkHit = { el: Element; info: MarkInfo };

/** The press that a click must follow (on the same mark, on its digits, on top). */
export interface Press {
  el: Element;
  x: number;
  y: number;
  rect: Rect | null;
  /** The press landed on the mark's own content, and the mark was on top there. */
  onDigits: boolean;
  /** The mark was where it was when the pointer reached it: it did not move under a resting pointer. */
  stable: boolean;
  /** Event time of the press. */
  at: number;
}

/** A press gives the focus it causes to the user only this soon after it. */
const PRESS_FOCUS_MS = 1_000;

/** A Tab counts for a focus change only within its own task, and only if the page let it do its work. */
interface PendingTab {
  event: KeyboardEvent;
}

export class Gestures {
  #hover: { el: Element; rect: Rect | null } | null = null;
  #press: Press | null = null;
  /** When the last primary pointer was released (performance.now()): the start of a click's measured time. */
  releasedAt = 0;
  #focus: { el: Element; byUser: boolean } | null = null;
  #tab: PendingTab | null = null;
  #installed: Window | null = null;

  constructor(
    private readonly findMark: (e: Event) => MarkHit | null,
    private readonly visibility: VisibilityWatch,
    /** The user reached a mark: our own bubble must not cover it (the browser would count it as hidden). */
    private readonly onReach: (el: Element) => void = () => undefined,
  ) {}

  /** The press on `el` that this click follows, if it was one. */
  pressOn(el: Element): Press | null {
    return this.#press?.el === el ? this.#press : null;
  }

  /** The marks the user is on now: under the pointer, holding the focus. Our bubble keeps clear of them. */
  reached(): Element[] {
    const hover = this.#hover?.el;
    const focus = this.#focus?.el;
    return [hover, focus].filter((el, i, all): el is Element => el !== undefined && all.indexOf(el) === i);
  }

  /** The user (not a script) moved the focus to `el`, and it is still there. */
  focusedByUser(el: Element): boolean {
    return this.#focus?.el === el && this.#focus.byUser;
  }

  install(win: Window): void {
    if (this.#installed) return;
    this.#installed = win;
    win.addEventListener('pointerover', this.#onOver, { capture: true, passive: true });
    win.addEventListener('pointerdown', this.#onDown, true);
    win.addEventListener('pointerup', this.#onUp, { capture: true, passive: true });
    win.addEventListener('keydown', this.#onKey, true);
    win.addEventListener('focusin', this.#onFocusIn, true);
    win.addEventListener('focusout', this.#onFocusOut, true);
  }

  uninstall(): void {
    const win = this.#installed;
    if (!win) return;
    this.#installed = null;
    win.removeEventListener('pointerover', this.#onOver, { capture: true });
    win.removeEventListener('pointerdown', this.#onDown, true);
    win.removeEventListener('pointerup', this.#onUp, { capture: true });
    win.removeEventListener('keydown', this.#onKey, true);
    win.removeEventListener('focusin', this.#onFocusIn, true);
    win.removeEventListener('focusout', this.#onFocusOut, true);
    this.#hover = this.#press = this.#focus = this.#tab = null;
  }

  readonly #onOver = (e: PointerEvent): void => {
    if (!e.isTrusted) return;
    const hit = this.findMark(e);
    if (!hit) {
      this.#hover = null;
      return;
    }
    if (this.#hover?.el === hit.el) return;
    this.onReach(hit.el);
    this.#hover = { el: hit.el, rect: anchorRect(contentRects(hit.el, hit.info)) };
    this.visibility.watch(hit.el);
  };

  readonly #onDown = (e: PointerEvent): void => {
    if (!e.isTrusted || !e.isPrimary || e.button !== 0) return;
    const hit = this.findMark(e);
    if (!hit) {
      this.#press = null;
      return;
    }
    const rects = contentRects(hit.el, hit.info);
    const rect = anchorRect(rects);
    this.#press = {
      el: hit.el,
      x: e.clientX,
      y: e.clientY,
      rect,
      onDigits: onRects(rects, e.clientX, e.clientY) && hitByEvent(hit.el, e),
      stable: this.#hover?.el === hit.el && sameRect(this.#hover.rect, rect),
      at: e.timeStamp,
    };
    this.visibility.watch(hit.el);
  };

  readonly #onUp = (e: PointerEvent): void => {
    if (e.isTrusted && e.isPrimary && e.button === 0) this.releasedAt = performance.now();
  };

  readonly #onKey = (e: KeyboardEvent): void => {
    if (!e.isTrusted || e.key !== 'Tab') return;
    const tab: PendingTab = { event: e };
    this.#tab = tab;
    // After this key's task (its listeners, then the focus move it causes): a page that cancelled the Tab and moved
    // the focus itself gets no credit for it.
    setTimeout(() => {
      if (this.#tab !== tab) return;
      this.#tab = null;
      if (tab.event.defaultPrevented && this.#focus) this.#focus.byUser = false;
    }, 0);
  };

  readonly #onFocusIn = (e: FocusEvent): void => {
    const hit = this.findMark(e);
    if (!hit) {
      this.#focus = null;
      return;
    }
    const byTab = this.#tab !== null && !this.#tab.event.defaultPrevented;
    const press = this.#press;
    const byPress = press?.el === hit.el && e.timeStamp - press.at < PRESS_FOCUS_MS;
    // (A focus event is trusted even when a script called focus(): what counts is the Tab or the press before it.)
    this.#focus = { el: hit.el, byUser: byTab || byPress };
    this.onReach(hit.el);
    this.visibility.watch(hit.el);
  };

  readonly #onFocusOut = (e: FocusEvent): void => {
    if (this.#focus && this.findMark(e)?.el === this.#focus.el) this.#focus = null;
  };
}
