/**
 * When the scan works: passes of a few milliseconds that walk, ask and link, started after a yield or in the next frame,
 * link passes once per frame, and cells of big tables marked in ordinary slices. The page keeps its main thread: no
 * pass runs inside the page's own task, and none runs long.
 */
import type { Scanner } from '../scanner.ts';
import { SLICE_MS } from '../yield-to-page.ts';
/**
 * Script in a frame that follows a change of the page (walk included): that frame is laid out for the page's change
 * anyway, so what we link there shares its rendering, and a re-rendered list is linked before it is drawn.
 */
const PAGE_FRAME_BUDGET_MS = 35;
/** The walk's share of such a frame: the rest of PAGE_FRAME_BUDGET_MS links what it found (or walks on, see loop). */
const FRAME_WALK_MS = 20;
/**
 * Script in a frame that only we change by wrapping numbers in <ipbx-link>. Its style, layout and paint are ours too
 * (in a 10k-row table about as much again as the script, measured), and the whole frame should stay under 50 ms. Cells
 * of big tables need no frame at all (see scheduleCells).
 */
const LINK_BUDGET_MS = 10;
/** Texts a link pass waits for while more are coming: about what one pass links in its budget. */
const LINK_MIN_BATCH = 1_000;
/** Walking right after the page's change, in its own task (see readChange). */
const MUTATION_WALK_MS = 20;

export class Passes {
  #running = false;
  /** A link pass is waiting for the next frame. */
  #linking = false;
  /** A pass for cells marked in place is queued (see scheduleCells). */
  #cellsQueued = false;

  readonly #scan: Scanner;

  constructor(scan: Scanner) {
    this.#scan = scan;
  }

  /** A pass is running or waiting to (for idle()). */
  busy(): boolean {
    return this.#running || this.#linking || this.#cellsQueued;
  }

  /**
   * Starts reading the page's change at once, a little, while it is still being built: questions for new numbers then
   * go out before the page's own frame is laid out (a big re-rendered list can spend hundreds of ms there), and their
   * answers are back when it ends. Only reads here; the writes wait for the frame (see schedule).
   */
  readChange(): void {
    if (this.#scan.walker.hasWalk()) {
      this.#scan.walker.walk(this.#scan.deps.now() + MUTATION_WALK_MS);
      this.#scan.questions.flush();
    }
  }

  /**
   * Starts the walk after a yield, never inside the page's own task: a burst of mutations becomes one pass. For the
   * page's changes that yield is the next frame: what can be linked at once (answers already cached, as in a
   * re-rendered list) is then written before that frame is laid out, so it shares the relayout the page's own change
   * costs instead of causing another one.
   */
  schedule(inFrame: boolean): void {
    if (this.#running) return;
    this.#running = true;
    const wait = inFrame && this.#scan.deps.nextFrame ? this.#scan.deps.nextFrame() : this.#scan.deps.yieldToPage();
    void wait
      .then(() => this.#loop(inFrame))
      .finally(() => {
        this.#running = false;
        // The page may have changed between the loop's last look and now (its microtasks run first): that change found
        // us still running, and what it brought (to walk, or read at once (readChange) and ready to link) must not
        // wait for the page's next change.
        const unlinked = this.#scan.linker.readyCount() > 0 && !this.#linking && !this.#cellsQueued;
        if (this.#scan.active && !this.#scan.questions.paused() && (this.#scan.walker.hasWalk() || unlinked))
          this.schedule(true);
      });
  }

  /** Answers came in: the walk paused for them goes on, and what they answered is linked. */
  afterAnswers(): void {
    if (this.#scan.walker.hasWalk() && !this.#scan.questions.paused()) this.schedule(false);
    this.scheduleLink();
  }

  /** `inFrame`: the first slice runs in a frame callback (see schedule), so it may also write, within a frame's budget. */
  async #loop(inFrame: boolean): Promise<void> {
    // At least one pass: the walk may already be done (readChange reads the page's change at once), and what it
    // found still has to be linked, in this frame if it is one.
    for (;;) {
      if (!this.#scan.active) return;
      const start = this.#scan.deps.now();
      if (this.#scan.walker.hasWalk()) this.#scan.walker.walk(start + (inFrame ? FRAME_WALK_MS : SLICE_MS));
      // Nothing to write yet (a list of numbers never seen): the frame's link share goes to the walk, so the questions
      // go out before the page lays the frame out, and the answers are back when it ends.
      if (inFrame && this.#scan.walker.hasWalk() && this.#scan.linker.readyCount() === 0)
        this.#scan.walker.walk(start + PAGE_FRAME_BUDGET_MS);
      this.#scan.questions.flush();
      if (inFrame && !this.#linking)
        this.#scan.watcher.quietly(() => this.#scan.linker.link(start + PAGE_FRAME_BUDGET_MS, true));
      inFrame = false;
      this.scheduleLink();
      // Paused for answers: the answers start the walk again (afterAnswers).
      if (!this.#scan.walker.hasWalk() || this.#scan.questions.paused()) return;
      await this.#scan.deps.yieldToPage();
    }
  }

  /**
   * One link pass per frame, LINK_BUDGET_MS long, until every text that needs an <ipbx-link> is linked (the cells
   * pass, scheduleCells, sorts the answered texts and leaves those here). While the walk or answers are still coming, a
   * pass waits for a full batch: a frame that wraps numbers in elements costs the page a relayout, so fewer, fuller ones.
   */
  scheduleLink(): void {
    this.#scheduleCells();
    const wraps = this.#scan.linker.wrapsCount();
    if (this.#linking || !this.#scan.active || (wraps === 0 && this.#scan.questions.readyAnchors.length === 0)) return;
    if ((this.#scan.walker.hasWalk() || this.#scan.questions.asking > 0) && wraps < LINK_MIN_BATCH) return;
    this.#linking = true;
    const wait = this.#scan.deps.nextFrame ? this.#scan.deps.nextFrame() : this.#scan.deps.yieldToPage();
    void wait.then(() => {
      this.#linking = false;
      if (!this.#scan.active) return;
      this.#scan.watcher.quietly(() => this.#scan.linker.link(this.#scan.deps.now() + LINK_BUDGET_MS, false));
      this.scheduleLink();
    });
  }

  /**
   * Cells of big tables are marked with attributes that no style reads (cell-cue.ts): that costs the page no
   * rendering, so they need not wait for a frame, nor for a full batch. They are marked in ordinary slices as soon as
   * their answer is in; the other texts move on to the linker's readyWraps for the frame's link pass.
   */
  #scheduleCells(): void {
    if (this.#cellsQueued || !this.#scan.active || this.#scan.questions.ready.length === 0) return;
    this.#cellsQueued = true;
    void this.#scan.deps.yieldToPage().then(() => {
      this.#cellsQueued = false;
      if (!this.#scan.active) return;
      this.#scan.watcher.quietly(() => this.#scan.linker.linkCells(this.#scan.deps.now() + SLICE_MS));
      this.scheduleLink();
    });
  }
}
