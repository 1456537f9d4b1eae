/**
 * Finds and links numbers in a document and its open shadow roots, now and as the page changes, without ever
 * holding the page's main thread for long: work runs in slices of a few milliseconds, candidates go to the
 * background in batches, and answers are cached per page so re-rendered lists cost no round trip.
 */
import { isOurs, Marks } from './marks.ts';
import { Linker } from './scan/linker.ts';
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


/** Slice length: well under the 50 ms that counts as a long task. */
export const SLICE_MS = 8;
/**
 * Script in a frame that follows a change of the page (walk included): that frame is laid out for the page's change
 * anyway, so what we link there shares its rendering, and a re-rendered list is linked before it is drawn.
 */
const PAGE_FRAME_BUDGET_MS = 35;
/** The walk's share of such a frame: the rest of PAGE_FRAME_BUDGET_MS links what it found (or walks on, see loop). */
const FRAME_WALK_MS = 20;
/** Walking right after the page's change, in its own task (see onMutations). */
const MUTATION_WALK_MS = 20;
/**
 * Script in a frame that only we change by wrapping numbers in <ipbx-link>. Its style, layout and paint are ours too
 * (in a 10k-row table about as much again as the script, measured), and the whole frame should stay under 50 ms. Cells
 * of big tables need no frame at all (see scheduleCells).
 */
export const LINK_BUDGET_MS = 10;
/** Texts a link pass waits for while more are coming: about what one pass links in its budget. */
const LINK_MIN_BATCH = 1_000;
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
  private running = false;
  /** A link pass is waiting for the next frame. */
  private linking = false;
  /** A pass for cells marked in place is queued (see scheduleCells). */
  private cellsQueued = false;
  private readonly state = new ScanState();

  private readonly questions: Questions;
  private readonly linker: Linker;
  private readonly walker: Walker;

  constructor(
    private readonly doc: Document,
    private readonly deps: ScannerDeps,
  ) {
    this.questions = new Questions(this.state, this.marks, deps, () => this.afterAnswers());
    this.linker = new Linker(this.state, this.marks, this.questions, deps);
    this.walker = new Walker(doc, this.marks, this.questions, deps, (root) => this.observe(root));
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
    this.schedule(false);
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
    while (this.running || this.linking || this.cellsQueued || this.questions.waitingCount() > 0 || this.linker.readyCount() > 0) {
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
    // Start reading the page's change at once, a little, while it is still being built: questions for new numbers
    // then go out before the page's own frame is laid out (a big re-rendered list can spend hundreds of ms there),
    // and their answers are back when it ends. Only reads here; the writes wait for the frame (see schedule).
    if (this.walker.hasWalk()) {
      this.walker.walk(this.deps.now() + MUTATION_WALK_MS);
      this.questions.flush();
    }
  }

  private enqueue(node: Node | null): void {
    if (!node || !this.state.active || (this.leftAloneCount > 0 && this.isLeftAlone(node))) return;
    this.walker.add(node);
    this.schedule(true);
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

  /**
   * Starts the walk after a yield, never inside the page's own task: a burst of mutations becomes one pass. For the
   * page's changes that yield is the next frame: what can be linked at once (answers already cached, as in a
   * re-rendered list) is then written before that frame is laid out, so it shares the relayout the page's own change
   * costs instead of causing another one.
   */
  private schedule(inFrame: boolean): void {
    if (this.running) return;
    this.running = true;
    const wait = inFrame && this.deps.nextFrame ? this.deps.nextFrame() : this.deps.yieldToPage();
    void wait
      .then(() => this.loop(inFrame))
      .finally(() => {
        this.running = false;
        // The page may have changed between the loop's last look and now (its microtasks run first): that change found
        // us still running, and what it brought (to walk, or read at once in onMutations and ready to link) must not
        // wait for the page's next change.
        const unlinked = this.linker.readyCount() > 0 && !this.linking && !this.cellsQueued;
        if (this.state.active && !this.questions.paused() && (this.walker.hasWalk() || unlinked)) this.schedule(true);
      });
  }

  /** Answers came in: the walk paused for them goes on, and what they answered is linked. */
  private afterAnswers(): void {
    if (this.walker.hasWalk() && !this.questions.paused()) this.schedule(false);
    this.scheduleLink();
  }

  /** `inFrame`: the first slice runs in a frame callback (see schedule), so it may also write, within a frame's budget. */
  private async loop(inFrame: boolean): Promise<void> {
    // At least one pass: the walk may already be done (onMutations reads the page's change at once), and what it
    // found still has to be linked, in this frame if it is one.
    for (;;) {
      if (!this.state.active) return;
      const start = this.deps.now();
      if (this.walker.hasWalk()) this.walker.walk(start + (inFrame ? FRAME_WALK_MS : SLICE_MS));
      // Nothing to write yet (a list of numbers never seen): the frame's link share goes to the walk, so the questions
      // go out before the page lays the frame out, and the answers are back when it ends.
      if (inFrame && this.walker.hasWalk() && this.linker.readyCount() === 0) this.walker.walk(start + PAGE_FRAME_BUDGET_MS);
      this.questions.flush();
      if (inFrame && !this.linking) this.quietly(() => this.linker.link(start + PAGE_FRAME_BUDGET_MS));
      inFrame = false;
      this.scheduleLink();
      // Paused for answers: settleWaiting starts the walk again.
      if (!this.walker.hasWalk() || this.questions.paused()) return;
      await this.deps.yieldToPage();
    }
  }

  /**
   * One link pass per frame, LINK_BUDGET_MS long, until everything ready is linked. While the walk or answers are still
   * coming, a pass waits for a full batch: a frame that wraps numbers in elements costs the page a relayout, so fewer,
   * fuller ones.
   */
  private scheduleLink(): void {
    this.scheduleCells();
    if (this.linking || !this.state.active || (this.linker.readyCount() === 0 && this.questions.readyAnchors.length === 0)) return;
    if ((this.walker.hasWalk() || this.questions.asking > 0) && this.linker.readyCount() < LINK_MIN_BATCH) return;
    this.linking = true;
    const wait = this.deps.nextFrame ? this.deps.nextFrame() : this.deps.yieldToPage();
    void wait.then(() => {
      this.linking = false;
      if (!this.state.active) return;
      this.quietly(() => this.linker.link(this.deps.now() + LINK_BUDGET_MS));
      this.scheduleLink();
    });
  }

  /**
   * Cells of big tables are marked with attributes that no style reads (cell-cue.ts): that costs the page no
   * rendering, so they need not wait for a frame, nor for a full batch. They are marked in ordinary slices as soon as
   * their answer is in; the other texts move on to readyWraps for the frame's link pass.
   */
  private scheduleCells(): void {
    if (this.cellsQueued || !this.state.active || this.questions.ready.length === 0) return;
    this.cellsQueued = true;
    void this.deps.yieldToPage().then(() => {
      this.cellsQueued = false;
      if (!this.state.active) return;
      this.quietly(() => this.linker.linkCells(this.deps.now() + SLICE_MS));
      this.scheduleLink();
    });
  }
}
