/**
 * All known contacts (the user's own names, CRM answers, the iPBX's list, an imported file) in one read-only index:
 * who is calling (a caller id → the contacts with that number) and the dial box's suggestions.
 *
 * Order of matches, documented for the user: first by source priority (default user > crm > ipbx > file; the
 * `order` option changes it), then within one source by the source's own order (the file's row order, the iPBX
 * answer's order, the CRM answer's order, the order the user's names were given). Contact ids follow that order, so
 * sorting is done once, when building. A second contact with the same (folded) name as an earlier one is the same
 * person seen by two sources and is left out of the matches.
 *
 * Memory: one entry per contact in columns (names, interned companies, typed arrays for sources and phones), the
 * number keys in a KeyTable, the search text in one string. Building is a generator, run in time slices by
 * buildContactIndex so the background never blocks for long, or at once by buildContactIndexSync (tests).
 */
import {
  CONTACT_SOURCES,
  PHONE_TYPES,
  cleanText,
  type ContactRecord,
  type ContactSource,
  type PhoneType,
} from '../../shared/contact-record.ts';
import { isHttpUrl } from '../../shared/urls.ts';
import { Slicer, type SliceOptions } from '../../shared/time-slices.ts';
import { digitsOf, foldText } from './fold.ts';
import { KeyTable, keyCode, keyFromCode } from './key-table.ts';
import { isNumberKey, NumberKeyer, numberKey, type NumberKey } from '../../shared/number-key.ts';
import { DEFAULT_SEARCH_LIMIT, SearchTextBuilder, type SearchText } from './search-text.ts';

export type ContactSources = Partial<Record<ContactSource, readonly ContactRecord[]>>;

export interface IndexedPhone {
  key: NumberKey;
  type: PhoneType;
}

export interface ContactView {
  name: string;
  company: string;
  source: ContactSource;
  url?: string;
  phones: IndexedPhone[];
}

/** Who is calling: the first match by the documented order, and the others for "+N more". */
export interface CallerMatch {
  key: NumberKey;
  first: ContactView;
  /** At most MAX_OTHERS, in order; `total` counts them all (first included). */
  others: ContactView[];
  total: number;
}

export interface SearchHit {
  contact: ContactView;
  /** The number to dial: the one holding the typed digits, else the contact's first. */
  phone: IndexedPhone;
  /** 0: the name starts with what was typed; 1: a word or a number does; 2: it is found elsewhere. */
  rank: number;
}

export interface IndexStats {
  contacts: number;
  phones: number;
  distinctKeys: number;
  /** Records left out because none of their numbers is a phone number. */
  skippedContacts: number;
  /** Numbers that are not phone numbers (also counted in contacts that kept others). */
  unusablePhones: number;
  bySource: Record<ContactSource, number>;
}

export interface BuildOptions extends SliceOptions {
  /** Reads national numbers; ignored when `keyer` is given (its country is used). */
  defaultCountry: string;
  /** Source priority; sources left out come after, in the default order. */
  order?: readonly ContactSource[];
  /**
   * Reuse one keyer across rebuilds (an hourly refresh of the same list): numbers are not parsed again, but the
   * keyer's memory (about 100 bytes per number) stays with the caller. Without one, nothing is cached while
   * building, and the index keeps a small keyer for caller ids.
   */
  keyer?: NumberKeyer;
}

export const MAX_OTHERS = 20;
/** Caller ids remembered by the index's own keyer (a number rings again and again). */
const LOOKUP_CACHE = 1_000;

/** A valid priority: the given sources first (unknown and repeated ones dropped), then the rest by default. */
export function sourceOrder(order: readonly string[] = CONTACT_SOURCES): ContactSource[] {
  const names: readonly string[] = CONTACT_SOURCES;
  const known = order.filter((s): s is ContactSource => names.includes(s));
  return [...new Set([...known, ...CONTACT_SOURCES])];
}

interface Columns {
  names: string[];
  companies: string[];
  sources: Uint8Array;
  urls: Map<number, string>;
  /** Phones of contact i are phoneCodes/phoneTypes[phoneStart[i] .. phoneStart[i+1]). */
  phoneStart: Uint32Array;
  phoneCodes: Float64Array;
  phoneTypes: Uint8Array;
}

export class ContactIndex {
  constructor(
    private readonly columns: Columns,
    private readonly keys: KeyTable,
    private readonly text: SearchText,
    private readonly keyer: NumberKeyer,
    readonly stats: IndexStats,
  ) {}

  static empty(defaultCountry: string): ContactIndex {
    return buildContactIndexSync({}, { defaultCountry });
  }

  get size(): number {
    return this.columns.names.length;
  }

  /** Who is calling from `callerId` (as the iPBX sent it, any format); null when no contact has the number. */
  lookup(callerId: string): CallerMatch | null {
    const key = this.keyer.key(callerId);
    return key === null ? null : this.lookupKey(key);
  }

  lookupKey(key: NumberKey): CallerMatch | null {
    const ids = this.keys.get(keyCode(key));
    const seen = new Set<string>();
    const views: ContactView[] = [];
    let total = 0;
    for (const id of ids) {
      const folded = foldText(this.columns.names[id] ?? '');
      if (seen.has(folded)) continue;
      seen.add(folded);
      total++;
      if (views.length <= MAX_OTHERS) views.push(this.view(id));
    }
    const [first, ...others] = views;
    return first ? { key, first, others, total } : null;
  }

  /** The dial box's suggestions for what the user typed (letters: name or company; digits: number). */
  search(query: string, limit = DEFAULT_SEARCH_LIMIT): SearchHit[] {
    return this.text.search(query, limit).flatMap(({ id, phone, rank }) => {
      const contact = this.view(id);
      const chosen = contact.phones[phone] ?? contact.phones[0];
      return chosen ? [{ contact, phone: chosen, rank }] : [];
    });
  }

  private view(id: number): ContactView {
    const c = this.columns;
    const phones: IndexedPhone[] = [];
    for (let p = c.phoneStart[id] ?? 0; p < (c.phoneStart[id + 1] ?? 0); p++) {
      phones.push({ key: keyFromCode(c.phoneCodes[p] ?? 0), type: PHONE_TYPES[c.phoneTypes[p] ?? 0] ?? 'other' });
    }
    const url = c.urls.get(id);
    return {
      name: c.names[id] ?? '',
      company: c.companies[id] ?? '',
      source: CONTACT_SOURCES[c.sources[id] ?? 0] ?? 'file',
      ...(url === undefined ? {} : { url }),
      phones,
    };
  }
}

/** Builds in time slices (default 12 ms) with a turn of the event loop between them. */
export async function buildContactIndex(sources: ContactSources, opts: BuildOptions): Promise<ContactIndex> {
  const slicer = new Slicer(opts);
  const steps = buildSteps(sources, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      slicer.finish();
      return step.value;
    }
    if (slicer.due()) await slicer.pause();
  }
}

export function buildContactIndexSync(sources: ContactSources, opts: BuildOptions): ContactIndex {
  const steps = buildSteps(sources, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Yields every few contacts so a driver can pause. */
function* buildSteps(sources: ContactSources, opts: BuildOptions): Generator<void, ContactIndex, void> {
  const keyer = opts.keyer;
  const keyOf = keyer ? (text: string) => keyer.key(text) : (text: string) => numberKey(text, opts.defaultCountry);
  const order = sourceOrder(opts.order);
  const records = order.reduce((n, s) => n + (sources[s]?.length ?? 0), 0);
  const phonesIn = order.reduce((n, s) => n + (sources[s] ?? []).reduce((m, r) => m + r.phones.length, 0), 0);
  const c: Columns = {
    names: [],
    companies: [],
    sources: new Uint8Array(records),
    urls: new Map(),
    phoneStart: new Uint32Array(records + 1),
    phoneCodes: new Float64Array(phonesIn),
    phoneTypes: new Uint8Array(phonesIn),
  };
  const pairIds = new Uint32Array(phonesIn);
  const text = new SearchTextBuilder();
  const interned = new Map<string, string>();
  const stats: IndexStats = {
    contacts: 0,
    phones: 0,
    distinctKeys: 0,
    skippedContacts: 0,
    unusablePhones: 0,
    bySource: { user: 0, crm: 0, ipbx: 0, file: 0 },
  };
  let phones = 0;
  for (const source of order) {
    for (const record of sources[source] ?? []) {
      if ((stats.contacts + stats.skippedContacts) % 64 === 0) yield;
      const id = c.names.length;
      const first = phones;
      const groups: string[] = [];
      for (const phone of record.phones) {
        // A key stored with the contact (worked out in the same country when it was stored) is not parsed again.
        const key = phone.key !== undefined && isNumberKey(phone.key) ? phone.key : keyOf(phone.number);
        if (key === null) {
          stats.unusablePhones++;
          continue;
        }
        const code = keyCode(key);
        if (seenIn(c.phoneCodes, first, phones, code)) continue;
        c.phoneCodes[phones] = code;
        c.phoneTypes[phones] = Math.max(0, PHONE_TYPES.indexOf(phone.type));
        pairIds[phones] = id;
        phones++;
        groups.push(searchDigits(key, phone.number));
      }
      if (phones === first) {
        stats.skippedContacts++;
        continue;
      }
      const company = intern(interned, cleanText(record.company));
      const name = cleanText(record.name) || company || keyFromCode(c.phoneCodes[first] ?? 0);
      c.names.push(name);
      c.companies.push(company);
      c.sources[id] = CONTACT_SOURCES.indexOf(source);
      c.phoneStart[id + 1] = phones;
      if (record.url !== undefined && isHttpUrl(record.url)) c.urls.set(id, record.url);
      text.add(name, company, groups);
      stats.contacts++;
      stats.bySource[source]++;
    }
  }
  // The last steps work on everything at once: a turn before each keeps each slice short.
  yield;
  const n = c.names.length;
  const columns: Columns = {
    ...c,
    sources: c.sources.slice(0, n),
    phoneStart: c.phoneStart.slice(0, n + 1),
    phoneCodes: c.phoneCodes.slice(0, phones),
    phoneTypes: c.phoneTypes.slice(0, phones),
  };
  yield;
  const keys = yield* KeyTable.buildSteps(columns.phoneCodes, pairIds.subarray(0, phones));
  yield;
  const searchText = text.finish();
  stats.phones = phones;
  stats.distinctKeys = keys.distinctKeys;
  return new ContactIndex(
    columns,
    keys,
    searchText,
    keyer ?? new NumberKeyer(opts.defaultCountry, LOOKUP_CACHE),
    stats,
  );
}

/**
 * The digit group a number is found by in search: its key's digits, and the written digits when they are not the
 * end of those (a national "020 7946 0958" beside "442079460958"; "606 555 444" is already the end of
 * "420606555444", and search ranks a match after the country code like one at the start).
 */
function searchDigits(key: NumberKey, written: string): string {
  const keyDigits = key.startsWith('+') ? key.slice(1) : key;
  // "00420…" is the E.164 digits after an international prefix: nothing new to find it by.
  const writtenDigits = digitsOf(written).replace(/^00/, '');
  return writtenDigits === '' || keyDigits.endsWith(writtenDigits) ? keyDigits : `${keyDigits}/${writtenDigits}`;
}

/** True when values[from, to) holds `value` (a loop: no typed-array view allocated per number). */
function seenIn(values: Float64Array, from: number, to: number, value: number): boolean {
  for (let i = from; i < to; i++) if (values[i] === value) return true;
  return false;
}

/** One string object per distinct company: 100,000 contacts often share a few thousand companies. */
function intern(pool: Map<string, string>, value: string): string {
  const known = pool.get(value);
  if (known !== undefined) return known;
  pool.set(value, value);
  return value;
}
