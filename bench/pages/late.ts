/** Late numbers: one appended after load at a time. */
import { HEAD } from './html.ts';
import { czechNumber } from './numbers.ts';
import { rowHtml } from './rows.ts';

export interface LateOptions {
  /** Numbers added after load, one at a time. */
  count: number;
  /** Time between two of them. */
  gapMs: number;
}

/**
 * A small page (a short table, so the scanner has done real work first) that, once started by the benchmark, appends
 * one new paragraph with a number every `gapMs`. It records, per number, performance.now() just before appending
 * (t0) and when a mark for it appeared (a MutationObserver in the page's world), in window.__late.
 */
export function latePage(page: number, opts: LateOptions, baseRows = 50): string {
  const rows: string[] = [];
  for (let i = 0; i < baseRows; i++) rows.push(rowHtml(page, i));
  const late: string[] = [];
  for (let i = 0; i < opts.count; i++) late.push(czechNumber(page, 500_000 + i));
  return `<!doctype html><html lang="cs"><head>${HEAD}<title>Pozdní číslo</title></head><body>
<h1>Kontakty</h1>
<table><tbody>${rows.join('\n')}</tbody></table>
<div id="late"></div>
<script>
(() => {
  const LATE = ${JSON.stringify(late)};
  const GAP = ${opts.gapMs};
  const box = document.getElementById('late');
  const state = { items: [], done: false };
  window.__late = state;
  new MutationObserver(() => {
    const now = performance.now();
    for (const item of state.items) {
      if (item.linkedAt === null && item.el.querySelector('[data-ipbx-number]')) item.linkedAt = now;
    }
  }).observe(box, { childList: true, subtree: true });
  window.__startLate = () => {
    let i = 0;
    const add = () => {
      const p = document.createElement('p');
      p.textContent = 'Nové číslo: ' + LATE[i] + ' (volejte po 9:00)';
      const item = { i, t0: performance.now(), linkedAt: null, el: p };
      state.items.push(item);
      box.appendChild(p);
      i++;
      if (i < LATE.length) setTimeout(add, GAP); else setTimeout(() => { state.done = true; }, GAP);
    };
    add();
  };
})();
</script>
</body></html>`;
}
