// "Demo CRM — Contacts": a static page to try the extension's phone-number linker on. Phone numbers come in many
// formats; dates, order numbers, IČO, prices and IBANs are there to prove that they are NOT linked.

interface Contact {
  name: string;
  company: string;
  phone: string;
  lastContact: string;
  order: string;
  ico: string;
  value: string;
  iban: string;
}

const CONTACTS: readonly Contact[] = [
  { name: 'Jan Novák', company: 'Stavby Novák s.r.o.', phone: '+420 777 888 999', lastContact: '25.11.2026', order: '#20261125', ico: '27074358', value: '12 990 Kč', iban: 'CZ65 0800 0000 1920 0014 5399' },
  { name: 'Petra Dvořáková', company: 'Účetnictví Plus a.s.', phone: '777 888 999', lastContact: '3.1.2026', order: '#20260103', ico: '45317054', value: '4 500 Kč', iban: 'CZ69 0710 1781 2400 0000 4159' },
  { name: 'Jiří Šťastný', company: 'Žluťoučký kůň s.r.o.', phone: '00420 602 123 456', lastContact: '14.02.2026', order: '#20260214', ico: '63999714', value: '1 249,50 Kč', iban: 'CZ55 0800 0000 0012 3456 7899' },
  { name: 'Oliver Bennett', company: 'Bennett & Sons Ltd', phone: '+44 20 7946 0958', lastContact: '2026-03-09', order: '#20260309', ico: '—', value: '£ 1 200.00', iban: 'GB29 NWBK 6016 1331 9268 19' },
  { name: "Emily O'Connor", company: 'Hudson Analytics Inc.', phone: '+1 (212) 555-0142', lastContact: '11/28/2026', order: '#20261128', ico: '—', value: '$ 3,499.00', iban: '—' },
  { name: 'Jürgen Müller', company: 'Müller GmbH', phone: '+49 30 901820', lastContact: '01.12.2026', order: '#20261201', ico: '—', value: '2 150,00 €', iban: 'DE89 3704 0044 0532 0130 00' },
  { name: 'Bob Svoboda (kolega)', company: 'iPBX Connect — interní linka', phone: '445', lastContact: '24.11.2026', order: '—', ico: '—', value: '—', iban: '—' },
  { name: 'Zoë Łukasiewicz', company: 'Kraków Tech Sp. z o.o.', phone: '+48 12 345 67 89', lastContact: '07.07.2026', order: '#20260707', ico: '—', value: '8 900 zł', iban: 'PL61 1090 1014 0000 0712 1981 2874' },
  { name: 'Renée Fournier', company: 'Café Lumière SARL', phone: '+33 1 42 68 53 00', lastContact: '18.09.2026', order: '#20260918', ico: '—', value: '990,00 €', iban: 'FR14 2004 1010 0505 0001 3M02 606' },
  { name: 'Søren Kjær', company: 'Nordisk Design ApS', phone: '+45 32 12 34 56', lastContact: '30.04.2026', order: '#20260430', ico: '—', value: '7 450 kr', iban: 'DK50 0040 0440 1162 43' },
  { name: 'Ľubomír Kováč', company: 'Tatra Logistika s.r.o.', phone: '+421 905 123 456', lastContact: '12.10.2026', order: '#20261012', ico: '35757442', value: '15 000 Kč', iban: 'SK31 1200 0000 1987 4263 7541' },
  { name: 'José Álvarez', company: 'Álvarez <Import> & "Export" S.L.', phone: '+34 912 345 678', lastContact: '05.05.2026', order: '#20260505', ico: '—', value: '3 300,00 €', iban: 'ES91 2100 0418 4502 0005 1332' },
];

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
  return `<tr>${cell('name', c.name)}${cell('company', c.company)}${cell('phone', c.phone)}${cell('num', c.lastContact)}`
    + `${cell('num', c.order)}${cell('num', c.ico)}${cell('num price', c.value)}${cell('num', c.iban)}</tr>`;
}

/** The whole page, self-contained (inline CSS, no scripts). */
export function renderDemoPage(): string {
  return `<!doctype html>
<html lang="cs">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo CRM — Contacts</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>Demo CRM — Contacts</h1>
  <a href="tel:+420777888999">Zavolat na recepci: +420 777 888 999</a>
</header>
<main>
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
</body>
</html>
`;
}
