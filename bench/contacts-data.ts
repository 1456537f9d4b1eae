/**
 * Realistic contacts for the contacts benchmark: Czech and foreign names (female surnames in -ová), a few thousand
 * companies shared by many people, Czech and foreign numbers written in the formats people really use, and a
 * Czech Excel CSV of them (Windows-1250, semicolons, some quoted multi-line notes). Deterministic (seeded).
 */
import type { ContactRecord, PhoneType } from '../src/shared/contact-record.ts';

export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MEN = [
  'Jan',
  'Petr',
  'Josef',
  'Pavel',
  'Martin',
  'Tomáš',
  'Jaroslav',
  'Miroslav',
  'Zdeněk',
  'Václav',
  'Michal',
  'František',
  'Jiří',
  'Lukáš',
  'Ondřej',
  'Radek',
  'Štěpán',
  'Klaus',
  'Peter',
  'John',
  'Łukasz',
  'Marek',
  'Ján',
];
const WOMEN = [
  'Jana',
  'Marie',
  'Eva',
  'Hana',
  'Anna',
  'Lenka',
  'Kateřina',
  'Lucie',
  'Věra',
  'Alena',
  'Petra',
  'Veronika',
  'Martina',
  'Jitka',
  'Tereza',
  'Žaneta',
  'Zuzana',
  'Sophie',
  'Mary',
  'Agnieszka',
];
const SURNAMES = [
  'Novák',
  'Svoboda',
  'Novotný',
  'Dvořák',
  'Černý',
  'Procházka',
  'Kučera',
  'Veselý',
  'Horák',
  'Němec',
  'Marek',
  'Pospíšil',
  'Pokorný',
  'Hájek',
  'Král',
  'Jelínek',
  'Růžička',
  'Beneš',
  'Fiala',
  'Sedláček',
  'Doležal',
  'Zeman',
  'Kolář',
  'Navrátil',
  'Čermák',
  'Vaněk',
  'Urban',
  'Blažek',
  'Kříž',
  'Kovář',
  'Šťastný',
  'Müller',
  'Schmidt',
  'Smith',
  'Nowak',
  'Horváth',
  'Kováč',
  'Wagner',
];
const COMPANY_WORDS = [
  'Stavby',
  'Elektro',
  'Auto',
  'Agro',
  'Dřevo',
  'Kov',
  'Tech',
  'Servis',
  'Trans',
  'Medi',
  'Pekárna',
  'Tiskárna',
  'Účetnictví',
  'Zahrady',
  'Okna',
  'Střechy',
  'Logistik',
  'Energie',
  'Kancelář',
  'Reality',
];
const COMPANY_FORMS = ['s.r.o.', 'a.s.', 'spol. s r.o.', 'v.o.s.', 'GmbH', 'Ltd', 'k.s.', ''];

/** A Czech surname in the form for a woman (Novák → Nováková, Černý → Černá, Procházka → Procházková). */
function feminine(surname: string): string {
  if (/ý$/.test(surname)) return surname.replace(/ý$/, 'á');
  if (/[aeě]$/.test(surname)) return `${surname.slice(0, -1)}ová`;
  if (/[a-zá-ž]$/i.test(surname) && !/^(Müller|Schmidt|Smith|Nowak|Horváth|Wagner)$/.test(surname))
    return `${surname}ová`;
  return surname;
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] ?? items[0]!;
const digits = (rnd: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

/** A Czech number as people write it; `national` is its 9 digits. */
export function czechWritten(national: string, style: number): string {
  const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
  switch (style % 7) {
    case 0:
      return `+420 ${a} ${b} ${c}`;
    case 1:
      return `00420${national}`;
    case 2:
      return `${a} ${b} ${c}`;
    case 3:
      return `${a}-${b}-${c}`;
    case 4:
      return `(${a}) ${b}.${c}`;
    case 5:
      return `+420${national}`;
    default:
      return national;
  }
}

/** Foreign numbers in international form, as a Czech address book holds them. */
const FOREIGN: ((rnd: () => number) => string)[] = [
  (r) => `+421 9${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}`,
  (r) => `+49 15${digits(r, 1)} ${digits(r, 8)}`,
  (r) => `+49 (0)30 ${digits(r, 7)}`,
  (r) => `+43 664 ${digits(r, 7)}`,
  (r) => `0048 5${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}`,
  (r) => `+44 20 7${digits(r, 3)} ${digits(r, 4)}`,
  (r) => `+1 (212) 555-${digits(r, 4)}`,
];

export interface Generated {
  records: ContactRecord[];
  /** Czech national numbers (9 digits) that are in the data: callers that hit. */
  knownNational: string[];
}

export function generateContacts(count: number, seed = 16): Generated {
  const rnd = random(seed);
  const companies = Array.from({ length: 3_000 }, (_, i) =>
    `${pick(rnd, COMPANY_WORDS)} ${pick(rnd, SURNAMES)}${i % 5 === 0 ? ` ${i}` : ''} ${pick(rnd, COMPANY_FORMS)}`.trim(),
  );
  const records: ContactRecord[] = [];
  const knownNational: string[] = [];
  for (let i = 0; i < count; i++) {
    const woman = rnd() < 0.5;
    const surname = pick(rnd, SURNAMES);
    const name = woman ? `${pick(rnd, WOMEN)} ${feminine(surname)}` : `${pick(rnd, MEN)} ${surname}`;
    const company = rnd() < 0.7 ? pick(rnd, companies) : '';
    const phones: { number: string; type: PhoneType }[] = [];
    const count = rnd() < 0.01 ? 0 : 1 + Math.floor(rnd() * rnd() * 3);
    for (let p = 0; p < count; p++) {
      if (rnd() < 0.12) {
        phones.push({ number: pick(rnd, FOREIGN)(rnd), type: 'work' });
        continue;
      }
      const mobile = rnd() < 0.7;
      const national = mobile
        ? `${pick(rnd, ['60', '70', '72', '73', '77', '79'])}${digits(rnd, 7)}`
        : `${pick(rnd, ['2', '3', '5'])}${digits(rnd, 8)}`;
      knownNational.push(national);
      phones.push({ number: czechWritten(national, Math.floor(rnd() * 7)), type: mobile ? 'mobile' : 'work' });
    }
    records.push({ name, company, phones });
  }
  return { records, knownNational };
}

const quote = (cell: string): string => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** The records as a Czech Excel CSV; `bytes` is its Windows-1250 encoding. */
export function czechExcelCsv(records: readonly ContactRecord[], seed = 17): string {
  const rnd = random(seed);
  const lines = ['Jméno;Příjmení;Firma;E-mail;Telefon;Mobil;Adresa;Poznámka'];
  const streets = ['Náměstí Míru', 'Husova', 'Palackého', 'Masarykova', 'Žižkova', 'Nádražní', 'Školní', 'Komenského'];
  const towns = ['Praha 2', 'Brno', 'Ostrava', 'Plzeň', 'Olomouc', 'České Budějovice', 'Hradec Králové', 'Pardubice'];
  for (const [i, r] of records.entries()) {
    const [first = '', ...rest] = r.name.split(' ');
    const work = r.phones
      .filter((p) => p.type !== 'mobile')
      .map((p) => p.number)
      .join(', ');
    const mobile = r.phones
      .filter((p) => p.type === 'mobile')
      .map((p) => p.number)
      .join(', ');
    const email = `${first.toLowerCase()}.${i}@example.cz`;
    const note =
      rnd() < 0.05
        ? `Volat po 14:00;\r\nnezapomenout na "nabídku" ${i}`
        : rnd() < 0.5
          ? `zákazník od roku ${2000 + (i % 25)}`
          : '';
    const address = `${streets[i % streets.length]} ${1 + (i % 180)}, ${10000 + ((i * 37) % 89999)} ${towns[(i >> 3) % towns.length]}`;
    lines.push([first, rest.join(' '), r.company, email, work, mobile, address, note].map(quote).join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}
