/** Rows of the generated tables: a name, a phone number, and a date, an id and a price that must stay unlinked. */
import { esc } from './html.ts';
import { czechNumber } from './numbers.ts';

const FIRST = ['Jan', 'Petr', 'Jana', 'Marie', 'Tomáš', 'Lucie', 'Martin', 'Eva', 'Pavel', 'Hana', 'Jiří', 'Kateřina'];
const LAST = ['Novák', 'Svoboda', 'Dvořák', 'Černá', 'Procházka', 'Kučerová', 'Veselý', 'Horáková', 'Němec', 'Marková'];

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

/** One row of a table, as HTML. */
export function rowHtml(page: number, i: number): string {
  const c = rowCells(page, i);
  return `<tr><td>${esc(c.name)}</td><td class="tel">${c.tel}</td><td class="date">${c.date}</td><td class="id">${c.id}</td><td class="price">${c.price}</td></tr>`;
}
