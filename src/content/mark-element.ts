/**
 * The element a linked number is written into, ours alone: an <ipbx-link> with a closed shadow root of its own from
 * the start, which shows the page's text through a slot. A page cannot attach a shadow root of its own to it (one that
 * draws other digits, or a transparent box over the page), and the shadow root's own style keeps the digits in order
 * and alone: its !important rules win over any rule of the page, its inline style included (the cascade lets an inner
 * tree's important declarations win), wherever the mark is, in the document or in a page's shadow root.
 *
 * A page may have registered ipbx-link as a custom element of its own: the element would then be the page's. The mark is
 * then a span with FALLBACK_ATTR (marks.css styles both).
 */
export const MARK_TAG = 'ipbx-link';
export const FALLBACK_ATTR = 'data-ipbx-mark';

/** What the user sees is what is dialled: no reordering, no generated text. sight.ts checks the result at the click. */
const HOST_CSS =
  ':host { unicode-bidi: isolate !important; direction: ltr !important; }' +
  ':host::before, :host::after { content: none !important; }';

interface Prototype {
  doc: Document;
  el: Element;
  slot: Element;
  /** One stylesheet shared by every mark's shadow root, or null where it cannot be adopted (then a <style> each). */
  sheet: CSSStyleSheet | null;
  style: Element;
}

export class MarkElements {
  #proto: Prototype | null = null;
  /** The page registered MARK_TAG itself: marks are spans (FALLBACK_ATTR). */
  usesFallback = false;

  /** A new mark element for `doc`, with its shadow root and role; the caller adds the number. */
  create(doc: Document): Element {
    if (this.#proto?.doc !== doc) this.#prepare(doc, false);
    let el = this.#clone();
    if (!el) {
      // The page defined MARK_TAG since, and its element took the shadow root: spans from now on.
      this.#prepare(doc, true);
      el = this.#clone();
      if (!el) throw new Error('a mark without its own shadow root');
    }
    return el;
  }

  #prepare(doc: Document, fallback: boolean): void {
    let el = doc.createElement(MARK_TAG);
    // :defined matches a custom element only once someone defined it: here, only the page can have.
    this.usesFallback = fallback || el.matches(':defined');
    if (this.usesFallback) {
      el = doc.createElement('span');
      el.setAttribute(FALLBACK_ATTR, '');
    }
    el.setAttribute('role', 'link');
    el.setAttribute('tabindex', '0');
    const style = doc.createElement('style');
    style.textContent = HOST_CSS;
    this.#proto = { doc, el, slot: doc.createElement('slot'), sheet: adoptableSheet(doc), style };
  }

  /** A new mark with its closed shadow root; null when the element already has one (a page's custom element). */
  #clone(): Element | null {
    const proto = this.#proto;
    if (!proto) return null;
    const el = proto.el.cloneNode(false) as Element;
    try {
      const root = el.attachShadow({ mode: 'closed' });
      if (proto.sheet) root.adoptedStyleSheets = [proto.sheet];
      else root.append(proto.style.cloneNode(true));
      root.append(proto.slot.cloneNode(false));
    } catch {
      return null;
    }
    return el;
  }
}

/** A constructed stylesheet for `doc`'s shadow roots, if this engine lets our world adopt one; else null. */
function adoptableSheet(doc: Document): CSSStyleSheet | null {
  const win = doc.defaultView;
  if (!win) return null;
  try {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(HOST_CSS);
    const probe = doc.createElement('span').attachShadow({ mode: 'open' });
    probe.adoptedStyleSheets = [sheet];
    return probe.adoptedStyleSheets.length === 1 ? sheet : null;
  } catch {
    return null;
  }
}
