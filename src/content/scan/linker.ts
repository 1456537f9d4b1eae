/**
 * Writes the marks for answered texts and call links (marks.ts does the DOM work): a cell of a big table is marked in
 * place, other texts get an <ipbx-link>. A text the page changed or removed, or that now lies in an editor, while its
 * answer was on the way is not linked.
 */
import type { Found } from '../marks.ts';
import type { Scanner } from '../scanner.ts';
import type { PendingText } from './questions.ts';
import { inSkippedRegion } from './skip-rules.ts';

export class Linker {
  /** Answered texts that need an <ipbx-link> (not a cell marked in place): they wait for a frame. */
  #readyWraps: PendingText[] = [];
  readonly #scan: Scanner;

  constructor(scan: Scanner) {
    this.#scan = scan;
  }

  /** Answered texts not linked yet (call links aside). */
  readyCount(): number {
    return this.#scan.questions.ready.length + this.#readyWraps.length;
  }

  /** Answered texts that wait for a frame: those linkCells found not to be cells of big tables. */
  wrapsCount(): number {
    return this.#readyWraps.length;
  }

  /** Forgets what was left to link (stop()). */
  clear(): void {
    this.#readyWraps = [];
  }

  /** Marks the ready texts that are cells of big tables; the others go to readyWraps. */
  linkCells(deadline: number): void {
    const ready = this.#scan.questions.ready;
    let i = 0;
    let marked = false;
    while (ready.length > 0 && (++i % 32 !== 0 || this.#scan.deps.now() < deadline)) {
      const p = ready.pop();
      if (!p) break;
      const found = this.#foundIn(p);
      if (!found) continue;
      if (this.#markInPlace(p, found)) marked = true;
      else this.#readyWraps.push(p);
    }
    if (marked) this.#scan.deps.marked?.();
  }

  /**
   * Links what is ready, in a frame. `cells`: the frame follows a change of the page, which it lays out anyway, so cells
   * of big tables are marked here too, before that frame is drawn (a re-rendered list is linked at once). Otherwise the
   * cells are left to linkCells, in ordinary slices.
   */
  link(deadline: number, cells: boolean): void {
    const anchors = this.#scan.questions.readyAnchors;
    let marked = false;
    while (anchors.length > 0) {
      const anchor = anchors.pop();
      if (!anchor) break;
      const { a, target, editables } = anchor;
      const hit = this.#scan.questions.answers.get(`L:${target}`);
      if (hit && a.isConnected && !this.#skippedSince(a, editables)) {
        this.#scan.marks.markAnchor(a, target, hit, this.#scan.deps.callLabel);
        marked = true;
      }
    }
    let i = 0;
    for (const list of [this.#readyWraps, this.#scan.questions.ready]) {
      while (list.length > 0 && (++i % 32 !== 0 || this.#scan.deps.now() < deadline)) {
        const p = list.pop();
        if (!p) break;
        const found = this.#foundIn(p);
        if (!found || found.length === 0) continue;
        if (!cells && list !== this.#readyWraps && this.#scan.marks.cellToMark(p.node, found, p.data)) {
          // A cell of a big table: linkCells marks it in an ordinary slice, with the cells behind it. This frame may
          // draw the lines of the cells near the view, and at 50k rows that alone costs the page 40–50 ms of style and
          // paint (bench: control.cueFrameFloor): nothing that needs no frame runs in it.
          list.push(p);
          break;
        }
        if (!this.#markInPlace(p, found)) this.#scan.marks.linkText(p.node, found, this.#scan.deps.callLabel);
        marked = true;
      }
    }
    if (marked) this.#scan.deps.marked?.();
  }

  /**
   * For a node read when editableChanges was `editables`: is it now inside an editor (or another region we never look
   * inside)? Asked only when an element became editable since, so most pages never pay for it.
   */
  #skippedSince(node: Node, editables: number): boolean {
    return editables !== this.#scan.editableChanges && inSkippedRegion(node);
  }

  /** The numbers answered for a text, or null when the page changed or removed it while we waited. */
  #foundIn(p: PendingText): Found[] | null {
    // A root walked again (the page removed the node the walk was at) can queue a text twice: link it once.
    if (
      !p.node.isConnected ||
      (p.edits !== this.#scan.pageEdits && p.node.data !== p.data) ||
      this.#scan.marks.isMarkedCell(p.node.parentElement) ||
      this.#scan.marks.isSplitOriginal(p.node)
    )
      return null;
    if (this.#skippedSince(p.node, p.editables)) return null;
    const answers = this.#scan.questions.answers;
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
    const inPlace = this.#scan.marks.cellToMark(p.node, found, p.data);
    if (inPlace)
      this.#scan.marks.markCell(inPlace.cell, inPlace.table, p.data, inPlace.found, this.#scan.deps.callLabel);
    return inPlace !== null;
  }
}
