// "Demo CRM — Contacts": a static page to try the extension's phone-number linker on. Phone numbers come in many
// formats; dates, order numbers, IČO, prices and IBANs are there to prove that they are NOT linked. Its contacts
// (demo-contacts.ts) also answer the demo CRM lookup and the iPBX's /contacts (contacts.ts).
import { CALLING_NOW_CSS, CALLING_NOW_HTML, callingNowScript } from './demo-page-feed.js';
import { CRM_CONTACTS as CONTACTS, type CrmContact as Contact } from './demo-contacts.js';

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
  :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --brand: #0b6bcb; --bg: #f5f7fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  header { background: linear-gradient(90deg, #0b6bcb, #2186eb); color: #fff; padding: 18px 32px; display: flex; align-items: center; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
  header h1 { margin: 0; font-size: 22px; font-weight: 600; letter-spacing: .2px; }
  header a { color: #fff; background: rgba(255,255,255,.16); padding: 6px 14px; border-radius: 999px; text-decoration: none; font-weight: 500; }
  header a:hover { background: rgba(255,255,255,.28); }
  main { max-width: 1600px; margin: 24px auto; padding: 0 24px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 1px 3px rgba(15,23,42,.06); overflow: hidden; margin-bottom: 24px; }
  .card h2 { font-size: 16px; margin: 0; padding: 14px 20px; border-bottom: 1px solid var(--line); }
  .scroll { overflow-x: auto; }
  table { width: 100%; border-collapse: collapse; }
  th, td { padding: 10px 12px; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
  th { font-size: 12px; text-transform: uppercase; letter-spacing: .6px; color: var(--muted); background: #fafbfc; }
  tbody tr:nth-child(even) { background: #fbfcfd; }
  tbody tr:hover { background: #eef6ff; }
  td.name { font-weight: 600; }
  td.company { color: var(--muted); }
  td.phone { font-variant-numeric: tabular-nums; }
  td.num { font-variant-numeric: tabular-nums; color: #3e4c59; }
  td.price { text-align: right; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 24px; }
  .pad { padding: 16px 20px; }
  .note { min-height: 72px; padding: 10px 12px; border: 1px dashed #9aa5b1; border-radius: 8px; background: #fffdf3; outline: none; }
  .note:focus { border-style: solid; border-color: var(--brand); }
  textarea { width: 100%; min-height: 90px; font: inherit; padding: 10px 12px; border: 1px solid #cbd2d9; border-radius: 8px; resize: vertical; }
  .hint { color: var(--muted); font-size: 13px; margin: 8px 0 0; }
  footer { text-align: center; color: var(--muted); font-size: 13px; padding: 8px 0 32px; }
`;

function row(c: Contact): string {
  const cell = (cls: string, text: string): string => `<td class="${cls}">${escapeHtml(text)}</td>`;
  return (
    `<tr>${cell('name', c.name)}${cell('company', c.company)}${cell('phone', c.phone)}${cell('num', c.lastContact)}` +
    `${cell('num', c.order)}${cell('num', c.ico)}${cell('num price', c.value)}${cell('num', c.iban)}</tr>`
  );
}

/** The whole page, self-contained (inline CSS; one script: the "Calling now" box that reads the page feed). */
export function renderDemoPage(): string {
  return `<!doctype html>
<html lang="cs">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo CRM — Contacts</title>
<style>${CSS}${CALLING_NOW_CSS}</style>
</head>
<body>
<header>
  <h1>Demo CRM — Contacts</h1>
  <a href="tel:+420777888999">Zavolat na recepci: +420 777 888 999</a>
</header>
<main>
  ${CALLING_NOW_HTML}
  <section class="card">
    <h2>Kontakty (${CONTACTS.length})</h2>
    <div class="scroll">
      <table>
        <thead><tr><th>Jméno</th><th>Firma</th><th>Telefon</th><th>Poslední kontakt</th><th>Objednávka</th><th>IČO</th><th>Hodnota</th><th>IBAN</th></tr></thead>
        <tbody>
${CONTACTS.map((c) => `          ${row(c)}`).join('\n')}
        </tbody>
      </table>
    </div>
  </section>
  <div class="grid">
    <section class="card">
      <h2>Poznámka k hovoru</h2>
      <div class="pad">
        <div class="note" contenteditable="true">${escapeHtml('Zavolat Janu Novákovi zpět na +420 777 888 999 po 14:00 (objednávka #20261125).')}</div>
        <p class="hint">An editable note (contenteditable) with a phone number in it.</p>
      </div>
    </section>
    <section class="card">
      <h2>Interní zpráva</h2>
      <div class="pad">
        <textarea name="message">${escapeHtml('Petra prosí o zavolání: 602 123 456. Faktura splatná 25.11.2026, částka 12 990 Kč.')}</textarea>
        <p class="hint">A form field (textarea) with a phone number in it.</p>
      </div>
    </section>
  </div>
</main>
<footer>iPBX simulator · demo data only · ${escapeHtml('Všechna čísla jsou smyšlená & bezpečná <pro testy>.')}</footer>
${callingNowScript(CONTACTS)}
</body>
</html>
`;
}
