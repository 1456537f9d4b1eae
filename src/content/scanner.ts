/**
 * Finds and links numbers in a document and its open shadow roots, now and as the page changes, without ever
 * holding the page's main thread for long: work runs in slices of a few milliseconds, candidates go to the
 * background in batches, and answers are cached per page so re-rendered lists cost no round trip.
 *
 * This is the front; the work is done in rooms (scan/), one concern each, and everything they keep belongs to this
 * scanner: skip-rules (what is never looked into), walker (the walk over the page), questions (texts waiting for the
 * background's answers, and the answers), linker (writing marks for answered texts), passes (when the work runs),
 * page-watcher (the page's changes), state (what they all read), and marks.ts (the marks themselves). Members used
 * only inside a room are #private: the minifier shortens those names, and every byte is injected into every frame.
 */
import { Marks } from './marks.ts';
import { Linker } from './scan/linker.ts';
import { PageWatcher } from './scan/page-watcher.ts';
import { Passes } from './scan/passes.ts';
import { Questions } from './scan/questions.ts';
import { ScanState } from './scan/state.ts';
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
   * starts in it too (see Passes, schedule). Defaults to yieldToPage.
   */
  nextFrame?(): Promise<void>;
}

export class Scanner {
  readonly #doc: Document;
  readonly #deps: ScannerDeps;
  readonly #state = new ScanState();
  /** What this scanner linked, and only that: another scanner's marks are never restored or counted here. */
  readonly #marks = new Marks();
  readonly #questions: Questions;
  readonly #linker: Linker;
  readonly #walker: Walker;
  readonly #passes: Passes;
  readonly #watcher: PageWatcher;

  constructor(doc: Document, deps: ScannerDeps) {
    this.#doc = doc;
    this.#deps = deps;
    const state = this.#state;
    const marks = this.#marks;
    // The rooms call each other directly; the few calls back to a room made later go through these arrows.
    this.#questions = new Questions(state, marks, deps, () => this.#passes.afterAnswers());
    this.#linker = new Linker(state, marks, this.#questions, deps);
    this.#walker = new Walker(doc, marks, this.#questions, deps, (root) => this.#watcher.observe(root));
    this.#passes = new Passes(state, deps, this.#walker, this.#questions, this.#linker, (write) => this.#watcher.quietly(write));
    this.#watcher = new PageWatcher(doc, state, marks, deps, this.#walker, this.#passes, () => this.stop());
  }

  /** Between start() and stop(). */
  get active(): boolean {
    return this.#state.active;
  }

  start(): void {
    if (this.#state.active) return;
    this.#state.active = true;
    if (this.#doc.designMode === 'on') return; // the whole document is an editor
    this.#watcher.observe(this.#doc);
    this.#walker.add(this.#doc.documentElement);
    // Not in a frame callback: the page's first frames should not wait for our walk, and nothing is cached yet.
    this.#passes.schedule(false);
  }

  /** Stops watching and gives the page back its original text nodes. */
  stop(): void {
    this.#state.active = false;
    this.#watcher.stop();
    this.#walker.clear();
    this.#questions.clear();
    this.#linker.clear();
    this.#marks.restoreAll();
  }

  /** New dial rules: forget the answers, relink from scratch. */
  reset(): void {
    this.stop();
    this.#questions.forgetAnswers();
  }

  /** Resolves when there is nothing left to do (for tests and the benchmark). */
  async idle(): Promise<void> {
    while (this.#passes.busy() || this.#questions.waitingCount() > 0 || this.#linker.readyCount() > 0) {
      await this.#deps.yieldToPage();
    }
  }

  /** Marks on the page (for tests). */
  markCount(): number {
    return this.#marks.count();
  }

  /** Roots watched for the page's changes: the document and the open shadow roots in it (for tests). */
  watchedRoots(): number {
    return this.#watcher.watchedRoots();
  }
}
