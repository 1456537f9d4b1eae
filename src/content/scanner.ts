/**
 * Finds and links numbers in a document and its open shadow roots, now and as the page changes, without ever
 * holding the page's main thread for long: work runs in slices of a few milliseconds, candidates go to the
 * background in batches, and answers are cached per page so re-rendered lists cost no round trip.
 *
 * The work is done in rooms (scan/), one concern each: skip-rules (what is never looked into), walker (the walk over
 * the page), questions (texts waiting for the background's answers, and the answers), linker (writing marks for
 * answered texts), passes (when the work runs), page-watcher (the page's changes); marks.ts writes and restores the
 * marks. Each room belongs to one scanner, keeps it, and reaches the others through it: two scanners share nothing.
 * Members used only inside a room are #private: the minifier shortens those names, and this script is injected into
 * every frame.
 */
import { Marks } from './marks.ts';
import { Linker } from './scan/linker.ts';
import { PageWatcher } from './scan/page-watcher.ts';
import { Passes } from './scan/passes.ts';
import { Questions } from './scan/questions.ts';
import { Walker } from './scan/walker.ts';
import type { PageNumber } from '../shared/messages.ts';

export interface ScannerDeps {
  /** Validates candidate texts (`links`: hrefs of tel:/sip: links, where internal lines count too). */
  classify(texts: string[], links: boolean): Promise<(PageNumber | null)[]>;
  callLabel(label: string): string;
  /**
   * Marks were written (once per pass that wrote any): the click handler is installed on the first, so a page with
   * nothing to link never pays for its listeners.
   */
  marked?(): void;
  now(): number;
  /** Gives the page its main thread back until the next slice. */
  yieldToPage(): Promise<void>;
  /**
   * Resolves just before the next frame is drawn. DOM writes wait for it: every frame in which we changed a big table
   * costs the page a relayout, so we write once per frame, not once per slice. The walk after a change of the page
   * starts in it too (see Passes, schedule). Defaults to yieldToPage.
   */
  nextFrame?(): Promise<void>;
}

export class Scanner {
  /** Between start() and stop(): answers, passes and the page's changes do nothing while it is off. */
  active = false;
  /**
   * Counts the page's changes (page-watcher.ts): a text queued at the same count cannot have changed since it was read,
   * so linking it need not read it again (see Linker, foundIn); and before the first change no text can come back (see
   * Questions, candidatesIn).
   */
  pageEdits = 0;
  /**
   * Counts elements becoming editable or no longer: a text read before such a change is checked against the skip rules
   * again before it is linked (it may now be inside an editor). Zero on most pages, so that check costs them nothing.
   */
  editableChanges = 0;

  // The rooms, for each other; callers use start, stop, reset and idle.
  /** What this scanner linked, and only that: another scanner's marks are never restored or counted here. */
  readonly marks = new Marks();
  readonly questions = new Questions(this);
  readonly linker = new Linker(this);
  readonly walker = new Walker(this);
  readonly passes = new Passes(this);
  readonly watcher = new PageWatcher(this);

  constructor(
    readonly doc: Document,
    readonly deps: ScannerDeps,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    if (this.doc.designMode === 'on') return; // the whole document is an editor
    this.watcher.observe(this.doc);
    this.walker.add(this.doc.documentElement);
    // Not in a frame callback: the page's first frames should not wait for our walk, and nothing is cached yet.
    this.passes.schedule(false);
  }

  /** Stops watching and gives the page back its original text nodes. */
  stop(): void {
    this.active = false;
    this.watcher.stop();
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

  /** Roots watched for the page's changes: the document and the open shadow roots in it (for tests). */
  watchedRoots(): number {
    return this.watcher.watchedRoots();
  }
}
