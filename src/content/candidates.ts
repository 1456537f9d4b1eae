/**
 * The cheap in-page filter: finds digit runs in text that could be phone numbers and drops the ones that are clearly
 * something else (dates, IDs, prices, accounts…). Whether a candidate is a real number is decided by
 * libphonenumber-js in the background (number-classifier.ts); this file keeps that traffic small and the page fast.
 */
import { MAYBE_NUMBER } from './maybe-number.ts';

export interface Span {
  /** Offsets in the text node. */
  start: number;
  end: number;
  text: string;
}

/** A run of digits and the readings of it worth validating, best first (the whole run, then without a stray group). */
export interface Candidate extends Span {
  options: Span[];
}

/**
 * A run of digit groups: an optional "+" or "(" in front, digits separated by at most two of space, dot, hyphen,
 * slash or parentheses. Commas, colons and letters end a run.
 */
const RUN = /[+(]?\d(?:[ \u00a0\u2009.\-/()]{0,2}\d)*\)?/g;

const MIN_DIGITS = 7;
/** E.164 allows 15 digits; "00" in front makes 17. */
const MAX_DIGITS = 17;
/** The background refuses longer texts (message-router.ts): a longer run is no number anyway. */
const MAX_LENGTH = 40;

/** Shapes that are never phone numbers, tested on the run itself. */
const NOT_A_NUMBER: readonly RegExp[] = [
  /^\d{1,2}\. ?\d{1,2}\. ?\d{2,4}$/, // 25.11.2026, 25. 11. 2026
  /^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$/, // 11/25/2026, 25-11-2026
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/, // 2026-11-25
  /^\d{1,3}(?:\.\d{1,3}){3}$/, // IPv4 192.168.10.254
  /^\d+\.\d+$/, // decimals: GPS 50.0755123, call ids 1412256225.1941, amounts
  /^\d+\.\d+[ \u00a0]+\d+\.\d+$/, // GPS pairs written with a space: 48.2085 16.3721
  /^\d{1,2}(?:\.\d+){2,}$|^\d+(?:\.\d+)*\.\d(?:\.\d+)*$/, // versions 10.4.2.1234, 120.0.6099.109 (not 602.123.456)
  /^1\d{9}$|^1\d{12}$/, // unix timestamps in seconds and milliseconds
  /^\d+(?:-\d+)?\/\d{4}$/, // Czech bank accounts 19-2000145399/0800, 2000145399/0800
  /^97[89][- ]?\d/, // ISBN-13 978-80-7203-611-4
  /^\d{4}-\d{3}[\dX]$/, // ISSN 1234-5679
];

/** Words right before a run that make it an identifier, not a phone number ("#", "No.", IČO, IBAN…). */
const ID_BEFORE =
  /(?:#|(?<![\p{L}\p{N}])(?:no\.?|nr\.?|num\.?|č\.|čís\.|číslo (?:objednávky|faktury|účtu|smlouvy|dokladu|zakázky)|i[čc]o?|di[čc]|vat(?: ?id)?|tax ?id|isbn(?:-1[03])?|issn|iban|bic|swift|order|invoice|id|ref\.?|ean|sku|psč|zip|postcode|account|účet|acct\.?|serial|s\/n|pin|pid|ts|timestamp|čas))\s*[:#.]?\s*$/iu;

/** Currencies and units right before or after a run make it an amount or a count. */
const AMOUNT_BEFORE = /(?:[€$£¥]|(?<![\p{L}\p{N}])(?:kč|czk|eur|usd|gbp|chf|pln|huf))\s?$/iu;
/**
 * What a count counts, right after it: units, currencies, and the nouns people count in Czech and English ("350 000 000
 * cestujících", "12 500 000 visitors"). A small list on purpose (docs/security.md): a number is linked unless it reads
 * as one of these, and a phone number is never followed by them.
 */
const COUNT_WORDS = [
  // units and currencies
  'kč|czk|eur|euro|eura|usd|gbp|chf|pln|huf|korun|dollars?|crowns?|ks|pcs|kg|km|mb|gb|kb|tun|tons?|litrů|miles?|x',
  // Czech: who and what is counted, and how much of it
  'lidí|osob|obyvatel|cestujících|uživatelů|zákazníků|návštěvníků|návštěv|zaměstnanců|členů|diváků|studentů|dětí|' +
    'domácností|voličů|hlasů|bodů|kusů|kusy|let|roků|dní|dnů|hodin|minut|stažení|zhlédnutí|sledujících|odběratelů|' +
    'tisíc|milionů|miliony|milionu|miliard',
  // English
  'people|persons|users|customers|visitors|visits|passengers|employees|members|viewers|students|children|residents|' +
    'inhabitants|households|voters|votes|points|subscribers|followers|downloads|views|items?|units|pieces|copies|' +
    'times|years|days|hours|minutes|thousand|millions?|billions?',
].join('|');
const AMOUNT_AFTER = new RegExp(`^\\s?(?:[€$£¥%‰]|,-|\\.-|(?:${COUNT_WORDS})(?![\\p{L}\\p{N}]))`, 'iu');
/** Words right before a run that make it a count ("celkem 350 000 000", "over 12 500 000"). */
const COUNT_BEFORE =
  /(?<![\p{L}\p{N}])(?:celkem|počet|přes|více než|téměř|skoro|zhruba|přibližně|cca|asi|total|population|over|about|approximately|around|nearly|almost|more than)\s*[:.]?\s*$/iu;
/** Words right before a run that say it is a phone number: they outweigh the round-number rule below. */
const PHONE_BEFORE =
  /(?<![\p{L}\p{N}])(?:tel|telefon\p{L}*|mobil\p{L}*|fax|volejte|volat|zavolejte|linka|infolinka|kontakt\p{L}*|call|phone|dial|hotline)\s*[:.]{0,2}\s*$/iu;
/**
 * A round count or amount in groups of three: "350 000 000", "1 200 000", "12 500 000" (a first group of one or two
 * digits, or two zero groups at the end). Czech phone numbers are also three groups of three, so only round ones are
 * counts here; "777 888 999" and "800 100 000" are not.
 */
function isRoundCount(raw: string): boolean {
  const groups = raw.split(/[ \u00a0\u2009.]/);
  if (groups.length < 3 || !/^\d{1,3}$/.test(groups[0] ?? '')) return false;
  // One kind of separator, and three digits in every group after the first.
  const sep = raw.charAt(groups[0]?.length ?? 0);
  if (raw.split(sep).length !== groups.length || !groups.slice(1).every((g) => /^\d{3}$/.test(g))) return false;
  return groups.at(-1) === '000' && ((groups[0]?.length ?? 0) < 3 || groups.at(-2) === '000');
}

/**
 * All the shapes in one regex: one call per run instead of one per shape (the closures cost as much as the tests). The
 * leading ^ lets the engine try the start alone.
 */
const NOT_A_NUMBER_ANY = new RegExp(`^(?:${NOT_A_NUMBER.map((re) => `(?:${re.source})`).join('|')})`);

function isGap(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x2009;
}

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const WORD_CHAR = /[\p{L}\p{N}_@]/u;

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  // ASCII without a regex: nearly every neighbour of a number is a space, punctuation or an ASCII letter.
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64;
  return WORD_CHAR.test(ch);
}

/**
 * Candidates in one text. `before` is text that precedes it on the page (e.g. the end of the previous text node), so
 * "IČO: <b>27074358</b>" is still read as an ID.
 */
export function findCandidates(text: string, before = ''): Candidate[] {
  return MAYBE_NUMBER.test(text) ? candidatesAfterTest(text, before) : [];
}

/** findCandidates for a caller that has seen MAYBE_NUMBER match `text` (scan/walker.ts: once per text is enough). */
export function candidatesAfterTest(text: string, before = ''): Candidate[] {
  const found: Candidate[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    let raw = m[0];
    let start = m.index;
    // A "(" or ")" that does not pair up is punctuation around the number, not part of it.
    if (raw.startsWith('(') && !raw.includes(')')) {
      raw = raw.slice(1);
      start++;
    }
    if (raw.endsWith(')') && !raw.includes('(')) raw = raw.slice(0, -1);
    const end = start + raw.length;
    const digits = digitCount(raw);
    if (digits < MIN_DIGITS || digits > MAX_DIGITS || raw.length > MAX_LENGTH) continue;
    // Part of a longer token: "CZ65 0800…", "v2.10.4", "A-777888999", "123abc".
    const prev = start > 0 ? text[start - 1] : before.at(-1);
    const next = text[end];
    if (isWordChar(prev) || prev === '/' || prev === '-' || prev === '.' || prev === ',') continue;
    if (
      isWordChar(next) ||
      (next === '/' && /\d/.test(text[end + 1] ?? '')) ||
      (next === ',' && /\d/.test(text[end + 1] ?? ''))
    )
      continue;
    if (next === '.' && /\d/.test(text[end + 1] ?? '')) continue;
    // Glued to a time ("25.11.2026 12:30"): the last group is an hour, the run a timestamp.
    if (next === ':' && /\d/.test(text[end + 1] ?? '')) continue;
    if (NOT_A_NUMBER_ANY.test(raw)) continue;
    const context = (before + text.slice(0, start)).slice(-32);
    if (context !== '' && (ID_BEFORE.test(context) || AMOUNT_BEFORE.test(context) || COUNT_BEFORE.test(context)))
      continue;
    if (AMOUNT_AFTER.test(text.slice(end, end + 16))) continue;
    if (isRoundCount(raw) && !PHONE_BEFORE.test(context)) continue;
    found.push({ start, end, text: raw, options: readings(raw, start) });
  }
  return found;
}

/**
 * The whole run (already checked against NOT_A_NUMBER), then the run without its first or last space-separated group
 * ("12:30 777 888 999") when that is not one of those shapes either.
 */
function readings(raw: string, start: number): Span[] {
  const spans: Span[] = [{ start, end: start + raw.length, text: raw }];
  // Loops, not search()/lastIndexOf(): this runs for every number on a page.
  let firstGap = -1;
  for (let i = 0; i < raw.length && firstGap < 0; i++) if (isGap(raw.charCodeAt(i))) firstGap = i;
  let lastGap = -1;
  for (let i = raw.length - 1; i >= 0 && lastGap < 0; i--) if (isGap(raw.charCodeAt(i))) lastGap = i;
  if (firstGap > 0 && !raw.startsWith('+')) {
    const rest = raw.slice(firstGap + 1);
    if (digitCount(rest) >= MIN_DIGITS && !NOT_A_NUMBER_ANY.test(rest))
      spans.push({ start: start + firstGap + 1, end: start + raw.length, text: rest });
  }
  if (lastGap > 0) {
    const head = raw.slice(0, lastGap);
    if (digitCount(head) >= MIN_DIGITS && !NOT_A_NUMBER_ANY.test(head))
      spans.push({ start, end: start + lastGap, text: head });
  }
  return spans;
}
