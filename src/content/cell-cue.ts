/**
 * The visible sign on cells of big tables marked in place (marks.ts, markCell): a dotted line and the pointer.
 *
 * Marking a cell only sets attributes no style rule reads, and that costs the page no rendering at all. The sign is a
 * style change, and in a big table a style change of two or more cells costs the next frame a walk over all the table's
 * rows whatever their number, and a repaint of the table (measured on this project's bench at 50k rows: about 17 ms of
 * style and 15–45 ms of paint, see control.cueFrameFloor). So the sign goes only on the cells near what the user can
 * see, once per frame, and on more of them as the page scrolls: a user sees every number's sign, and a 50k-row table
 * pays for a screenful, not for 50k cells.
 */

/** The attribute marks.css draws the sign for. */
export const CUE_ATTR = 'data-ipbx-cue';
/** Rows looked at per table and frame: three screens of rows, unless they are only a few pixels high. */
const ROWS_PER_PASS = 1_000;

/** What can bring cells near the view, and what reaches one cell at once. */
const EVENTS = ['scroll', 'resize', 'pointerover', 'focusin'];

/**
 * The signs of one scanner's marked cells (each Marks owns one): the cells waiting for theirs, and what watches for
 * them to come near the view. Nothing here is shared between scanners (tests, documents).
 */
export class CellCues {
  /** Marked cells without the sign yet: per table, and each cell's table. */
  readonly #perTable = new Map<HTMLTableElement, Set<HTMLElement>>();
  readonly #tableOf = new Map<HTMLElement, HTMLTableElement>();
  #scheduled: { id: number; timer: number | null } | null = null;
  #listening: Window | null = null;
  /**
   * Tables without a box (display: none: a hidden tab panel, a closed dialog), watched until they get one. Their cells
   * wait: signing them would cost script for lines nobody sees, and when such a table is shown, its rows near the view
   * get their lines like any other's.
   */
  readonly #boxless = new Set<HTMLTableElement>();
  #boxes: ResizeObserver | null = null;

  /** A marked cell gets its sign after the next frame if it is near the view, else when the page scrolls it near. */
  cueLater(cell: HTMLElement, table: HTMLTableElement): void {
    if (this.#tableOf.has(cell)) return;
    this.#tableOf.set(cell, table);
    let cells = this.#perTable.get(table);
    if (!cells) {
      cells = new Set();
      this.#perTable.set(table, cells);
    }
    cells.add(cell);
    const win = cell.ownerDocument.defaultView;
    if (win) {
      this.#listen(win);
      this.#schedule(win);
    }
  }

  /** The cell is unmarked: no sign, nothing waiting. */
  dropCue(cell: HTMLElement): void {
    const table = this.#tableOf.get(cell);
    if (table) this.#forget(cell, table);
    cell.removeAttribute(CUE_ATTR);
    if (this.#tableOf.size === 0) this.#unlisten();
  }

  /** Signs the waiting cells near the view, a bounded number of rows per table and frame. */
  cuePass(win: Window): void {
    this.#scheduled = null;
    const height = win.innerHeight || 800;
    for (const table of [...this.#perTable.keys()]) {
      if (!table.isConnected) continue; // its cells go with dropOrphans
      if (table.getClientRects().length === 0) {
        this.#waitForBox(table, win);
        continue;
      }
      this.#stopWaitingForBox(table);
      // One screen above and one below: a user scrolling by wheel or keys finds the signs already drawn.
      const rows = table.rows;
      const [first, end] = rowsNear(rows, -height, 2 * height);
      let row: HTMLTableRowElement | null = first < end ? (rows[first] ?? null) : null;
      for (let i = first; row && i < end && i < first + ROWS_PER_PASS; i++, row = nextRow(row)) {
        for (const cell of Array.from(row.cells)) this.#cue(cell);
      }
    }
  }

  /** Cells waiting for their sign (for tests). */
  waiting(): number {
    return this.#tableOf.size;
  }

  #cue(cell: HTMLElement): void {
    const table = this.#tableOf.get(cell);
    if (!table) return;
    this.#forget(cell, table);
    cell.setAttribute(CUE_ATTR, '');
  }

  #forget(cell: HTMLElement, table: HTMLTableElement): void {
    this.#tableOf.delete(cell);
    const cells = this.#perTable.get(table);
    cells?.delete(cell);
    if (cells?.size === 0) {
      this.#perTable.delete(table);
      this.#stopWaitingForBox(table);
    }
  }

  /** Watches a table without a box: a size change (it is shown) brings a pass, which finds its rows near the view. */
  #waitForBox(table: HTMLTableElement, win: Window): void {
    if (this.#boxless.has(table)) return;
    this.#boxless.add(table);
    // The window's own constructor (a frame's, or a test's stand-in), like the window's other timers here.
    this.#boxes ??= new (win as Window & typeof globalThis).ResizeObserver(() => this.#schedule(win));
    this.#boxes.observe(table);
  }

  #stopWaitingForBox(table: HTMLTableElement): void {
    if (this.#boxless.delete(table)) this.#boxes?.unobserve(table);
  }

  /**
   * The pass runs in a task right after the next frame, not in the frame callback: a page that just changed its DOM
   * has its layout done by then, so reading row boxes forces no layout of the page's change inside our script.
   */
  #schedule(win: Window): void {
    if (this.#scheduled) return;
    const id = win.requestAnimationFrame(() => {
      if (this.#scheduled?.id === id) this.#scheduled.timer = win.setTimeout(() => this.cuePass(win), 0);
    });
    this.#scheduled = { id, timer: null };
  }

  readonly #onMove = (e: Event): void => {
    // Nothing waits any more: the listeners go now, not when the last waiting cell was signed. Removing them whenever the
    // queue emptied and adding them again for the next marked cell cost about as much as the signs while a big table was
    // being marked.
    if (this.#tableOf.size === 0) {
      this.#unlisten();
      return;
    }
    if (e.type === 'scroll' || e.type === 'resize') {
      if (this.#listening) this.#schedule(this.#listening);
      return;
    }
    // A cell the rows search missed (a row the page hides, a table it moves by transform) still shows its sign the
    // moment the pointer or the focus reaches it. (Focus that moves far scrolls the page, and the scroll does the rest.)
    const el = (e.target as Element | null)?.closest?.('td,th');
    if (el) this.#cue(el as HTMLElement);
  };

  #listen(win: Window): void {
    if (this.#listening) return;
    this.#listening = win;
    // Capture: scroll events of inner scroll boxes do not bubble. Passive: never delay the page's scrolling.
    for (const type of EVENTS) win.addEventListener(type, this.#onMove, { capture: true, passive: true });
  }

  #unlisten(): void {
    const win = this.#listening;
    if (!win) return;
    this.#listening = null;
    for (const type of EVENTS) win.removeEventListener(type, this.#onMove, { capture: true });
    if (this.#scheduled) {
      win.cancelAnimationFrame(this.#scheduled.id);
      if (this.#scheduled.timer !== null) win.clearTimeout(this.#scheduled.timer);
    }
    this.#scheduled = null;
    this.#boxes?.disconnect();
    this.#boxes = null;
    this.#boxless.clear();
  }
}

/**
 * The rows of `rows` whose box reaches into [top, bottom] (viewport coordinates), as [first, end). Rows go down the
 * page in order, so two binary searches find them with a few dozen layout reads.
 */
export function rowsNear(rows: ArrayLike<Element>, top: number, bottom: number): [number, number] {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid]; // mid < rows.length: always a row
    if (row && row.getBoundingClientRect().bottom < top) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid];
    if (row && row.getBoundingClientRect().top <= bottom) lo = mid + 1;
    else hi = mid;
  }
  return [first, lo];
}

/** The row after `row` in the table's order, across sections; siblings, because an indexed collection walk is slow. */
function nextRow(row: HTMLTableRowElement): HTMLTableRowElement | null {
  for (let next = row.nextElementSibling; next; next = next.nextElementSibling) {
    if (next.localName === 'tr') return next as HTMLTableRowElement;
  }
  for (let section = row.parentElement?.nextElementSibling; section; section = section.nextElementSibling) {
    const first = (section as HTMLTableSectionElement).rows?.[0];
    if (first) return first;
  }
  return null;
}
