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
 * number keys in a KeyTable, the search text in one string. Building is contact-index-build.ts's part.
 */
import { CONTACT_SOURCES, PHONE_TYPES, type ContactSource, type PhoneType } from '../../shared/contact-record.ts';
import { foldText } from './fold.ts';
import { keyCode, keyFromCode, type KeyTable } from './key-table.ts';
import type { NumberKey, NumberKeyer } from '../../shared/number-key.ts';
import { DEFAULT_SEARCH_LIMIT, type SearchText } from './search-text.ts';

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

export const MAX_OTHERS = 20;
/** The index's contacts in columns; built by contact-index-build.ts. */
export interface IndexColumns {
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
    private readonly columns: IndexColumns,
    private readonly keys: KeyTable,
    private readonly text: SearchText,
    private readonly keyer: NumberKeyer,
    readonly stats: IndexStats,
  ) {}

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
