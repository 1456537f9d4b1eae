/**
 * Watches the page for changes with MutationObservers (on the document and on every open shadow root): what the page
 * adds or changes is walked again, what it removes gives back our marks, an element that becomes an editor gets its own
 * text back. Our own writes run with the observers off (quietly). A part of the page that keeps undoing our marks is
 * left to it (FIGHT_LIMIT).
 */
import { isOurs } from '../marks.ts';
import type { Scanner } from '../scanner.ts';
import { isEditor } from './skip-rules.ts';

/**
 * A part of the page whose marks the page removes this often within FIGHT_WINDOW_MS is left to it: the page undoes
 * them as fast as we make them (its own MutationObserver, a component that re-renders on every change), and fighting
 * back would cost the page and us the CPU for as long as it is open.
 */
const FIGHT_LIMIT = 8;
const FIGHT_WINDOW_MS = 2_000;
/**
 * The page's changes, and an element becoming editable (or no longer): a note a CRM turns into an editor must not be
 * saved with our marks in it. Only `contenteditable` changes are reported, not the attributes we write ourselves.
 */
const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['contenteditable'],
};

export class PageWatcher {
  /** How often the page removed our marks from an element lately (see FIGHT_LIMIT); rare, so a WeakMap is cheap. */
  #undone = new WeakMap<Node, { count: number; since: number }>();
  /** Parts left to the page (see FIGHT_LIMIT), until stop(): turning the site off and on gives them another try. */
  #leftAlone = new WeakSet<Node>();
  #leftAloneCount = 0;
  #observers: { mo: MutationObserver; root: Node }[] = [];
  /** Roots with an observer; a new set after stop(), so start() observes them again. */
  #observed = new WeakSet<Node>();

  readonly #scan: Scanner;

  constructor(scan: Scanner) {
    this.#scan = scan;
  }

  /** Roots watched for the page's changes: the document and the open shadow roots in it (for tests). */
  watchedRoots(): number {
    return this.#observers.length;
  }

  /** Stops watching, and forgets the parts left to the page (stop()). */
  stop(): void {
    for (const { mo } of this.#observers) mo.disconnect();
    this.#observers = [];
    this.#observed = new WeakSet<Node>();
    this.#undone = new WeakMap();
    this.#leftAlone = new WeakSet<Node>();
    this.#leftAloneCount = 0;
  }

  /** Watches a root (the document, an open shadow root) for the page's changes, once. */
  observe(root: Document | ShadowRoot): void {
    if (this.#observed.has(root)) return;
    this.#observed.add(root);
    const mo = new MutationObserver((records) => this.#onMutations(records));
    mo.observe(root, OBSERVE);
    this.#observers.push({ mo, root });
  }

  /**
   * Stops watching the shadow roots that left the page with their hosts (a framework re-rendering its components
   * makes new ones all the time): each observer holds its root, and every write re-attaches them all (see quietly).
   * A host put back is an added node, walked again, and its root is then watched again.
   */
  #forgetDetachedRoots(): void {
    this.#observers = this.#observers.filter(({ mo, root }) => {
      if (root.isConnected) return true;
      mo.disconnect();
      this.#observed.delete(root);
      return false;
    });
  }

  /** Drops the records our own changes caused: only the page's changes need a rescan. */
  #forgetOwnRecords(): void {
    for (const { mo } of this.#observers) mo.takeRecords();
  }

  /**
   * Links with the observers off: our own writes need no rescan, and unobserved they cost no MutationRecords (about
   * three per mark, and garbage to collect). The page's changes still pending are handled after.
   */
  quietly(write: () => void): void {
    const pending = this.#observers.flatMap(({ mo }) => mo.takeRecords());
    for (const { mo } of this.#observers) mo.disconnect();
    try {
      write();
    } finally {
      for (const { mo, root } of this.#observers) mo.observe(root, OBSERVE);
    }
    if (pending.length > 0) this.#onMutations(pending);
  }

  #onMutations(records: MutationRecord[]): void {
    if (!this.#scan.active) return;
    if (this.#scan.doc.designMode === 'on') {
      // The page made the whole document an editor (as rich-text editors in frames do): nothing of ours may stay in it.
      this.#scan.stop();
      return;
    }
    this.#scan.pageEdits++;
    let removed = false;
    for (const r of records) {
      if (r.type === 'attributes') {
        this.#scan.editableChanges++;
        const el = r.target as Element;
        // Now an editor: its text as the page wrote it. No longer one: its numbers may be linked.
        if (isEditor(el)) this.#scan.marks.restoreWithin(el);
        else this.#enqueue(el);
        continue;
      }
      // The page changed the text of a cell we marked in place: the cell is the page's, so unmark it and look again.
      const cell = r.type === 'characterData' ? r.target.parentElement : r.target;
      if (this.#scan.marks.isMarkedCell(cell)) this.#scan.marks.unmarkCell(cell);
      if (r.type === 'characterData') {
        const target = r.target;
        if (isOurs(target)) continue; // the page edited a mark's text: clicks on it now refuse (see clicks.ts)
        // The page rewrote a node we had split (a framework updating its text): our pieces are stale.
        if (this.#scan.marks.isSplitOriginal(target)) this.#scan.marks.undoSplit(target, true);
        this.#enqueue(target);
      } else {
        if (r.removedNodes.length > 0) {
          removed = true;
          this.#noteUndone(r);
        }
        if (
          r.addedNodes.length > 1 &&
          r.target.nodeType === Node.ELEMENT_NODE &&
          r.addedNodes.length === r.target.childNodes.length
        ) {
          // Every child is new (replaceChildren, innerHTML: a re-rendered list): one root instead of thousands.
          this.#enqueue(r.target);
        } else {
          r.addedNodes.forEach((n) => {
            if (!isOurs(n)) this.#enqueue(n);
          });
        }
      }
    }
    if (removed) {
      this.#scan.marks.dropOrphans();
      this.#forgetDetachedRoots();
    }
    this.#forgetOwnRecords();
    // Read the change at once, while the page is still building it (see Passes, readChange).
    this.#scan.passes.readChange();
  }

  #enqueue(node: Node | null): void {
    if (!node || !this.#scan.active || (this.#leftAloneCount > 0 && this.#isLeftAlone(node))) return;
    this.#scan.walker.add(node);
    this.#scan.passes.schedule(true);
  }

  /** Counts a removal of our marks by the page (see FIGHT_LIMIT). A re-rendered list removes its rows, not our marks. */
  #noteUndone(r: MutationRecord): void {
    let ours = false;
    r.removedNodes.forEach((n) => {
      ours ||= n.nodeType === Node.ELEMENT_NODE && isOurs(n);
    });
    if (!ours) return;
    const now = this.#scan.deps.now();
    let undone = this.#undone.get(r.target);
    if (!undone || now - undone.since > FIGHT_WINDOW_MS) {
      undone = { count: 0, since: now };
      this.#undone.set(r.target, undone);
    }
    if (++undone.count === FIGHT_LIMIT) {
      this.#leftAlone.add(r.target);
      this.#leftAloneCount++;
    }
  }

  #isLeftAlone(node: Node): boolean {
    for (let n: Node | null = node; n; n = n.parentNode) if (this.#leftAlone.has(n)) return true;
    return false;
  }
}
