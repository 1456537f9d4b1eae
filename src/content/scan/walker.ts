/**
 * The walk over the page: the roots to read (the document, open shadow roots, what the page added), element by element
 * with a TreeWalker, table sections row by row for their text alone, a slice at a time. Texts that may hold a number go
 * to the questions (questions.ts), and so do the page's own call links.
 */
import { MAYBE_MIN_LENGTH, MAYBE_NUMBER } from '../maybe-number.ts';
import { markInfo } from '../marks.ts';
import type { Scanner } from '../scanner.ts';
import { inSkippedRegion, SKIP_SELECTOR, skipsElement } from './skip-rules.ts';

const CALL_HREF = /^\s*(?:tel|callto|sips?):(?:\/\/)?([^;?@]*)/i;
/**
 * Table sections are read row by row for their text alone (see walk, visitRow). Their rows and cells can neither host
 * a shadow root nor be a link, so of their elements only what sits inside cells is looked at: the cells' child
 * elements (this selector; measured 3 ms on a 50k-row tbody, where `:is(td, th) *` took 75 ms in one call) and their
 * descendants. Where the parser never puts anything, a script may: an element straight in a section is walked like
 * any other; one straight in a row has its text read, but a shadow root or a call link on it is not looked for; text
 * straight in a section is not read.
 */
const SECTIONS = new Set(['tbody', 'thead', 'tfoot']);
const IN_CELLS = ':scope > tr > :is(td, th) > *';

/**
 * A copy of a part of a row's text that does not keep the whole row alive: what is kept of a text with candidates
 * (answers by text, a mark's text) lives as long as the page. V8 makes a slice of 13 or more characters point into the
 * string it was cut from; a slice of a joined string points into a new flat copy instead. Measured in Node: 2,000
 * slices of 16 characters kept their 50k-character strings alive (180 MB), these copies did not (0.3 MB), at about
 * 100 ns each.
 */
function ownCopy(part: string): string {
  return ` ${part} `.slice(1, -1);
}

export class Walker {
  readonly #roots: Node[] = [];
  #treeWalker: TreeWalker | null = null;
  /**
   * The walk is in a table section: it goes row by row (visitRow), its walker returns text nodes alone, and their
   * skip rules are checked per candidate.
   */
  #inSection = false;
  /** The elements inside the cells of the section being walked, looked at before its text (see IN_CELLS). */
  #sectionElements: { list: NodeListOf<Element>; next: number } | null = null;
  /** The next node the walker will visit; in a section, the next row. */
  #cursor: Node | null = null;

  readonly #scan: Scanner;

  constructor(scan: Scanner) {
    this.#scan = scan;
  }

  /** A node to walk (with all inside it) after the roots already waiting. */
  add(node: Node): void {
    this.#roots.push(node);
  }

  /** Forgets what was left to walk (stop()). */
  clear(): void {
    this.#roots.length = 0;
    this.#treeWalker = null;
    this.#sectionElements = null;
  }

  /** Something is left to walk. */
  hasWalk(): boolean {
    return this.#treeWalker !== null || this.#roots.length > 0;
  }

  /** Walks until `deadline` (at least one step), or until the questions pause it (too many texts wait for answers). */
  walk(deadline: number): void {
    let n = 0;
    while ((this.#scan.deps.now() < deadline || n === 0) && !this.#scan.questions.paused()) {
      n++;
      const cursor = this.#cursor;
      if (
        this.#treeWalker &&
        cursor &&
        (!cursor.isConnected || (this.#inSection && cursor.parentNode !== this.#treeWalker.root))
      ) {
        // The page removed (or moved) the node we were about to visit: walk this root again (linked parts are skipped).
        this.#roots.unshift(this.#treeWalker.root);
        this.#treeWalker = null;
        this.#sectionElements = null;
      }
      if (!this.#treeWalker) {
        const root = this.#roots.shift();
        if (!root) return;
        if (!root.isConnected || inSkippedRegion(root)) continue;
        if (root.nodeType === Node.TEXT_NODE) {
          this.#visitText(root as Text);
          continue;
        }
        if (root.nodeType !== Node.ELEMENT_NODE) continue;
        const kind = this.#visitElement(root as Element);
        if (kind === 'skip') continue;
        // A table section: row by row, for text alone. A big table's rows and cells are most of its DOM, and every node
        // handed to this world needs a JavaScript wrapper, which costs time and, at 50k rows, long GC pauses (measured:
        // a text-only walk takes half the time of one that also returns elements).
        this.#inSection = kind === 'section';
        if (this.#inSection) {
          this.#sectionElements = { list: (root as Element).querySelectorAll(IN_CELLS), next: 0 };
          this.#treeWalker = this.#scan.doc.createTreeWalker(
            root,
            NodeFilter.SHOW_TEXT | NodeFilter.SHOW_CDATA_SECTION,
          );
          this.#cursor = (root as Element).firstElementChild;
        } else {
          this.#sectionElements = null;
          this.#treeWalker = this.#scan.doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
          this.#cursor = this.#treeWalker.nextNode();
        }
      }
      const inSection = this.#sectionElements;
      if (inSection) {
        for (let i = 0; inSection.next < inSection.list.length && i < 64; i++) {
          const el = inSection.list[inSection.next++];
          if (!el) break;
          this.#visitInSection(el);
          if (el.firstElementChild)
            for (const inner of Array.from(el.querySelectorAll('*'))) this.#visitInSection(inner);
        }
        if (inSection.next >= inSection.list.length) this.#sectionElements = null;
        continue;
      }
      const w = this.#treeWalker;
      let node = this.#cursor;
      if (this.#inSection) {
        // A row is about six nodes: the clock is checked about as often as below.
        for (let i = 0; node && i < 16; i++) {
          this.#visitRow(node as Element, w);
          node = (node as Element).nextElementSibling;
        }
        this.#cursor = node;
        if (!node) this.#treeWalker = null;
        continue;
      }
      // Check the clock every 64 nodes: performance.now() is not free either.
      for (let i = 0; node && i < 64; i++) {
        if (node.nodeType === Node.TEXT_NODE) {
          this.#visitText(node as Text);
          node = w.nextNode();
          continue;
        }
        const kind = this.#visitElement(node as Element);
        // A section is walked on its own, after this root.
        if (kind === 'section') this.#roots.unshift(node);
        node = kind === 'enter' ? w.nextNode() : this.#nextOutside(w);
      }
      this.#cursor = node;
      if (!node) this.#treeWalker = null;
    }
  }

  /** The next node after the current one's subtree. */
  #nextOutside(w: TreeWalker): Node | null {
    for (;;) {
      const sibling = w.nextSibling();
      if (sibling) return sibling;
      if (!w.parentNode()) return null;
    }
  }

  /** An element inside a cell of a table section (IN_CELLS): only a shadow root or a link matters; texts are the text walk's. */
  #visitInSection(el: Element): void {
    if (!el.shadowRoot && !(el.localName === 'a' && el.hasAttribute('href'))) return;
    if (el.parentElement?.closest(SKIP_SELECTOR)) return;
    this.#visitElement(el);
  }

  #visitElement(el: Element): 'skip' | 'enter' | 'section' {
    const name = el.localName;
    if (skipsElement(el, name, this.#scan.marks)) return 'skip';
    const shadow = el.shadowRoot;
    if (shadow) {
      this.#scan.watcher.observe(shadow);
      this.#roots.push(...Array.from(shadow.childNodes));
    }
    if (name === 'a' && el.hasAttribute('href')) {
      this.#visitAnchor(el as HTMLAnchorElement);
      return 'skip'; // a link of the page's own is never ours to change
    }
    return SECTIONS.has(name) ? 'section' : 'enter';
  }

  #visitAnchor(a: HTMLAnchorElement): void {
    if (markInfo(a)) return;
    const m = CALL_HREF.exec(a.getAttribute('href') ?? '');
    if (!m?.[1]) return;
    let target = m[1];
    try {
      target = decodeURIComponent(target);
    } catch {
      // keep it as written
    }
    target = target.trim().slice(0, 40);
    if (target === '') return;
    this.#scan.questions.queueAnchor(a, target);
  }

  /**
   * One row of a table section. Its text is read as one string, and only a row that may hold a number has its text
   * nodes visited, each with its part of that string. Reading each cell's `data` makes a string per cell instead, and
   * Blink keeps every string it hands to JavaScript in a cache until a full GC: on a 50k-row table that cache grew
   * past 262k entries, and growing it held the page 32–45 ms at once (measured), emptying it slowed the full GC.
   */
  #visitRow(row: Element, w: TreeWalker): void {
    if (row.localName !== 'tr') {
      // Not what the parser puts in a section (a script did): walked like any element, after this section.
      this.#roots.push(row);
      return;
    }
    const text = row.textContent ?? '';
    if (text.length < MAYBE_MIN_LENGTH || !MAYBE_NUMBER.test(text)) return;
    // An element's textContent is the data of its Text (and CDATA) descendants in tree order: what the walker returns.
    w.currentNode = row;
    for (let at = 0; at < text.length; ) {
      const node = w.nextNode() as Text | null;
      if (!node) return;
      const end = at + node.length;
      if (end - at >= MAYBE_MIN_LENGTH) {
        const data = text.slice(at, end);
        if (MAYBE_NUMBER.test(data)) this.#scan.questions.queueCandidates(node, ownCopy(data), row);
      }
      at = end;
    }
  }

  #visitText(node: Text): void {
    // `length` first: it needs no JavaScript string, and most text nodes between elements are short whitespace.
    if (node.length < MAYBE_MIN_LENGTH) return;
    const data = node.data;
    if (MAYBE_NUMBER.test(data)) this.#scan.questions.queueCandidates(node, data, null);
  }
}
