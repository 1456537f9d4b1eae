/**
 * Generated pages for the benchmark. Everything is deterministic (seeded), so two runs measure the same pages, and
 * every page uses its own range of numbers, so the background's per-text cache never answers for a page that another
 * page already asked about.
 *
 * Every phone number written here is a valid Czech number (checked with libphonenumber-js when the page is built), so
 * "all numbers linked" has an exact expected count. Dates, ids and prices sit next to them and must stay unlinked.
 */
import { isValidPhoneNumber } from 'libphonenumber-js/max';

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Czech mobile and landline prefixes (9-digit national numbers). */
const PREFIXES = [
  '601',
  '602',
  '603',
  '604',
  '605',
  '606',
  '607',
  '608',
  '702',
  '703',
  '704',
  '705',
  '720',
  '721',
  '723',
  '724',
  '725',
  '730',
  '731',
  '732',
  '733',
  '734',
  '736',
  '737',
  '739',
  '770',
  '771',
  '773',
  '774',
  '775',
  '776',
  '777',
  '778',
  '790',
  '791',
  '792',
  '793',
  '797',
  '799',
  '221',
  '222',
  '224',
  '234',
  '241',
  '257',
  '283',
  '296',
  '312',
  '354',
  '377',
  '382',
  '417',
  '465',
  '499',
  '518',
  '532',
  '541',
  '548',
  '553',
  '571',
  '585',
  '595',
];

const validCache = new Map<string, boolean>();
function valid(national: string): boolean {
  let v = validCache.get(national);
  if (v === undefined) {
    v = isValidPhoneNumber(national, 'CZ');
    validCache.set(national, v);
  }
  return v;
}

/**
 * The i-th number of a page (distinct within a page for i < 1,000,000 per prefix): "777 888 999",
 * "+420 602 123 456", "602123456" or "+420 777 888 999" with a no-break space, in turn.
 */
export function czechNumber(page: number, i: number): string {
  for (let attempt = 0; ; attempt++) {
    const prefix = PREFIXES[(i + attempt * 7) % PREFIXES.length]!;
    // page*100003 + i spreads pages apart; the modulo keeps six digits.
    const rest = String((page * 100_003 + i * 7919 + attempt * 104_729) % 1_000_000).padStart(6, '0');
    const national = prefix + rest;
    // "602 000 000" reads as a round count (src/content/candidates.ts): not a number a table of contacts has.
    if (!valid(national) || rest === '000000') continue;
    const g = `${prefix} ${rest.slice(0, 3)} ${rest.slice(3)}`;
    switch (i % 4) {
      case 0:
        return g;
      case 1:
        return `+420 ${g}`;
      case 2:
        return national;
      default:
        return `+420\u00a0${g.replace(/ /g, '\u00a0')}`;
    }
  }
}

const FIRST = ['Jan', 'Petr', 'Jana', 'Marie', 'Tomáš', 'Lucie', 'Martin', 'Eva', 'Pavel', 'Hana', 'Jiří', 'Kateřina'];
const LAST = ['Novák', 'Svoboda', 'Dvořák', 'Černá', 'Procházka', 'Kučerová', 'Veselý', 'Horáková', 'Němec', 'Marková'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One table row's cells: name, phone, date, id, price (the phone cell has class "tel"). */
export function rowCells(
  page: number,
  i: number,
): { name: string; tel: string; date: string; id: string; price: string } {
  const day = 1 + (i % 28);
  const month = 1 + (i % 12);
  const year = 2024 + (i % 3);
  const dd = String(day).padStart(2, '0');
  const mm = String(month).padStart(2, '0');
  const serial = String((i * 37) % 10_000).padStart(4, '0');
  // Prices: "12 990 Kč" and, every third row, seven digits ("1 249 990 Kč") so the amount filter is exercised too.
  const amount = i % 3 === 0 ? 1_000_000 + ((i * 7_919) % 8_999_999) : 100 + ((i * 131) % 99_000);
  const price = `${amount.toLocaleString('cs-CZ').replace(/\u00a0/g, ' ')} Kč`;
  return {
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
    tel: czechNumber(page, i),
    date: `${day}.${month}.${year}`,
    id: `#${year}${mm}${dd}-${serial}`,
    price,
  };
}

function rowHtml(page: number, i: number): string {
  const c = rowCells(page, i);
  return `<tr><td>${esc(c.name)}</td><td class="tel">${c.tel}</td><td class="date">${c.date}</td><td class="id">${c.id}</td><td class="price">${c.price}</td></tr>`;
}

const HEAD = `<meta charset="utf-8"><style>body{font:14px/1.4 sans-serif;margin:16px}td{padding:2px 8px;border-bottom:1px solid #ddd}</style>`;

/** A static table of `rows` rows. */
export function tablePage(page: number, rows: number): string {
  const body: string[] = [];
  for (let i = 0; i < rows; i++) body.push(rowHtml(page, i));
  return `<!doctype html><html lang="cs"><head>${HEAD}<title>Zákazníci (${rows})</title></head><body>
<h1>Zákazníci</h1>
<table><thead><tr><th>Jméno</th><th>Telefon</th><th>Datum</th><th>Objednávka</th><th>Cena</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody></table></body></html>`;
}

const WORDS = (
  'telefonní ústředna spojení hovor zákazník kancelář obchod smlouva dodávka zpráva oddělení podpora ' +
  'služba provoz pondělí úterý středa čtvrtek pátek dopoledne odpoledne týden měsíc rok schůzka ' +
  'poznámka kolega ředitel vedoucí projekt termín nabídka objednávka faktura sklad doprava kvalita ' +
  'a i v na se s k z o u do od po při pro jako když ale nebo protože však také již ještě velmi'
).split(' ');

/**
 * About `bytes` bytes of prose without a single phone number: paragraphs of words, with the odd short number (a
 * year, a count, a time) that must not even become a candidate (so nothing is sent to the background).
 */
export function prosePage(bytes: number, seed = 7): string {
  const rnd = prng(seed);
  const paragraphs: string[] = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const words: string[] = [];
    const count = 60 + Math.floor(rnd() * 60);
    let lastWasNumber = false;
    for (let w = 0; w < count; w++) {
      const r = rnd();
      // Never two numbers in a row: "2026 2014" would be eight digits, a candidate the background has to refuse.
      if (!lastWasNumber && r < 0.025) {
        if (r < 0.01) words.push(String(2000 + Math.floor(rnd() * 30)));
        else if (r < 0.02)
          words.push(`${1 + Math.floor(rnd() * 23)}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`);
        else words.push(String(Math.floor(rnd() * 999)));
        lastWasNumber = true;
      } else {
        words.push(WORDS[Math.floor(rnd() * WORDS.length)]!);
        lastWasNumber = false;
      }
    }
    let text = words.join(' ');
    text = `${text[0]!.toUpperCase()}${text.slice(1)}.`;
    const p = n % 12 === 0 ? `<h2>${esc(text.slice(0, 60))}</h2>` : `<p>${esc(text)}</p>`;
    paragraphs.push(p);
    size += Buffer.byteLength(p);
    n++;
  }
  return `<!doctype html><html lang="cs"><head>${HEAD}<title>Dlouhý text</title></head><body>
${paragraphs.join('\n')}
</body></html>`;
}

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
