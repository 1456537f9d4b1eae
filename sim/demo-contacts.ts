// The demo CRM's contacts: shown on the demo page, answered by the CRM lookup, and (but for the colleague row) served
// as the iPBX's contact list. A ring from 777 888 999 is Jan Novák of Stavby Novák s.r.o.: no other contact has it.
// Oliver and Sarah Bennett share their office's line (written two ways), so a lookup of it has two answers.

/** The platform's phone types: ip = an internal line, pev = a landline ("pevná"), mob = a mobile, fax. */
export type PhoneType = 'ip' | 'pev' | 'mob' | 'fax';

export interface CrmContact {
  id: string;
  name: string;
  company: string;
  /** As the page shows it (the first of `phones`). */
  phone: string;
  phones: { type: PhoneType; number: string }[];
  email: string;
  /** A colleague's row in the CRM (an internal line): the iPBX lists colleagues from its users instead. */
  colleague?: boolean;
  lastContact: string;
  order: string;
  ico: string;
  value: string;
  iban: string;
}

type Row = Omit<CrmContact, 'phones' | 'id'> & { phoneType: PhoneType; more?: CrmContact['phones'] };

const ROWS: readonly Row[] = [
  {
    name: 'Jan Novák',
    company: 'Stavby Novák s.r.o.',
    phone: '+420 777 888 999',
    phoneType: 'mob',
    more: [{ type: 'fax', number: '+420 222 333 444' }],
    email: 'jan.novak@stavby-novak.cz',
    lastContact: '25.11.2026',
    order: '#20261125',
    ico: '27074358',
    value: '12 990 Kč',
    iban: 'CZ65 0800 0000 1920 0014 5399',
  },
  {
    name: 'Petra Dvořáková',
    company: 'Účetnictví Plus a.s.',
    phone: '731 456 789',
    phoneType: 'mob',
    email: 'petra@ucetnictvi-plus.cz',
    lastContact: '3.1.2026',
    order: '#20260103',
    ico: '45317054',
    value: '4 500 Kč',
    iban: 'CZ69 0710 1781 2400 0000 4159',
  },
  {
    name: 'Jiří Šťastný',
    company: 'Žluťoučký kůň s.r.o.',
    phone: '00420 602 123 456',
    phoneType: 'mob',
    email: 'jiri@zlutoucky-kun.cz',
    lastContact: '14.02.2026',
    order: '#20260214',
    ico: '63999714',
    value: '1 249,50 Kč',
    iban: 'CZ55 0800 0000 0012 3456 7899',
  },
  {
    name: 'Oliver Bennett',
    company: 'Bennett & Sons Ltd',
    phone: '+44 20 7946 0958',
    phoneType: 'pev',
    email: 'oliver@bennett-sons.co.uk',
    lastContact: '2026-03-09',
    order: '#20260309',
    ico: '—',
    value: '£ 1 200.00',
    iban: 'GB29 NWBK 6016 1331 9268 19',
  },
  {
    name: 'Sarah Bennett',
    company: 'Bennett & Sons Ltd',
    phone: '0044 20 7946 0958',
    phoneType: 'pev',
    email: 'sarah@bennett-sons.co.uk',
    lastContact: '2026-03-10',
    order: '#20260310',
    ico: '—',
    value: '£ 860.00',
    iban: 'GB29 NWBK 6016 1331 9268 19',
  },
  {
    name: "Emily O'Connor",
    company: 'Hudson Analytics Inc.',
    phone: '+1 (212) 555-0142',
    phoneType: 'pev',
    email: 'emily@hudson-analytics.com',
    lastContact: '11/28/2026',
    order: '#20261128',
    ico: '—',
    value: '$ 3,499.00',
    iban: '—',
  },
  {
    name: 'Jürgen Müller',
    company: 'Müller GmbH',
    phone: '+49 30 901820',
    phoneType: 'pev',
    email: 'juergen@mueller-gmbh.de',
    lastContact: '01.12.2026',
    order: '#20261201',
    ico: '—',
    value: '2 150,00 €',
    iban: 'DE89 3704 0044 0532 0130 00',
  },
  {
    name: 'Bob Svoboda (kolega)',
    company: 'iPBX Connect — interní linka',
    phone: '445',
    phoneType: 'ip',
    colleague: true,
    email: 'bob@example.com',
    lastContact: '24.11.2026',
    order: '—',
    ico: '—',
    value: '—',
    iban: '—',
  },
  {
    name: 'Zoë Łukasiewicz',
    company: 'Kraków Tech Sp. z o.o.',
    phone: '+48 12 345 67 89',
    phoneType: 'pev',
    email: 'zoe@krakow-tech.pl',
    lastContact: '07.07.2026',
    order: '#20260707',
    ico: '—',
    value: '8 900 zł',
    iban: 'PL61 1090 1014 0000 0712 1981 2874',
  },
  {
    name: 'Renée Fournier',
    company: 'Café Lumière SARL',
    phone: '+33 1 42 68 53 00',
    phoneType: 'pev',
    email: 'renee@cafe-lumiere.fr',
    lastContact: '18.09.2026',
    order: '#20260918',
    ico: '—',
    value: '990,00 €',
    iban: 'FR14 2004 1010 0505 0001 3M02 606',
  },
  {
    name: 'Søren Kjær',
    company: 'Nordisk Design ApS',
    phone: '+45 32 12 34 56',
    phoneType: 'pev',
    email: 'soren@nordisk-design.dk',
    lastContact: '30.04.2026',
    order: '#20260430',
    ico: '—',
    value: '7 450 kr',
    iban: 'DK50 0040 0440 1162 43',
  },
  {
    name: 'Ľubomír Kováč',
    company: 'Tatra Logistika s.r.o.',
    phone: '+421 905 123 456',
    phoneType: 'mob',
    email: 'lubomir@tatra-logistika.sk',
    lastContact: '12.10.2026',
    order: '#20261012',
    ico: '35757442',
    value: '15 000 Kč',
    iban: 'SK31 1200 0000 1987 4263 7541',
  },
  {
    name: 'José Álvarez',
    company: 'Álvarez <Import> & "Export" S.L.',
    phone: '+34 912 345 678',
    phoneType: 'pev',
    email: 'jose@alvarez-import.es',
    lastContact: '05.05.2026',
    order: '#20260505',
    ico: '—',
    value: '3 300,00 €',
    iban: 'ES91 2100 0418 4502 0005 1332',
  },
];

export const CRM_CONTACTS: readonly CrmContact[] = ROWS.map(({ phoneType, more, ...row }, i) => ({
  ...row,
  id: `crm-${i + 1}`,
  phones: [{ type: phoneType, number: row.phone }, ...(more ?? [])],
}));
