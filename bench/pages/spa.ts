/** The single-page app: the same table body rendered again and again. */
import { HEAD } from './html.ts';
import { czechNumber } from './numbers.ts';
import { rowCells } from './rows.ts';

export interface SpaOptions {
  rows: number;
  intervalMs: number;
  renders: number;
}

/**
 * A page that replaces its tbody's rows with new elements every `intervalMs`, `renders` times (the first render at
 * load). Even renders show the same numbers as the first; odd renders shift the rows by an offset, so half of them
 * are numbers the page has not shown before. The page records, per render, when it rendered and when all of that
 * render's numbers carried a mark (a MutationObserver in the page's world watches for marks), in window.__spa.
 */
export function spaPage(page: number, opts: SpaOptions): string {
  const data: string[][] = [];
  // Pre-generate every row the page will ever show, so the page does no string work we would measure.
  const maxOffset = opts.rows; // odd renders shift by half the rows: [rows/2 .. rows*1.5)
  for (let i = 0; i < opts.rows + maxOffset; i++) {
    const c = rowCells(page, i);
    data.push([c.name, c.tel, c.date, c.id, c.price]);
  }
  return `<!doctype html><html lang="cs"><head>${HEAD}<title>SPA</title></head><body>
<h1>Živý seznam</h1>
<p>Podpora: ${czechNumber(page, 999_999)}</p>
<table><thead><tr><th>Jméno</th><th>Telefon</th><th>Datum</th><th>Objednávka</th><th>Cena</th></tr></thead><tbody id="rows"></tbody></table>
<script>
(() => {
  const DATA = ${JSON.stringify(data)};
  const ROWS = ${opts.rows}, INTERVAL = ${opts.intervalMs}, RENDERS = ${opts.renders};
  const tbody = document.getElementById('rows');
  const state = { renders: [], done: false, started: 0 };
  window.__spa = state;
  let current = null;
  function render(k) {
    const offset = k % 2 === 0 ? 0 : ROWS / 2;
    const t0 = performance.now();
    const frag = document.createDocumentFragment();
    for (let i = 0; i < ROWS; i++) {
      const d = DATA[offset + i];
      const tr = document.createElement('tr');
      for (let c = 0; c < 5; c++) {
        const td = document.createElement('td');
        if (c === 1) td.className = 'tel';
        td.textContent = d[c];
        tr.appendChild(td);
      }
      frag.appendChild(tr);
    }
    tbody.replaceChildren(frag);
    marks = 0;
    const t1 = performance.now();
    current = { k, t0, renderMs: t1 - t0, allLinkedAt: null, linkedAtNext: null };
    state.renders.push(current);
    check();
  }
  // Counts marks as they are added (cheap: no query over the table on every mutation).
  let marks = 0;
  function check() {
    if (current && current.allLinkedAt === null && marks >= ROWS) current.allLinkedAt = performance.now();
  }
  // A mark is an added element, or (a big table's cell marked in place) the attribute on a cell.
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') { if (r.oldValue === null && r.target.hasAttribute('data-ipbx-number')) marks++; continue; }
      for (const n of r.addedNodes) if (n.nodeType === 1 && n.hasAttribute('data-ipbx-number')) marks++;
    }
    check();
  }).observe(tbody, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-ipbx-number'], attributeOldValue: true });
  window.__startSpa = () => {
    state.started = performance.now();
    let k = 0;
    render(k++);
    const timer = setInterval(() => {
      if (current) current.linkedAtNext = tbody.querySelectorAll('[data-ipbx-number]').length;
      if (k >= RENDERS) { clearInterval(timer); state.done = true; return; }
      render(k++);
    }, INTERVAL);
  };
})();
</script>
</body></html>`;
}
