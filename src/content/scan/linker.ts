/**
 * Writes the marks for answered texts and call links (marks.ts does the DOM work): a cell of a big table is marked in
 * place, other texts get an <ipbx-link>. A text the page changed or removed, or that now lies in an editor, while its
 * answer was on the way is not linked.
 */
import type { Found, Marks } from '../marks.ts';
import type { ScannerDeps } from '../scanner.ts';
import type { PendingText, Questions } from './questions.ts';
import { inSkippedRegion } from './skip-rules.ts';
import type { ScanState } from './state.ts';

export class Linker {
  /** Answered texts that need an <ipbx-link> (not a cell marked in place): they wait for a frame. */
  #readyWraps: PendingText[] = [];
  readonly #state: ScanState;
  readonly #marks: Marks;
  readonly #questions: Questions;
  readonly #deps: ScannerDeps;

  constructor(state: ScanState, marks: Marks, questions: Questions, deps: ScannerDeps) {
    this.#state = state;
    this.#marks = marks;
    this.#questions = questions;
    this.#deps = deps;
  }

  /** Answered texts not linked yet (call links aside). */
  readyCount(): number {
    return this.#questions.ready.length + this.#readyWraps.length;
  }

  /** Forgets what was left to link (stop()). */
  clear(): void {
    this.#readyWraps = [];
  }

  /** Marks the ready texts that are cells of big tables; the others go to readyWraps. */
  linkCells(deadline: number): void {
    const ready = this.#questions.ready;
    let i = 0;
    while (ready.length > 0 && (++i % 32 !== 0 || this.#deps.now() < deadline)) {
      const p = ready.pop()!;
      const found = this.#foundIn(p);
      if (found && !this.#markInPlace(p, found)) this.#readyWraps.push(p);
    }
  }

  link(deadline: number): void {
    const anchors = this.#questions.readyAnchors;
    while (anchors.length > 0) {
      const { a, target, editables } = anchors.pop()!;
      const hit = this.#questions.answers.get(`L:${target}`);
      if (hit && a.isConnected && !this.#skippedSince(a, editables)) this.#marks.markAnchor(a, hit.dial, hit.label, this.#deps.callLabel);
    }
    let i = 0;
    for (const list of [this.#readyWraps, this.#questions.ready]) {
      while (list.length > 0 && (++i % 32 !== 0 || this.#deps.now() < deadline)) {
        const p = list.pop()!;
        const found = this.#foundIn(p);
        if (found && !this.#markInPlace(p, found)) this.#marks.linkText(p.node, found, this.#deps.callLabel);
      }
    }
  }

  /**
   * For a node read when editableChanges was `editables`: is it now inside an editor (or another region we never look
   * inside)? Asked only when an element became editable since, so most pages never pay for it.
   */
  #skippedSince(node: Node, editables: number): boolean {
    return editables !== this.#state.editableChanges && inSkippedRegion(node);
  }

  /** The numbers answered for a text, or null when the page changed or removed it while we waited. */
  #foundIn(p: PendingText): Found[] | null {
    // A root walked again (the page removed the node the walk was at) can queue a text twice: link it once.
    if (!p.node.isConnected || (p.edits !== this.#state.pageEdits && p.node.data !== p.data) || this.#marks.isMarkedCell(p.node.parentElement) || this.#marks.isSplitOriginal(p.node)) return null;
    if (this.#skippedSince(p.node, p.editables)) return null;
    const answers = this.#questions.answers;
    const found: Found[] = [];
    for (const c of p.candidates) {
      for (const o of c.options) {
        const hit = answers.get(o.text);
        if (hit) {
          found.push({ start: o.start, end: o.end, dial: hit.dial, label: hit.label });
          break;
        }
      }
    }
    return found;
  }

  /** Marks the text's cell in place (cellToMark, markCell); false when the text needs an <ipbx-link> instead. */
  #markInPlace(p: PendingText, found: Found[]): boolean {
    const inPlace = this.#marks.cellToMark(p.node, found, p.data);
    if (inPlace) this.#marks.markCell(inPlace.cell, inPlace.table, p.data, found[0]!, this.#deps.callLabel);
    return inPlace !== null;
  }
}
