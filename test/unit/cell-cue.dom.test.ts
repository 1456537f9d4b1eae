// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CUE_ATTR, rowsNear } from '../../src/content/cell-cue.ts';
import { Marks } from '../../src/content/marks.ts';

const callLabel = (n: string): string => `Call ${n}`;
const ROW_PX = 20;

/**
 * A table of `rows` rows laid out ROW_PX apart from `top` (viewport coordinates), as a browser would report them
 * (happy-dom has no layout: every box is empty).
 */
function table(rows: number, top = () => 0): { table: HTMLTableElement; cells: HTMLElement[] } {
  const t = document.createElement('table');
  t.innerHTML = `<tbody>${Array.from({ length: rows }, (_, i) => `<tr><td>602 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}</td></tr>`).join('')}</tbody>`;
  t.getClientRects = () =>
    [DOMRect.fromRect({ x: 0, y: top(), width: 300, height: rows * ROW_PX })] as unknown as DOMRectList;
  const cells: HTMLElement[] = [];
  for (const [i, row] of Array.from(t.querySelectorAll('tr')).entries()) {
    const cell = row.firstElementChild as HTMLElement;
    row.getBoundingClientRect = () => {
      const y = top() + i * ROW_PX;
      return DOMRect.fromRect({ x: 0, y, width: 300, height: ROW_PX });
    };
    cells.push(cell);
  }
  document.body.append(t);
  return { table: t, cells };
}

function mark(cells: HTMLElement[]): void {
  for (const cell of cells) {
    const text = cell.textContent!;
    marks.markCell(
      cell,
      cell.closest('table')!,
      text,
      { start: 0, end: text.length, dial: text.replace(/ /g, ''), label: text },
      callLabel,
    );
  }
}

/** The next frame and the task after it, where the cue pass runs. */
const afterFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const cued = (cells: HTMLElement[]): number[] => cells.flatMap((c, i) => (c.hasAttribute(CUE_ATTR) ? [i] : []));

/** Each test's own marks, with their cues (a scanner owns one). */
let marks: Marks;

beforeEach(() => {
  marks = new Marks();
});

afterEach(() => {
  marks.restoreAll();
  document.body.innerHTML = '';
});

describe('rowsNear', () => {
  const rows = (tops: number[]) =>
    tops.map((y) => ({
      getBoundingClientRect: () => DOMRect.fromRect({ x: 0, y, width: 10, height: 10 }),
    })) as unknown as Element[];

  it('finds the rows reaching into the band with a binary search', () => {
    const r = rows(Array.from({ length: 100 }, (_, i) => i * 10 - 300));
    // Row i spans i*10-300 .. i*10-290: row 24 (-60..-50) is the first to reach -50, row 39 (90..100) the last to start by 95.
    expect(rowsNear(r, -50, 95)).toEqual([24, 40]);
  });

  it('all rows when none has a box (a table hidden by display: none), an empty range when the table is far below', () => {
    expect(rowsNear(rows(new Array(50).fill(0)), -800, 1600)).toEqual([0, 50]);
    expect(rowsNear(rows(Array.from({ length: 50 }, (_, i) => 5_000 + i * 10)), -800, 1600)).toEqual([0, 0]);
    expect(rowsNear(rows([]), -800, 1600)).toEqual([0, 0]);
  });
});

describe('cell cues', () => {
  it('a marked cell gets no style attribute at once; the sign comes after the next frame, for cells near the view only', async () => {
    const { cells } = table(400);
    mark(cells);
    expect(cued(cells)).toEqual([]);
    expect(marks.cues.waiting()).toBe(400);
    await afterFrame();
    // happy-dom's window is 768 px high: one screen above and one below the view, 2 × 768 + 19 px of rows.
    const near = cued(cells);
    expect(near[0]).toBe(0);
    expect(near.length).toBe(Math.floor((2 * window.innerHeight) / ROW_PX) + 1);
    expect(marks.cues.waiting()).toBe(400 - near.length);
  });

  it('scrolling the rest near gives them the sign; the pointer or the focus on a cell gives it at once', async () => {
    let scrolled = 0;
    const { cells } = table(400, () => -scrolled);
    mark(cells);
    marks.cues.cuePass(window);
    const before = cued(cells).length;
    expect(cells[399]!.hasAttribute(CUE_ATTR)).toBe(false);

    scrolled = 399 * ROW_PX - 100; // the last rows are in view now
    window.dispatchEvent(new Event('scroll'));
    await afterFrame();
    expect(cells[399]!.hasAttribute(CUE_ATTR)).toBe(true);
    expect(cued(cells).length).toBeGreaterThan(before);

    const { cells: far } = table(3, () => 100_000); // a table the rows search would never call near
    mark(far);
    marks.cues.cuePass(window);
    expect(cued(far)).toEqual([]);
    far[1]!.dispatchEvent(new Event('pointerover', { bubbles: true }));
    far[2]!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(cued(far)).toEqual([1, 2]);
  });

  it('unmarking and restoring take the sign off and forget waiting cells', () => {
    const { cells } = table(5);
    mark(cells);
    marks.cues.cuePass(window);
    expect(cued(cells)).toEqual([0, 1, 2, 3, 4]);
    marks.unmarkCell(cells[0]!);
    expect(cells[0]!.hasAttribute(CUE_ATTR)).toBe(false);

    const { cells: later } = table(3, () => 100_000);
    mark(later);
    expect(marks.cues.waiting()).toBe(3);
    marks.restoreAll();
    expect(marks.cues.waiting()).toBe(0);
    expect(document.querySelectorAll(`[${CUE_ATTR}]`)).toHaveLength(0);
  });

  it('keeps its listeners while cells keep coming, and drops them at the first event that finds nothing waiting', () => {
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    try {
      const { cells } = table(6);
      mark(cells.slice(0, 3));
      marks.cues.cuePass(window);
      expect(marks.cues.waiting()).toBe(0);
      mark(cells.slice(3));
      marks.cues.cuePass(window);
      expect(cued(cells)).toEqual([0, 1, 2, 3, 4, 5]);
      // Listening once for both batches: no remove and add again in between.
      expect(added.mock.calls.map(([type]) => type)).toEqual(['scroll', 'resize', 'pointerover', 'focusin']);
      expect(removed).not.toHaveBeenCalled();
      window.dispatchEvent(new Event('scroll'));
      expect(removed.mock.calls.map(([type]) => type)).toEqual(['scroll', 'resize', 'pointerover', 'focusin']);
    } finally {
      added.mockRestore();
      removed.mockRestore();
    }
  });

  it('a table without a box (display: none) gets no sign and no row is read until it is shown, then its rows near the view get theirs', async () => {
    // happy-dom's ResizeObserver never reports: this one reports when the test says the table was shown.
    const observers: { callback: ResizeObserverCallback; targets: Set<Element> }[] = [];
    class FakeResizeObserver {
      private readonly entry: { callback: ResizeObserverCallback; targets: Set<Element> };
      constructor(callback: ResizeObserverCallback) {
        this.entry = { callback, targets: new Set() };
        observers.push(this.entry);
      }
      observe(target: Element): void {
        this.entry.targets.add(target);
      }
      unobserve(target: Element): void {
        this.entry.targets.delete(target);
      }
      disconnect(): void {
        this.entry.targets.clear();
      }
    }
    const original = window.ResizeObserver;
    window.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
    try {
      const { table: t, cells } = table(2_500);
      let shown = false;
      const rects = t.getClientRects;
      t.getClientRects = () => (shown ? rects.call(t) : ([] as unknown as DOMRectList));
      let boxReads = 0;
      for (const row of Array.from(t.rows)) {
        const box = row.getBoundingClientRect.bind(row);
        row.getBoundingClientRect = () => {
          boxReads++;
          return box();
        };
      }
      mark(cells);
      marks.cues.cuePass(window);
      expect(cued(cells)).toEqual([]);
      expect(boxReads).toBe(0);
      expect(marks.cues.waiting()).toBe(2_500);
      const watching = observers.find((o) => o.targets.has(t));
      expect(watching).toBeDefined();

      shown = true;
      watching!.callback([], watching as unknown as ResizeObserver);
      await afterFrame();
      const near = cued(cells);
      expect(near[0]).toBe(0);
      expect(near.length).toBe(Math.floor((2 * window.innerHeight) / ROW_PX) + 1);
      // Shown, it is no longer watched; restoring forgets the rest.
      expect(watching!.targets.has(t)).toBe(false);
    } finally {
      window.ResizeObserver = original;
    }
  });
});
