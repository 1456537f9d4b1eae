/**
 * The probe: what every frame runs before anything else of ours. It looks for anything the scan could link (a text
 * that may hold a number, a call link, an open shadow root the scan would read) and, until it finds one, watches the
 * page's changes for it. Only then does the content script load the page side (page-side.ts), so a frame without
 * numbers pays for one read of its text and nothing more. It errs one way only: whatever the scan would link, the probe
 * finds (it does not know the skip rules, so it also reports numbers in code or form fields; the scan then leaves them).
 */
import { CALL_LINKS } from './call-links.ts';
import { MAYBE_MIN_LENGTH, MAYBE_NUMBER } from './maybe-number.ts';
import { SLICE_MS } from './yield-to-page.ts';

/** Nodes between two looks at the clock. */
const NODES_PER_CHECK = 256;

export interface ProbeDeps {
  now(): number;
  yieldToPage(): Promise<void>;
}

function textMayHold(text: Text): boolean {
  return text.length >= MAYBE_MIN_LENGTH && MAYBE_NUMBER.test(text.data);
}

/**
 * An element the scan would read although its text may hold no number: an open shadow root, or a call link. Looked
 * for in the walk, element by element, not with one `querySelector` over the document up front: on a page of 600k
 * nodes (the bench's 50k-row table) the script's first task took 20–65 ms with that query, 3–10 ms without.
 */
function elementMayHold(el: Element): boolean {
  return el.shadowRoot !== null || (el.localName === 'a' && el.matches(CALL_LINKS));
}

/**
 * Whether anything in the document may be linked: one walk over its elements and texts, in slices, that stops at the
 * first find. Resolves false also when `stillWanted` turns false (the probe was stopped, or the watch found something).
 */
export async function findSomethingToLink(
  doc: Document,
  deps: ProbeDeps,
  stillWanted: () => boolean = () => true,
): Promise<boolean> {
  const root = doc.documentElement;
  if (!root) return false;
  const walk = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let deadline = deps.now() + SLICE_MS;
  let n = 0;
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE ? textMayHold(node as Text) : elementMayHold(node as Element)) return true;
    if (++n % NODES_PER_CHECK === 0 && deps.now() > deadline) {
      await deps.yieldToPage();
      if (!stillWanted()) return false;
      // The page removed the node we stood on, and with it our place in the walk: let the scan look (this errs the
      // safe way; what the page added meanwhile, the watch sees).
      if (!node.isConnected) return true;
      deadline = deps.now() + SLICE_MS;
    }
  }
  return false;
}

/** Whether a node the page just added may be linked; small additions are the rule, so this one does not yield. */
function addedMayHold(node: Node): boolean {
  if (node.nodeType === Node.TEXT_NODE) return textMayHold(node as Text);
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  const el = node as Element;
  if (MAYBE_NUMBER.test(el.textContent ?? '') || el.matches(CALL_LINKS) || el.querySelector(CALL_LINKS)) return true;
  if (el.shadowRoot) return true;
  const walk = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_ELEMENT);
  for (let e = walk.nextNode(); e; e = walk.nextNode()) if ((e as Element).shadowRoot) return true;
  return false;
}

/** Calls `found` once, at the first change of the page that may be linked; returns how to stop watching. */
export function watchForSomethingToLink(doc: Document, found: () => void): () => void {
  const win = doc.defaultView;
  if (!win) return () => undefined;
  const observer = new win.MutationObserver((records) => {
    for (const r of records) {
      const hit =
        r.type === 'characterData'
          ? r.target.nodeType === Node.TEXT_NODE && textMayHold(r.target as Text)
          : Array.from(r.addedNodes).some(addedMayHold);
      if (hit) {
        observer.disconnect();
        found();
        return;
      }
    }
  });
  observer.observe(doc, { childList: true, subtree: true, characterData: true });
  return () => observer.disconnect();
}
