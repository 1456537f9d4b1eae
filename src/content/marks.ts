/**
 * Marks: the elements that carry data-ipbx-number. A linked number becomes one <ipbx-link> element; an existing
 * tel:/callto:/sip: link gets the attribute, and so does a cell of a big table whose whole text is one number (see
 * cellToMark). What we dial is kept here, out of the page's reach: the attribute is only a mirror for tests and
 * styling, and a click dials only when the mark still shows what it showed when linked.
 *
 * Splitting keeps the page's original text node (it holds the text before the first number), so restoring puts the
 * very same node back with its original text, and a framework that updates that node is noticed (see
 * scan/page-watcher.ts). Each scanner owns its Marks: what one linked, another never restores.
 */

import { CellCues } from './cell-cue.ts';
import { MARK_TAG, MarkElements } from './mark-element.ts';

export { FALLBACK_ATTR, MARK_TAG } from './mark-element.ts';
export const NUMBER_ATTR = 'data-ipbx-number';

export interface MarkInfo {
  /** `text`: an <ipbx-link> of ours (or its fallback span); `cell`: a big table's cell marked in place; `link`: a page's call link. */
  kind: 'text' | 'cell' | 'link';
  dial: string;
  label: string;
  /** The text the user saw when it was linked (a cell's whole text; a link's text content). */
  text: string;
  /** What the number was validated from: the number's own text, or what a call link calls. The call is planned from it. */
  source: string;
  /** For a page's tel:/sip: link: its href when it was linked (a changed href dials nothing). */
  href?: string;
}

export interface Found {
  start: number;
  end: number;
  dial: string;
  label: string;
}

interface Split {
  original: Text;
  /** The original text before we split it. */
  full: string;
  /** What we inserted after it: marks and the text between and after them. */
  created: Node[];
}

/**
 * What a mark dials lives in a property of the element in this content script's world: the page sees the same
 * element but not this property. (A property, not a WeakMap: with tens of thousands of marks, weak collections made
 * garbage collection pause the page.)
 */
const INFO = Symbol('ipbx-mark');
type Marked = Element & { [INFO]?: MarkInfo };

const CELLS = new Set(['td', 'th']);
/**
 * From this many rows a table's numbers are marked in place. Inserting an element into any cell of an auto-layout
 * table lays out the whole table again: measured in Chromium on this machine, about 140 ms for one changed cell at 10k
 * rows and 0.5–1.3 s at 50k, in every frame that links. Attributes cost no layout at all, so a big table's cells carry
 * the mark themselves. Small tables keep the <ipbx-link> mark, whose underline sits exactly under the number.
 */
export const IN_PLACE_ROWS = 200;

/** Attributes a cell marked in place gets: a cell that has any of them already keeps the <ipbx-link> mark. */
const OWN_ATTRIBUTES = `[tabindex],[aria-label],[role],[${NUMBER_ATTR}]`;

export function markInfo(el: Element): MarkInfo | undefined {
  return (el as Marked)[INFO];
}

/** A mark of ours, or the text inside one: the observer and the walker leave them alone. */
export function isOurs(node: Node): boolean {
  const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  if (el === null) return false;
  const name = el.localName;
  return (name === MARK_TAG || name === 'span') && markInfo(el)?.kind === 'text';
}

/** A mark on a page's own tel:/callto:/sip: link (it keeps the href it was linked with); else ours or a marked cell. */
export function isPageLink(info: MarkInfo): boolean {
  return info.kind === 'link';
}

/** The marks one scanner made, and how to take each back. */
export class Marks {
  readonly #splits = new Map<Text, Split>();
  /** Makes the mark elements (mark-element.ts): ours alone, with their own closed shadow root. */
  readonly elements = new MarkElements();
  readonly #linkedAnchors = new Set<HTMLAnchorElement>();
  readonly #linkedCells = new Set<HTMLElement>();
  /** Big tables only; per column, whether its cells are free of a background image of the page's (ours replaces it). */
  readonly #bigTables = new WeakMap<Element, Map<number, boolean>>();
  /** The visible sign of the cells marked in place. */
  readonly cues = new CellCues();

  /**
   * The cell to mark in place for the numbers found in `node` (`text`: its data), with its table, or null: one number
   * that is the cell's whole text (white space aside), a cell with no other child and none of the attributes we would
   * set, in a table of IN_PLACE_ROWS rows or more.
   */
  cellToMark(
    node: Text,
    found: readonly Found[],
    text: string,
  ): { cell: HTMLElement; table: HTMLTableElement; found: Found } | null {
    const f = found.length === 1 ? found[0] : undefined;
    const cell = node.parentElement;
    // Cheapest checks first: this runs for every number of a big table.
    if (!f || !cell || !CELLS.has(cell.localName) || node.previousSibling !== null || node.nextSibling !== null)
      return null;
    if (
      (f.start !== 0 || f.end !== text.length) &&
      (text.slice(0, f.start).trim() !== '' || text.slice(f.end).trim() !== '')
    )
      return null;
    if (cell.matches(OWN_ATTRIBUTES)) return null;
    const table = this.#bigTableOf(cell);
    return table ? { cell, table, found: f } : null;
  }

  /**
   * Marks a cell in place: attributes no style rule reads, so the page is neither laid out nor styled again. Enter and
   * clicks work as on any mark. The visible sign follows when the cell is near the view (cell-cue.ts).
   */
  markCell(
    cell: HTMLElement,
    table: HTMLTableElement,
    text: string,
    found: Found,
    callLabel: (n: string) => string,
  ): void {
    cell.setAttribute(NUMBER_ATTR, found.dial);
    cell.setAttribute('tabindex', '0');
    cell.setAttribute('aria-label', callLabel(found.label));
    const source = text.slice(found.start, found.end);
    (cell as Marked)[INFO] = { kind: 'cell', dial: found.dial, label: found.label, text, source };
    this.#linkedCells.add(cell);
    this.cues.cueLater(cell, table);
  }

  /** A cell marked in place (the page changing its text makes the scanner unmark and rescan it). */
  isMarkedCell(node: Node | null): node is HTMLElement {
    return node !== null && node.nodeType === Node.ELEMENT_NODE && this.#linkedCells.has(node as HTMLElement);
  }

  /** Takes our attributes off a cell; it had none of them before (cellToMark), so nothing of the page's is lost. */
  unmarkCell(cell: HTMLElement): void {
    if (!this.#linkedCells.delete(cell)) return;
    cell.removeAttribute(NUMBER_ATTR);
    cell.removeAttribute('tabindex');
    cell.removeAttribute('aria-label');
    this.cues.dropCue(cell);
    delete (cell as Marked)[INFO];
  }

  isSplitOriginal(node: Node): node is Text {
    // Size first: on a big table nothing is split, and a lookup keyed by a node gives its fresh wrapper a hash.
    return this.#splits.size > 0 && this.#splits.has(node as Text);
  }

  /** Links the numbers in one text node (sorted, non-overlapping). */
  linkText(node: Text, found: readonly Found[], callLabel: (n: string) => string): void {
    const first = found[0];
    if (!first || !node.parentNode) return;
    const doc = node.ownerDocument;
    const full = node.data;
    const created: Node[] = [];
    let at = first.start;
    for (const f of found) {
      if (f.start > at) created.push(doc.createTextNode(full.slice(at, f.start)));
      created.push(this.#createMark(doc, full.slice(f.start, f.end), f, callLabel));
      at = f.end;
    }
    if (at < full.length) created.push(doc.createTextNode(full.slice(at)));
    node.after(...created);
    node.data = full.slice(0, first.start);
    this.#splits.set(node, { original: node, full, created });
  }

  /** An existing tel:/callto:/sip: link: the page's element gets the mark; its trusted clicks become ours. */
  markAnchor(
    a: HTMLAnchorElement,
    target: string,
    number: { dial: string; label: string },
    callLabel: (n: string) => string,
  ): void {
    const { dial, label } = number;
    a.setAttribute(NUMBER_ATTR, dial);
    if (!a.hasAttribute('aria-label')) {
      a.setAttribute('aria-label', callLabel(label));
      a.dataset.ipbxLabelled = '';
    }
    const href = a.getAttribute('href') ?? '';
    (a as Marked)[INFO] = { kind: 'link', dial, label, text: a.textContent ?? '', source: target, href };
    this.#linkedAnchors.add(a);
  }

  /** Undoes one split: the original node gets its original text back and our nodes go. */
  undoSplit(node: Text, keepCurrentText = false): void {
    const split = this.#splits.get(node);
    if (!split) return;
    this.#splits.delete(node);
    for (const n of split.created) n.parentNode?.removeChild(n);
    if (!keepCurrentText) node.data = split.full;
  }

  /**
   * Gives back what the page removed as it was before we linked it. A page may keep a removed part and put it back
   * later (a tab that is taken out and put back, a recycled row): it then has its own text, and is linked again like
   * anything added. It also keeps our sets to what is on the page.
   */
  dropOrphans(): void {
    this.#restoreWhere((node) => !node.isConnected);
  }

  /** Restores one part of the page (an element that became editable), as restoreAll does the whole page. */
  restoreWithin(root: Element): void {
    this.#restoreWhere((node) => root.contains(node));
  }

  /** Restores the page: original text nodes with their original text, anchors without our attributes. */
  restoreAll(): void {
    this.#restoreWhere(() => true);
  }

  count(): number {
    let n = this.#linkedAnchors.size + this.#linkedCells.size;
    for (const s of this.#splits.values()) n += s.created.filter((c) => c.nodeType === 1).length;
    return n;
  }

  /** The cell's table when it is a big one whose column may be marked in place, else null. */
  #bigTableOf(cell: HTMLElement): HTMLTableElement | null {
    const table = cell.closest('table');
    if (!table) return null;
    let columns = this.#bigTables.get(table);
    if (!columns) {
      // A table only grows into this; one that shrinks keeps its verdict, which costs nothing but an underline's style.
      if (table.rows.length < IN_PLACE_ROWS) return null;
      columns = new Map();
      this.#bigTables.set(table, columns);
    }
    // One style read per column, not per cell: the cells of a column share their rules.
    const column = (cell as HTMLTableCellElement).cellIndex;
    let free = columns.get(column);
    if (free === undefined) {
      // Every image value is a function: url(), a gradient, image-set().
      free = !getComputedStyle(cell).backgroundImage.includes('(');
      columns.set(column, free);
    }
    return free ? table : null;
  }

  /** A mark (mark-element.ts) for one number; the accessible name's `callLabel` comes from the locale ("Call $1"). */
  #createMark(doc: Document, text: string, found: Found, callLabel: (n: string) => string): Element {
    const el = this.elements.create(doc) as Marked;
    el.setAttribute(NUMBER_ATTR, found.dial);
    el.setAttribute('aria-label', callLabel(found.label));
    el.textContent = text;
    el[INFO] = { kind: 'text', dial: found.dial, label: found.label, text, source: text };
    return el;
  }

  /** Gives back every part of the page we changed that `which` selects: the text we split whole, no attributes of ours. */
  #restoreWhere(which: (node: Node) => boolean): void {
    // Deleting from a Map or Set while iterating it is safe; restoring deletes the entry.
    for (const node of this.#splits.keys()) if (which(node)) this.undoSplit(node);
    for (const cell of this.#linkedCells) if (which(cell)) this.unmarkCell(cell);
    for (const a of this.#linkedAnchors) if (which(a)) this.#unmarkAnchor(a);
  }

  #unmarkAnchor(a: HTMLAnchorElement): void {
    a.removeAttribute(NUMBER_ATTR);
    if (a.dataset.ipbxLabelled !== undefined) {
      a.removeAttribute('aria-label');
      delete a.dataset.ipbxLabelled;
    }
    delete (a as Marked)[INFO];
    this.#linkedAnchors.delete(a);
  }
}
