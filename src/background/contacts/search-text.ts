/**
 * Search for the dial box: typing letters finds contacts by name or company, typing digits finds them by number.
 * All contacts are folded once into one long string (one record per contact: name, company, numbers' digits), so a
 * query is a few native `indexOf` scans instead of 100,000 string comparisons, and the memory is one flat string
 * plus one offset per contact. Lists of the records whose name starts with each two letters find the best matches
 * without a scan, so a scan stops as soon as the next-best rank is full.
 *
 * Record layout: `name \x01 company \x01 digits[/written digits] …\n`, all folded (foldText). Ranking: a name that
 * starts with the first word typed, then a word of the name or company that starts with it (or a number that starts
 * with the digits, also after its country code), then any other place; within a rank, the contact order (source
 * priority, then the source's own order).
 */
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';
import { digitsOf, foldText } from './fold.ts';
import { lowerBound } from './key-table.ts';

const PART = '\u0001';
const END = '\n';
export const DEFAULT_SEARCH_LIMIT = 8;
export const MAX_SEARCH_LIMIT = 50;
/** A query this short would match nearly everyone: no suggestions until a second character. */
const MIN_QUERY = 2;

/** Country calling codes ("420", "1", "44"): digits typed after one count as the start of a number. */
const CALLING_CODES = new Set(getCountries().map((c) => getCountryCallingCode(c)));

interface Token {
  text: string;
  /** A digits-only query looks among the numbers, a word among name and company, digits typed with words anywhere. */
  where: 'numbers' | 'text' | 'all';
}

export interface SearchMatch {
  id: number;
  /** For a digits query: which of the contact's numbers (by position) holds the digits; else 0. */
  phone: number;
  /** 0: the name starts with the first word typed; 1: a word of it, the company or a number does; 2: elsewhere. */
  rank: number;
}

/** Builds the folded text, one record per contact in id order. */
export class SearchTextBuilder {
  private readonly parts: string[] = [];
  private readonly starts = new Map<string, number[]>();

  /**
   * `numberDigits`: one group per number, the digits to find it by: its E.164 digits, and the written digits after a
   * "/" when they are not part of those (a national "020 7946…" beside "44207946…").
   */
  add(name: string, company: string, numberDigits: readonly string[]): void {
    const folded = foldText(name);
    if (folded.length >= 2) {
      const start = folded.slice(0, 2);
      const ids = this.starts.get(start);
      if (ids) ids.push(this.parts.length);
      else this.starts.set(start, [this.parts.length]);
    }
    this.parts.push(`${folded}${PART}${foldText(company)}${PART}${numberDigits.join(' ')}${END}`);
  }

  finish(): SearchText {
    const offsets = new Uint32Array(this.parts.length + 1);
    let at = 0;
    this.parts.forEach((part, i) => {
      offsets[i] = at;
      at += part.length;
    });
    offsets[this.parts.length] = at;
    const text = this.parts.join('');
    const nameStarts = new Map([...this.starts].map(([start, ids]) => [start, Uint32Array.from(ids)]));
    this.parts.length = 0;
    this.starts.clear();
    return new SearchText(text, offsets, nameStarts);
  }
}

export class SearchText {
  constructor(
    private readonly text: string,
    /** Record i is text[offsets[i], offsets[i+1]). */
    private readonly offsets: Uint32Array,
    /** The records whose folded name starts with these two characters, ascending: the best matches, found fast. */
    private readonly nameStarts: ReadonlyMap<string, Uint32Array>,
  ) {}

  /** Contacts matching every word (and digit group) of the query, best first, at most `limit`. */
  search(query: string, limit = DEFAULT_SEARCH_LIMIT): SearchMatch[] {
    const tokens = tokenize(query);
    const cap = Math.max(1, Math.min(limit, MAX_SEARCH_LIMIT));
    const first = tokens[0];
    if (!first) return [];
    // Rank 0 first, from the name-start lists: then the scan below can stop as soon as rank 1 fills up.
    const nameStarts =
      first.where !== 'numbers' && first.text.length >= 2
        ? (this.nameStarts.get(first.text.slice(0, 2)) ?? new Uint32Array(0))
        : null;
    const ranks: SearchMatch[][] = [this.topMatches(nameStarts, tokens, cap), [], []];
    const topKnown = nameStarts !== null || first.where === 'numbers';
    // Scan for the longest token (the fewest hits), check the others within each hit's record.
    const scan = tokens.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    for (let pos = 0; pos < this.text.length && (ranks[0]?.length ?? 0) < cap; ) {
      const hit = this.text.indexOf(scan.text, pos);
      if (hit < 0) break;
      const id = lowerBound(this.offsets, hit + 1) - 1;
      pos = this.offsets[id + 1] ?? this.text.length;
      const found = this.rank(id, tokens);
      if (!found || (topKnown && found.rank === 0)) continue;
      const bucket = ranks[found.rank] ?? [];
      if (bucket.length < cap) bucket.push({ id, phone: found.phone, rank: found.rank });
      if (topKnown && (ranks[0]?.length ?? 0) + (ranks[1]?.length ?? 0) >= cap) break;
    }
    return ranks.flat().slice(0, cap);
  }

  /** Rank-0 matches (the name starts with the first token) among `candidates`, at most `cap`, in id order. */
  private topMatches(candidates: Uint32Array | null, tokens: readonly Token[], cap: number): SearchMatch[] {
    const top: SearchMatch[] = [];
    const first = tokens[0]?.text ?? '';
    for (const id of candidates ?? []) {
      if (!this.text.startsWith(first, this.offsets[id] ?? 0)) continue;
      const found = this.rank(id, tokens);
      if (found?.rank === 0) top.push({ id, phone: found.phone, rank: 0 });
      if (top.length >= cap) break;
    }
    return top;
  }

  /** Null when a token is missing from its part of record `id`; else the record's rank for the first token. */
  private rank(id: number, tokens: readonly Token[]): { rank: number; phone: number } | null {
    // The record alone (a slice shares the long string's memory): searches in it stop at its end.
    const record = this.text.slice(this.offsets[id] ?? 0, (this.offsets[id + 1] ?? 1) - 1);
    const digitsAt = record.indexOf(PART, record.indexOf(PART) + 1) + 1;
    let rank = 2;
    let phone = 0;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      if (!token) continue;
      const from = token.where === 'numbers' ? digitsAt : 0;
      const to = token.where === 'text' ? digitsAt - 1 : record.length;
      const at = findWordFirst(record, token.text, from, to);
      if (at < 0) return null;
      if (t > 0) continue;
      if (at === 0) rank = 0;
      else if (isWordStart(record, at) || (at >= digitsAt && afterCallingCode(record, at))) rank = 1;
      if (at >= digitsAt) phone = phoneAt(record, digitsAt, at);
    }
    return { rank, phone };
  }
}

/** Where `token` occurs in text[from, to): at a word start when it does, else its first place; -1 when absent. */
function findWordFirst(text: string, token: string, from: number, to: number): number {
  let first = -1;
  for (let at = text.indexOf(token, from); at >= 0 && at + token.length <= to; at = text.indexOf(token, at + 1)) {
    if (at === from || isWordStart(text, at)) return at;
    if (first < 0) first = at;
  }
  return first;
}

function isWordStart(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  // A space, a part boundary, or the "/" between a number's two digit forms.
  return at === 0 || before === 32 || before === 1 || before === 47;
}

/** True when the digits before `at` in its group are a country calling code: "602…" in "420602…". */
function afterCallingCode(record: string, at: number): boolean {
  let start = at;
  while (start > 0 && at - start <= 3 && isDigit(record.charCodeAt(start - 1))) start--;
  return at - start <= 3 && isWordStart(record, start) && CALLING_CODES.has(record.slice(start, at));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Which number of the record (by position among the digit groups) holds position `at`. */
function phoneAt(record: string, digitsAt: number, at: number): number {
  let spaces = 0;
  for (let i = digitsAt; i < at; i++) if (record.charCodeAt(i) === 32) spaces++;
  return spaces;
}

/** Query words: digits typed with spaces or dashes between them ("777 888") are one digit group. */
function tokenize(query: string): Token[] {
  if (!/\p{L}/u.test(query)) {
    const digits = digitsOf(query);
    return digits.length >= MIN_QUERY ? [{ text: digits, where: 'numbers' }] : [];
  }
  const words = foldText(query)
    .split(' ')
    .filter((w) => w !== '');
  if (words.join('').length < MIN_QUERY) return [];
  return words.map((w) => ({ text: w, where: /^[0-9]+$/.test(w) ? 'all' : 'text' }));
}
