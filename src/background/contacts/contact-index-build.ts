/**
 * Builds a ContactIndex from the sources: sorted once by the documented order (source priority, then each source's
 * own order), numbers keyed, duplicates within a contact and contacts without a phone number left out, names and
 * record URLs cleaned. Building is a generator, run in time slices by buildContactIndex so the background never blocks
 * for long, or at once by buildContactIndexSync (tests, benchmarks).
 */
import {
  CONTACT_SOURCES,
  PHONE_TYPES,
  cleanText,
  type ContactRecord,
  type ContactSource,
} from '../../shared/contact-record.ts';
import { isHttpUrl } from '../../shared/urls.ts';
import { Slicer, type SliceOptions } from '../../shared/time-slices.ts';
import { ContactIndex, type IndexColumns, type IndexStats } from './contact-index.ts';
import { digitsOf } from './fold.ts';
import { KeyTable, keyCode, keyFromCode } from './key-table.ts';
import { isNumberKey, NumberKeyer, numberKey, type NumberKey } from '../../shared/number-key.ts';
import { SearchTextBuilder } from './search-text.ts';

export type ContactSources = Partial<Record<ContactSource, readonly ContactRecord[]>>;

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

/** Caller ids remembered by the index's own keyer (a number rings again and again). */
const LOOKUP_CACHE = 1_000;

/** A valid priority: the given sources first (unknown and repeated ones dropped), then the rest by default. */
export function sourceOrder(order: readonly string[] = CONTACT_SOURCES): ContactSource[] {
  const names: readonly string[] = CONTACT_SOURCES;
  const known = order.filter((s): s is ContactSource => names.includes(s));
  return [...new Set([...known, ...CONTACT_SOURCES])];
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
  const c: IndexColumns = {
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
  const columns: IndexColumns = {
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
