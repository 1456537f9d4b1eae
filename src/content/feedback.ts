/**
 * The small "Calling…" bubble near a number. It lives in a closed shadow root and is styled through the CSSOM, so
 * page CSS cannot restyle it and page CSP cannot block it.
 */
export type FeedbackKind = 'info' | 'ok' | 'error';

const COLORS: Record<FeedbackKind, string> = { info: '#1565c0', ok: '#2e7d32', error: '#c62828' };

export class Feedback {
  private host: HTMLElement | null = null;
  private box: HTMLElement | null = null;
  private text: HTMLElement | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly closeLabel: string,
  ) {}

  private ensure(): { host: HTMLElement; box: HTMLElement; text: HTMLElement } {
    if (this.host?.isConnected && this.box && this.text) return { host: this.host, box: this.box, text: this.text };
    const host = this.doc.createElement('ipbx-feedback');
    // The pointer goes through the bubble (its close button aside): it sits on the page, often on the next number, and
    // the user reaching that number takes it away (clicks.ts).
    host.style.cssText =
      'all: initial; position: fixed; z-index: 2147483647; top: 12px; right: 12px; display: block; pointer-events: none;';
    const root = host.attachShadow({ mode: 'closed' });
    const box = this.doc.createElement('div');
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    box.style.cssText =
      'display: flex; align-items: center; gap: 8px; max-width: 320px; padding: 8px 10px; border-radius: 8px;' +
      'font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #fff;' +
      'box-shadow: 0 2px 6px rgba(0,0,0,.3);';
    const text = this.doc.createElement('span');
    const close = this.doc.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', this.closeLabel);
    close.style.cssText =
      'all: unset; cursor: pointer; font-size: 16px; line-height: 1; padding: 0 2px; color: inherit; pointer-events: auto;';
    close.addEventListener('click', () => this.hide());
    box.append(text, close);
    root.append(box);
    (this.doc.body ?? this.doc.documentElement).append(host);
    this.host = host;
    this.box = box;
    this.text = text;
    return { host, box, text };
  }

  /**
   * Shows `message` below `near` (or above it, or in a corner), for a few seconds unless it is in progress. It keeps
   * clear of `keepClear`, the marks the user is on now: the browser counts what covers a mark as hiding it (clicks.ts),
   * so a bubble about one call that lands on the next number would make that number's call ask. With no place clear of
   * them, it is not shown. It keeps clear of `near` too where it can.
   */
  show(
    kind: FeedbackKind,
    message: string,
    near?: { getBoundingClientRect(): DOMRect } | null,
    keepClear: readonly { getBoundingClientRect(): DOMRect }[] = [],
  ): void {
    const { host, box, text } = this.ensure();
    text.textContent = message;
    box.style.background = COLORS[kind];
    const rect = near?.getBoundingClientRect();
    const view = this.doc.defaultView;
    const nearInView = rect && view && rect.bottom > 0 && rect.top < view.innerHeight ? rect : null;
    const hasBox = (r: DOMRect) => r.width > 0 || r.height > 0; // no box, nothing to cover
    const others = keepClear.map((m) => m.getBoundingClientRect()).filter(hasBox);
    // Clear of the number itself too where that can be (a page may stretch a mark over the whole view): the marks the
    // user is on now are a must, the number of this call only a wish.
    const placed =
      this.#place(host, nearInView, view, [...others, ...(nearInView && hasBox(nearInView) ? [nearInView] : [])]) ||
      this.#place(host, nearInView, view, others);
    if (!placed) {
      this.hide();
      return;
    }
    clearTimeout(this.timer);
    if (kind !== 'info') this.timer = setTimeout(() => this.hide(), kind === 'error' ? 8_000 : 5_000);
  }

  /** Puts the bubble at the first spot clear of `clear`; false when there is none. */
  #place(host: HTMLElement, near: DOMRect | null, view: Window | null, clear: DOMRect[]): boolean {
    let height = 0;
    for (const spot of spots(near, view)) {
      setSpot(host, spot(height));
      const at = host.getBoundingClientRect();
      height = at.height;
      if (!clear.some((r) => overlaps(at, r))) return true;
    }
    return false;
  }

  hide(): void {
    clearTimeout(this.timer);
    this.host?.remove();
    this.host = null;
  }
}

/** A place for the bubble: CSS lengths for its fixed position ('auto' for the sides it is not held by). */
interface Spot {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

/** The bubble's shadow reaches this far past its box: covering counts with it. */
const SHADOW_PX = 8;

function overlaps(a: DOMRect, b: DOMRect): boolean {
  const m = SHADOW_PX;
  return a.left < b.right + m && a.right > b.left - m && a.top < b.bottom + m && a.bottom > b.top - m;
}

function setSpot(host: HTMLElement, spot: Spot): void {
  host.style.top = spot.top;
  host.style.bottom = spot.bottom;
  host.style.left = spot.left;
  host.style.right = spot.right;
}

/** Where the bubble may sit, best first; each gets the bubble's height as measured at the one before. */
function spots(near: DOMRect | null, view: Window | null): ((height: number) => Spot)[] {
  const corners = [
    () => ({ top: '12px', bottom: 'auto', left: 'auto', right: '12px' }),
    () => ({ top: 'auto', bottom: '12px', left: 'auto', right: '12px' }),
  ];
  if (!near || !view) return corners;
  const left = `${Math.max(8, Math.min(near.left, view.innerWidth - 330))}px`;
  return [
    // Below the number, clear of its line and of the shadow.
    () => ({ top: `${Math.min(near.bottom + 8, view.innerHeight - 48)}px`, bottom: 'auto', left, right: 'auto' }),
    (height) => ({ top: `${Math.max(8, near.top - 8 - SHADOW_PX - height)}px`, bottom: 'auto', left, right: 'auto' }),
    ...corners,
  ];
}
