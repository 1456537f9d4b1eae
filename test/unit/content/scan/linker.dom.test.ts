// @vitest-environment happy-dom
/** Writing the marks (scan/linker.ts, marks.ts): cells of big tables are marked in place. */
import { afterEach, describe, expect, it } from 'vitest';
import { CUE_ATTR } from '../../../../src/content/cell-cue.ts';
import { IN_PLACE_ROWS, markInfo, NUMBER_ATTR } from '../../../../src/content/marks.ts';
import { cleanUp, current, dialsIn, harness, markCount, marks, scan, settle, tick } from '../scanner-harness.ts';

afterEach(cleanUp);

describe('Scanner: big tables are marked in place', () => {
  /** A table of `rows` rows; row i has a phone cell, a date and a price. */
  function table(
    rows: number,
    phone = (i: number) => `602 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}`,
  ): string {
    const body = Array.from(
      { length: rows },
      (_, i) => `<tr><td class="tel">${phone(i)}</td><td>25.11.2026</td><td>12 990 Kč</td></tr>`,
    ).join('');
    return `<table id="t"><tbody>${body}</tbody></table>`;
  }
  const telCells = () => Array.from(document.querySelectorAll<HTMLElement>('td.tel'));

  it(`from ${IN_PLACE_ROWS} rows, a cell whose text is one number carries the mark itself: no element inserted, text nodes untouched`, async () => {
    document.body.innerHTML = table(IN_PLACE_ROWS);
    const texts = telCells().map((c) => c.firstChild);
    const h = harness();
    h.scanner.start();
    await settle(h.scanner);
    expect(marks()).toEqual([]);
    const cells = telCells();
    expect(cells.every((c, i) => c.childNodes.length === 1 && c.firstChild === texts[i])).toBe(true);
    expect(cells[0]!.getAttribute(NUMBER_ATTR)).toBe('602100000');
    expect(cells[0]!.getAttribute('tabindex')).toBe('0');
    expect(cells[0]!.getAttribute('aria-label')).toBe('Call +420 602 100 000');
    expect(markInfo(cells[0]!)).toEqual({
      kind: 'cell',
      dial: '602100000',
      label: '+420 602 100 000',
      text: '602 100 000',
      source: '602 100 000',
    });
    expect(document.querySelectorAll(`[${NUMBER_ATTR}]`)).toHaveLength(IN_PLACE_ROWS);
    expect(markCount()).toBe(IN_PLACE_ROWS);
    // The visible sign follows in a frame, on the rows near the view (cell-cue.ts).
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    expect(cells[0]!.hasAttribute(CUE_ATTR)).toBe(true);

    // stop() takes every attribute off again: the page is as it was.
    h.scanner.stop();
    expect(document.querySelectorAll(`[tabindex],[aria-label],[data-ipbx-number],[${CUE_ATTR}]`)).toHaveLength(0);
    expect(telCells().every((c, i) => c.firstChild === texts[i])).toBe(true);
    expect(markInfo(cells[0]!)).toBeUndefined();
  });

  it('a small table, a cell with more than the number, or a cell with attributes of its own keeps the <ipbx-link> mark', async () => {
    await scan(table(IN_PLACE_ROWS - 1));
    expect(marks()).toHaveLength(IN_PLACE_ROWS - 1);
    current?.stop();

    document.body.innerHTML = table(IN_PLACE_ROWS);
    const cells = telCells();
    cells[0]!.textContent = 'tel. 602 100 000';
    cells[1]!.setAttribute('tabindex', '-1');
    cells[2]!.setAttribute('role', 'gridcell');
    cells[3]!.innerHTML = '<b>602</b> 100 003';
    const h = harness();
    h.scanner.start();
    await settle(h.scanner);
    expect(dialsIn()).toEqual(['602100000', '602100001', '602100002']);
    expect(cells[1]!.getAttribute('tabindex')).toBe('-1');
    expect(cells.slice(4).every((c) => c.hasAttribute(NUMBER_ATTR))).toBe(true);
  });

  it('a column with a background image of its own is not marked in place (our underline would replace it)', async () => {
    document.head.innerHTML = '<style>td.tel { background-image: url("phone.svg") }</style>';
    await scan(table(IN_PLACE_ROWS));
    expect(marks()).toHaveLength(IN_PLACE_ROWS);
    expect(telCells().some((c) => c.hasAttribute(NUMBER_ATTR))).toBe(false);
  });

  it('the page changing a marked cell (its text node, or textContent) unmarks it and links what it shows now', async () => {
    await scan(table(IN_PLACE_ROWS));
    const [first, second, third] = telCells();
    (first!.firstChild as Text).data = '777 888 999';
    second!.textContent = '25.11.2026';
    third!.textContent = '+44 20 7946 0958';
    await settle(current!);
    expect(first!.getAttribute(NUMBER_ATTR)).toBe('777888999');
    expect(markInfo(first!)?.text).toBe('777 888 999');
    expect(second!.hasAttribute(NUMBER_ATTR)).toBe(false);
    expect(second!.hasAttribute('tabindex')).toBe(false);
    expect(third!.getAttribute(NUMBER_ATTR)).toBe('00442079460958');
  });

  it('a cell whose text the page changes twice in a row is marked once (no <ipbx-link> inside a marked cell)', async () => {
    await scan(table(IN_PLACE_ROWS));
    const cell = telCells()[0]!;
    const text = cell.firstChild as Text;
    text.data = '777 888 999';
    text.data = '602 999 111';
    await settle(current!);
    expect(cell.getAttribute(NUMBER_ATTR)).toBe('602999111');
    expect(cell.childNodes.length).toBe(1);
    expect(marks(cell)).toEqual([]);
  });

  it('rows the page replaces are marked again, and removed ones are forgotten', async () => {
    await scan(table(IN_PLACE_ROWS));
    const tbody = document.querySelector('tbody')!;
    const fresh = document.createElement('tbody');
    fresh.innerHTML = table(
      IN_PLACE_ROWS,
      (i) => `777 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}`,
    ).replace(/^.*<tbody>|<\/tbody>.*$/g, '');
    tbody.replaceChildren(...Array.from(fresh.children));
    await settle(current!);
    expect(telCells().every((c) => c.getAttribute(NUMBER_ATTR)?.startsWith('777'))).toBe(true);
    expect(markCount()).toBe(IN_PLACE_ROWS);
  });

  it('a frame writes only what needs one: cells are marked in ordinary slices, never in the frame that may draw their lines', async () => {
    document.body.innerHTML = `<p>Volejte 777 888 999</p>${table(IN_PLACE_ROWS)}`;
    const frame: { draw: (() => void) | null } = { draw: null };
    const h = harness({ nextFrame: () => new Promise<void>((resolve) => (frame.draw = resolve)) });
    const cellMarks = h.scanner.marks;
    const markCell = cellMarks.markCell.bind(cellMarks);
    let inFrame = false;
    let cellsInFrames = 0;
    cellMarks.markCell = (...args: Parameters<typeof markCell>) => {
      if (inFrame) cellsInFrames++;
      markCell(...args);
    };
    h.scanner.start();
    // Frames are drawn as soon as one is asked for, before the slices waiting behind them.
    for (let i = 0; i < 200 && markCount() < IN_PLACE_ROWS + 1; i++) {
      const draw = frame.draw;
      if (draw) {
        frame.draw = null;
        inFrame = true;
        draw();
        for (let j = 0; j < 10; j++) await Promise.resolve(); // the frame callback's own work
        inFrame = false;
      }
      await tick();
    }
    expect(markCount()).toBe(IN_PLACE_ROWS + 1);
    expect(marks()).toHaveLength(1); // the paragraph's number, wrapped in a frame
    expect(cellsInFrames).toBe(0);
  });
});

describe('Scanner: the first mark is announced (the click handler is installed then)', () => {
  it('a page with nothing to link never calls marked(); a text mark, an in-place cell and a call link each do', async () => {
    let count = 0;
    const marked = () => {
      count++;
    };
    await scan('<p>Objednávka 2026-11-25, cena 12 990 Kč, 350 000 000 cestujících.</p>', { marked });
    expect(marks()).toEqual([]);
    expect(count).toBe(0);
    cleanUp();

    await scan('<p>Volejte 602 123 456.</p>', { marked });
    expect(dialsIn()).toEqual(['602123456']);
    expect(count).toBeGreaterThan(0);
    cleanUp();

    count = 0;
    await scan('<a href="tel:+420602123456">Zavolejte nám</a>', { marked });
    expect(document.querySelectorAll(`[${NUMBER_ATTR}]`)).toHaveLength(1);
    expect(count).toBeGreaterThan(0);
    cleanUp();

    count = 0;
    const rows = Array.from({ length: IN_PLACE_ROWS }, (_, i) => `<tr><td>602 ${100 + (i % 800)} 456</td></tr>`);
    await scan(`<table><tbody>${rows.join('')}</tbody></table>`, { marked });
    expect(marks()).toEqual([]);
    expect(document.querySelectorAll(`td[${NUMBER_ATTR}]`)).toHaveLength(IN_PLACE_ROWS);
    expect(count).toBeGreaterThan(0);
  });
});
