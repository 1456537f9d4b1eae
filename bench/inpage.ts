/**
 * Code the benchmark runs in the page's main world (page.evaluate). Written as plain JavaScript strings: tsx compiles
 * bench/*.ts with helpers (`__name`) that do not exist in the page, so functions cannot be passed as they are.
 */

/** Number of marks in the document (a full query: costs the page a few ms on big pages, so polls are spaced). */
export const COUNT_MARKS = `document.querySelectorAll('[data-ipbx-number]').length`;

/**
 * What was linked on a generated table: marks in phone cells (or the cells themselves), marks anywhere else (dates,
 * ids, prices, names), phone cells without exactly one mark, and marks whose text is not the whole number.
 */
export const CHECK_TABLE = `(() => {
  const marks = [...document.querySelectorAll('[data-ipbx-number]')];
  const cells = document.querySelectorAll('td.tel');
  let inTel = 0, elsewhere = 0, partial = 0;
  const wrong = [];
  for (const m of marks) {
    const cell = m.closest('td.tel');
    if (cell) {
      inTel++;
      if (m.textContent.trim() !== cell.textContent.trim()) partial++;
    } else {
      elsewhere++;
      if (wrong.length < 5) wrong.push(m.textContent);
    }
  }
  let unlinked = 0;
  // A cell of a big table may carry the mark itself (marked in place).
  for (const c of cells) if ((c.matches('[data-ipbx-number]') ? 1 : 0) + c.querySelectorAll('[data-ipbx-number]').length !== 1) unlinked++;
  return { marks: marks.length, telCells: cells.length, inTel, elsewhere, partial, unlinked, wrong };
})()`;

/**
 * The bare walk: a TreeWalker over elements and text reading every text node's data, timed in the page; `runs`
 * times, each result in ms.
 */
export function bareWalk(runs: number): string {
  return `(() => {
  const times = [];
  let sink = 0;
  for (let r = 0; r < ${runs}; r++) {
    const t0 = performance.now();
    const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    let chars = 0, nodes = 0;
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      nodes++;
      if (n.nodeType === 3) chars += n.data.length;
    }
    times.push(performance.now() - t0);
    sink += chars + nodes;
  }
  return { times, sink };
})()`;
}

/** Node count (elements + text) under documentElement, for context. */
export const NODE_COUNT = `(() => {
  const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let nodes = 0, text = 0, chars = 0;
  for (let n = w.nextNode(); n; n = w.nextNode()) { nodes++; if (n.nodeType === 3) { text++; chars += n.data.length; } }
  return { nodes, text, chars };
})()`;

/**
 * Stops rendering the page (html { display: none } in an adopted style sheet: no DOM change our scanner could see).
 * Used to finish the 50k table once its visible phase was measured: the rest of the scan then costs scripting only.
 */
export const HIDE_PAGE = `(() => {
  const s = new CSSStyleSheet();
  s.replaceSync('html { display: none !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
  return true;
})()`;

/** performance.now() in the page (ms since its navigation started). */
export const PAGE_NOW = `performance.now()`;
