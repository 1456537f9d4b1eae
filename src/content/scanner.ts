/**
 * Finds and links numbers in a document and its open shadow roots, now and as the page changes, without ever
 * holding the page's main thread for long: work runs in slices of a few milliseconds, candidates go to the
 * background in batches, and answers are cached per page so re-rendered lists cost no round trip.
 */
import { isOurs, Marks } from './marks.ts';
import { Linker } from './scan/linker.ts';
import { Passes } from './scan/passes.ts';
import { Questions } from './scan/questions.ts';
import { ScanState } from './scan/state.ts';
import { isEditor } from './scan/skip-rules.ts';
import { Walker } from './scan/walker.ts';
import type { PageNumber } from '../shared/messages.ts';

export interface ScannerDeps {
  /** Validates candidate texts (`links`: hrefs of tel:/sip: links, where internal lines count too). */
  classify(texts: string[], links: boolean): Promise<(PageNumber | null)[]>;
  callLabel(label: string): string;
  now(): number;
  /** Gives the page its main thread back until the next slice. */
  yieldToPage(): Promise<void>;
  /**
   * Resolves just before the next frame is drawn. DOM writes wait for it: every frame in which we changed a big table
   * costs the page a relayout, so we write once per frame, not once per slice. The walk after a change of the page
   * starts in it too (see schedule). Defaults to yieldToPage.
   */
  nextFrame?(): Promise<void>;
}


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
const OBSERVE: MutationObserverInit = { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['contenteditable'] };


export class Scanner {
  /** What this scanner linked, and only that: another scanner's marks are never restored or counted here. */
  private readonly marks = new Marks();
  /** How often the page removed our marks from an element lately (see FIGHT_LIMIT); rare, so a WeakMap is cheap. */
  private undone = new WeakMap<Node, { count: number; since: number }>();
  /** Parts left to the page (see FIGHT_LIMIT), until stop(): turning the site off and on gives them another try. */
  private leftAlone = new WeakSet<Node>();
  private leftAloneCount = 0;
  private observers: { mo: MutationObserver; root: Node }[] = [];
  /** Roots with an observer; a new set after stop(), so start() observes them again. */
  private observed = new WeakSet<Node>();
  private readonly state = new ScanState();

  private readonly questions: Questions;
  private readonly linker: Linker;
  private readonly walker: Walker;
  private readonly passes: Passes;

  constructor(
    private readonly doc: Document,
    private readonly deps: ScannerDeps,
  ) {
    this.questions = new Questions(this.state, this.marks, deps, () => this.passes.afterAnswers());
    this.linker = new Linker(this.state, this.marks, this.questions, deps);
    this.walker = new Walker(doc, this.marks, this.questions, deps, (root) => this.observe(root));
    this.passes = new Passes(this.state, deps, this.walker, this.questions, this.linker, (write) => this.quietly(write));
  }

  /** Between start() and stop(). */
  get active(): boolean {
    return this.state.active;
  }

  start(): void {
    if (this.state.active) return;
    this.state.active = true;
    if (this.doc.designMode === 'on') return; // the whole document is an editor
    this.observe(this.doc);
    this.walker.add(this.doc.documentElement);
    // Not in a frame callback: the page's first frames should not wait for our walk, and nothing is cached yet.
    this.passes.schedule(false);
  }

  /** Stops watching and gives the page back its original text nodes. */
  stop(): void {
    this.state.active = false;
    for (const { mo } of this.observers) mo.disconnect();
    this.observers = [];
    this.observed = new WeakSet<Node>();
    this.undone = new WeakMap();
    this.leftAlone = new WeakSet<Node>();
    this.leftAloneCount = 0;
    this.walker.clear();
    this.questions.clear();
    this.linker.clear();
    this.marks.restoreAll();
  }

  /** New dial rules: forget the answers, relink from scratch. */
  reset(): void {
    this.stop();
    this.questions.forgetAnswers();
  }

  /** Resolves when there is nothing left to do (for tests and the benchmark). */
  async idle(): Promise<void> {
    while (this.passes.busy() || this.questions.waitingCount() > 0 || this.linker.readyCount() > 0) {
      await this.deps.yieldToPage();
    }
  }

  private observe(root: Document | ShadowRoot): void {
    if (this.observed.has(root)) return;
    this.observed.add(root);
    const mo = new MutationObserver((records) => this.onMutations(records));
    mo.observe(root, OBSERVE);
    this.observers.push({ mo, root });
  }

  /** Marks on the page (for tests). */
  markCount(): number {
    return this.marks.count();
  }

  /** Roots watched for the page's changes: the document and the open shadow roots in it (for tests). */
  watchedRoots(): number {
    return this.observers.length;
  }

  /**
   * Stops watching the shadow roots that left the page with their hosts (a framework re-rendering its components
   * makes new ones all the time): each observer holds its root, and every write re-attaches them all (see quietly).
   * A host put back is an added node, walked again, and its root is then watched again.
   */
  private forgetDetachedRoots(): void {
    this.observers = this.observers.filter(({ mo, root }) => {
      if (root.isConnected) return true;
      mo.disconnect();
      this.observed.delete(root);
      return false;
    });
  }

  /** Drops the records our own changes caused: only the page's changes need a rescan. */
  private forgetOwnRecords(): void {
    for (const { mo } of this.observers) mo.takeRecords();
  }

  /**
   * Links with the observers off: our own writes need no rescan, and unobserved they cost no MutationRecords (about
   * three per mark, and garbage to collect). The page's changes still pending are handled after.
   */
  private quietly(write: () => void): void {
    const pending = this.observers.flatMap(({ mo }) => mo.takeRecords());
    for (const { mo } of this.observers) mo.disconnect();
    try {
      write();
    } finally {
      for (const { mo, root } of this.observers) mo.observe(root, OBSERVE);
    }
    if (pending.length > 0) this.onMutations(pending);
  }

  private onMutations(records: MutationRecord[]): void {
    if (!this.state.active) return;
    if (this.doc.designMode === 'on') {
      // The page made the whole document an editor (as rich-text editors in frames do): nothing of ours may stay in it.
      this.stop();
      return;
    }
    this.state.pageEdits++;
    let removed = false;
    for (const r of records) {
      if (r.type === 'attributes') {
        this.state.editableChanges++;
        const el = r.target as Element;
        // Now an editor: its text as the page wrote it. No longer one: its numbers may be linked.
        if (isEditor(el)) this.marks.restoreWithin(el);
        else this.enqueue(el);
        continue;
      }
      // The page changed the text of a cell we marked in place: the cell is the page's, so unmark it and look again.
      const cell = r.type === 'characterData' ? r.target.parentElement : r.target;
      if (this.marks.isMarkedCell(cell)) this.marks.unmarkCell(cell);
      if (r.type === 'characterData') {
        const target = r.target;
        if (isOurs(target)) continue; // the page edited a mark's text: clicks on it now refuse (see clicks.ts)
        // The page rewrote a node we had split (a framework updating its text): our pieces are stale.
        if (this.marks.isSplitOriginal(target)) this.marks.undoSplit(target, true);
        this.enqueue(target);
      } else {
        if (r.removedNodes.length > 0) {
          removed = true;
          this.noteUndone(r);
        }
        if (r.addedNodes.length > 1 && r.target.nodeType === Node.ELEMENT_NODE && r.addedNodes.length === r.target.childNodes.length) {
          // Every child is new (replaceChildren, innerHTML: a re-rendered list): one root instead of thousands.
          this.enqueue(r.target);
        } else {
          r.addedNodes.forEach((n) => {
            if (!isOurs(n)) this.enqueue(n);
          });
        }
      }
    }
    if (removed) {
      this.marks.dropOrphans();
      this.forgetDetachedRoots();
    }
    this.forgetOwnRecords();
    // Read the change at once, while the page is still building it (see Passes, readChange).
    this.passes.readChange();
  }

  private enqueue(node: Node | null): void {
    if (!node || !this.state.active || (this.leftAloneCount > 0 && this.isLeftAlone(node))) return;
    this.walker.add(node);
    this.passes.schedule(true);
  }

  /** Counts a removal of our marks by the page (see FIGHT_LIMIT). A re-rendered list removes its rows, not our marks. */
  private noteUndone(r: MutationRecord): void {
    let ours = false;
    r.removedNodes.forEach((n) => {
      ours ||= n.nodeType === Node.ELEMENT_NODE && isOurs(n);
    });
    if (!ours) return;
    const now = this.deps.now();
    let undone = this.undone.get(r.target);
    if (!undone || now - undone.since > FIGHT_WINDOW_MS) {
      undone = { count: 0, since: now };
      this.undone.set(r.target, undone);
    }
    if (++undone.count === FIGHT_LIMIT) {
      this.leftAlone.add(r.target);
      this.leftAloneCount++;
    }
  }

  private isLeftAlone(node: Node): boolean {
    for (let n: Node | null = node; n; n = n.parentNode) if (this.leftAlone.has(n)) return true;
    return false;
  }
}
