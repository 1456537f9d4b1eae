/**
 * Columns of a contacts table: recognising them by their header (Outlook and Google exports in English and Czech,
 * and the names people give columns in their own spreadsheets, in English, Czech, Slovak, German and Polish), and
 * turning rows into contacts by a mapping (recognised, or chosen by the user when recognition fails).
 */
import { cleanText, type ContactPhone, type ContactRecord, type PhoneType } from '../contact-record.ts';
import type { ColumnMapping, PhoneColumn } from './types.ts';

/** A header as compared: lower case, no accents, words separated by one space ("Příjmení" → "prijmeni"). */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const FULL_NAME = new Set([
  'name',
  'full name',
  'display name',
  'contact',
  'contact name',
  'jmeno a prijmeni',
  'cele jmeno',
  'zobrazovane jmeno',
  'zobrazene jmeno',
  'kontakt',
  'nazev kontaktu',
  'osoba',
  'kontaktni osoba',
  'meno a priezvisko',
  'cele meno',
  'imie i nazwisko',
  'vollstandiger name',
  'anzeigename',
]);
const FIRST_NAME = new Set([
  'first name',
  'firstname',
  'given name',
  'forename',
  'jmeno',
  'krestni jmeno',
  'meno',
  'vorname',
  'imie',
]);
const MIDDLE_NAME = new Set([
  'middle name',
  'additional name',
  'druhe jmeno',
  'dalsi jmeno',
  'prostredni jmeno',
  'weitere vornamen',
]);
const LAST_NAME = new Set([
  'last name',
  'lastname',
  'family name',
  'surname',
  'prijmeni',
  'priezvisko',
  'nachname',
  'nazwisko',
]);
const COMPANY = new Set([
  'company',
  'company name',
  'organization',
  'organisation',
  'organization name',
  'organisation name',
  'organization 1 name',
  'employer',
  'firma',
  'spolecnost',
  'organizace',
  'nazev firmy',
  'nazev spolecnosti',
  'spolocnost',
  'unternehmen',
  'nazwa firmy',
]);
/** A header with one of these words holds phone numbers (Outlook's "Business Phone", Czech "Telefon domů"…). */
const PHONE_WORDS = new Set([
  'phone',
  'telephone',
  'tel',
  'mobile',
  'cell',
  'cellphone',
  'fax',
  'callback',
  'isdn',
  'telefon',
  'telefonni',
  'mobil',
  'mobilni',
  'faxove',
  'gsm',
  'linka',
  'klapka',
  'handy',
  'komorka',
  'komorkowy',
  'telefonu',
]);
/** …unless it has one of these: a label or type column (Google's "Phone 1 - Label"), not the number. */
const NOT_A_NUMBER = new Set(['label', 'type', 'typ', 'druh', 'popis']);

/** The type of a number from words in its header or type cell ("Mobile Phone", "Fax do zaměstnání", "* Work"). */
export function phoneTypeOf(text: string): PhoneType {
  const words = foldHeader(text).split(' ');
  const has = (...w: string[]) => w.some((x) => words.includes(x));
  if (has('fax', 'faxove')) return 'fax';
  if (has('mobile', 'cell', 'cellphone', 'mobil', 'mobilni', 'handy', 'komorka', 'komorkowy', 'gsm', 'iphone'))
    return 'mobile';
  // "Pevná linka" is a landline; "linka" alone is an extension.
  if (has('pevna')) return 'work';
  if (has('linka', 'klapka', 'internal', 'extension', 'vnitrni', 'interni')) return 'internal';
  if (has('home', 'domu', 'domaci', 'soukromy', 'privat', 'private')) return 'home';
  if (
    has(
      'business',
      'work',
      'office',
      'company',
      'zamestnani',
      'prace',
      'pracovni',
      'firma',
      'firemni',
      'spolecnosti',
      'main',
    )
  )
    return 'work';
  return 'other';
}

/** What the headers say; `recognised` when there is a phone column and a name or company column. */
export function recogniseColumns(headers: readonly string[]): { mapping: ColumnMapping; recognised: boolean } {
  const folded = headers.map(foldHeader);
  const mapping: ColumnMapping = { header: true, phones: [] };
  const firstOf = (set: Set<string>) => {
    const at = folded.findIndex((h) => set.has(h));
    return at < 0 ? undefined : at;
  };
  const assign = (field: 'name' | 'first' | 'middle' | 'last' | 'company', set: Set<string>) => {
    const at = firstOf(set);
    if (at !== undefined) mapping[field] = at;
  };
  assign('name', FULL_NAME);
  assign('first', FIRST_NAME);
  assign('middle', MIDDLE_NAME);
  assign('last', LAST_NAME);
  assign('company', COMPANY);
  folded.forEach((h, column) => {
    const words = h.split(' ');
    if (!words.some((w) => PHONE_WORDS.has(w)) || words.some((w) => NOT_A_NUMBER.has(w))) return;
    const phone: PhoneColumn = { column, type: phoneTypeOf(h) };
    // Google: "Phone 1 - Value" has its type in "Phone 1 - Label" (or "Phone 1 - Type" in older exports).
    if (words.includes('value')) {
      const typeColumn = folded.findIndex(
        (o) => o === h.replace(/\bvalue\b/, 'label') || o === h.replace(/\bvalue\b/, 'type'),
      );
      if (typeColumn >= 0) phone.typeColumn = typeColumn;
    }
    mapping.phones.push(phone);
  });
  const named =
    mapping.name !== undefined ||
    mapping.first !== undefined ||
    mapping.last !== undefined ||
    mapping.company !== undefined;
  return { mapping, recognised: named && mapping.phones.length > 0 };
}

/** Several numbers in one cell: Google's " ::: ", commas, semicolons, line breaks, " | ". */
const CELL_SEPARATORS = /\s*(?::::|[,;|\n\r]+)\s*/;
/** Excel's way to keep a number as text: ="+420777888999". */
const EXCEL_TEXT = /^="(.*)"$/;
/** Excel turned the number into a float ("4,20778E+11"): the digits are lost. */
const SCIENTIFIC = /^[0-9]+[.,][0-9]+e\+?[0-9]+$/i;

/** The numbers written in one cell, each only if it can be a phone number (3 to 20 digits). */
export function phonesInCell(cell: string, type: PhoneType): ContactPhone[] {
  const out: ContactPhone[] = [];
  if (SCIENTIFIC.test(cell.trim())) return out;
  for (const piece of cell.split(CELL_SEPARATORS)) {
    const value = cleanText(piece.replace(EXCEL_TEXT, '$1'));
    const digits = value.replace(/\D/g, '').length;
    if (digits >= 3 && digits <= 20) out.push({ number: value, type });
  }
  return out;
}

export interface MappedRows {
  contacts: ContactRecord[];
  /** Indexes (into the rows given) of rows with text but no usable number. */
  skipped: number[];
  /** Indexes of rows with nothing in them (not counted as records). */
  blank: number[];
}

/** Pure: the contacts in `rows` (data rows only, the header already left out) by `mapping`. */
export function applyMapping(rows: readonly (readonly string[])[], mapping: ColumnMapping): MappedRows {
  const out: MappedRows = { contacts: [], skipped: [], blank: [] };
  rows.forEach((row, index) => {
    if (row.every((cell) => cell.trim() === '')) {
      out.blank.push(index);
      return;
    }
    const cell = (column: number | undefined) => (column === undefined ? '' : cleanText(row[column] ?? ''));
    const phones = mapping.phones.flatMap((p) => {
      const typeCell = cell(p.typeColumn);
      return phonesInCell(row[p.column] ?? '', typeCell ? phoneTypeOf(typeCell) : p.type);
    });
    if (phones.length === 0) {
      out.skipped.push(index);
      return;
    }
    const company = cell(mapping.company);
    const parts = [cell(mapping.first), cell(mapping.middle), cell(mapping.last)].filter((p) => p !== '');
    const name = cell(mapping.name) || cleanText(parts.join(' ')) || company || (phones[0]?.number ?? '');
    out.contacts.push({ name, company, phones });
  });
  return out;
}
