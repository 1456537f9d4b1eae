/** The static tables (1k, 10k, 50k rows). */
import { HEAD } from './html.ts';
import { rowHtml } from './rows.ts';

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
