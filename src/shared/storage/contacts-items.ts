/**
 * What caller names (issue 16) keep: their settings (part of the settings contract, see items.ts) and the contacts of
 * each source in the extension's own IndexedDB (database "ipbx-contacts"), which content scripts cannot open. The
 * settings export leaves these out: they are not settings.
 */
import * as v from 'valibot';
import {
  CONTACT_SOURCES,
  PHONE_TYPES,
  completeSourceOrder,
  type ContactPhone,
  type ContactRecord,
} from '../contact-record.ts';
import { SOURCE_ERROR_CODES } from '../contacts-status.ts';
import type { IndexedDbLocation } from './areas.ts';
import { defineItem } from './define-item.ts';
import { fields, managed, value, type Decoder } from './decoders.ts';

const text = (fallback = '') => value(v.pipe(v.string(), v.trim()), fallback);
const flag = (fallback: boolean) => value(v.boolean(), fallback);

export const CONTACTS_SETTINGS = fields({
  /** The iPBX's contact list, an http(s) URL (`{apiUrl}/contacts`), fetched with the sign-in's token; empty: off. */
  ipbxUrl: managed(text()),
  /** Each source of names on or off. */
  sources: managed(fields({ user: flag(true), crm: flag(true), ipbx: flag(true), file: flag(true) })),
  /** Which source names a number when several do: the first that knows it (sources left out follow by default). */
  order: managed(
    value(
      v.pipe(
        v.array(v.picklist(CONTACT_SOURCES)),
        v.transform((order) => completeSourceOrder(order)),
      ),
      [...CONTACT_SOURCES],
    ),
  ),
});

export const CALLER_LOOKUP = fields({
  /** http(s) URL with the screen pop's placeholders ({number}, {e164}, …), asked for each call; empty: off. */
  urlTemplate: managed(text()),
  /** Dotted paths into one match of the JSON answer ("data.0.attributes.fullName"). */
  fields: managed(fields({ name: text('name'), company: text('company'), url: text('url') })),
});

/** One source's contacts as stored. */
export interface StoredContacts {
  /** The country the numbers' keys were worked out in: another default country means working them out again. */
  country: string;
  contacts: ContactRecord[];
  /** When they were imported, fetched or last changed (epoch ms). */
  updatedAt: number;
  /** The iPBX list: the URL it came from and its ETag. */
  url?: string;
  etag?: string;
  /** An imported file's name. */
  fileName?: string;
}

function phoneOf(raw: unknown): ContactPhone | null {
  if (typeof raw !== 'object' || raw === null || !('number' in raw) || !('type' in raw)) return null;
  const { number, type } = raw;
  if (typeof number !== 'string' || typeof type !== 'string') return null;
  const phoneType = PHONE_TYPES.find((t) => t === type) ?? 'other';
  const key = 'key' in raw && typeof raw.key === 'string' ? raw.key : undefined;
  return key === undefined ? { number, type: phoneType } : { number, type: phoneType, key };
}

function contactOf(raw: unknown): ContactRecord | null {
  if (typeof raw !== 'object' || raw === null || !('name' in raw) || !('phones' in raw)) return null;
  const { name, phones } = raw;
  const company = 'company' in raw ? raw.company : '';
  const url = 'url' in raw ? raw.url : undefined;
  if (typeof name !== 'string' || typeof company !== 'string' || !Array.isArray(phones)) return null;
  const kept: ContactPhone[] = [];
  for (const p of phones) {
    const phone = phoneOf(p);
    if (phone) kept.push(phone);
  }
  return typeof url === 'string' ? { name, company, phones: kept, url } : { name, company, phones: kept };
}

const optionalText = (raw: object, key: string): string | undefined => {
  const found: unknown = Reflect.get(raw, key);
  return typeof found === 'string' ? found : undefined;
};

/**
 * A source's contacts: hand-written checks instead of a schema per field, because 100,000 contacts are read when the
 * background starts. A broken contact is dropped (counted once in the reasons), never the whole list.
 */
const STORED_CONTACTS: Decoder<StoredContacts | null> = Object.freeze({
  fallback: null,
  decode(raw: unknown, at: string, reasons: string[]): StoredContacts | null {
    if (typeof raw !== 'object' || raw === null) {
      reasons.push(`${at}: expected Object`);
      return null;
    }
    const country: unknown = Reflect.get(raw, 'country');
    const updatedAt: unknown = Reflect.get(raw, 'updatedAt');
    const list: unknown = Reflect.get(raw, 'contacts');
    if (typeof country !== 'string' || typeof updatedAt !== 'number' || !Array.isArray(list)) {
      reasons.push(`${at}: expected country, updatedAt and contacts`);
      return null;
    }
    const contacts: ContactRecord[] = [];
    for (const entry of list) {
      const contact = contactOf(entry);
      if (contact) contacts.push(contact);
    }
    if (contacts.length < list.length) reasons.push(`${at}: dropped ${list.length - contacts.length} broken contacts`);
    const stored: StoredContacts = { country, contacts, updatedAt };
    for (const key of ['url', 'etag', 'fileName'] as const) {
      const found = optionalText(raw, key);
      if (found !== undefined) stored[key] = found;
    }
    return stored;
  },
});

/** A remote source's last attempt: when, and why it failed (a message key and its detail: an HTTP status, an origin). */
const SOURCE_ATTEMPT = v.object({
  at: v.number(),
  error: v.optional(v.object({ code: v.picklist(SOURCE_ERROR_CODES), detail: v.optional(v.string()) })),
});

/** The contacts' own database: not the secrets' (items.ts), so that wiping one never touches the other. */
export const CONTACTS_DB: IndexedDbLocation = { database: 'ipbx-contacts', store: 'contacts' };

export const CONTACTS_ITEMS = {
  /** The imported file's contacts (kept until the user removes them). */
  fileContacts: defineItem({ area: CONTACTS_DB, key: 'file', schema: STORED_CONTACTS }),
  /** The iPBX's contact list, its ETag and fetch date (wiped at sign-out). */
  ipbxContacts: defineItem({ area: CONTACTS_DB, key: 'ipbx', schema: STORED_CONTACTS }),
  /** The names the user gave numbers ("Name this number"). */
  userContacts: defineItem({ area: CONTACTS_DB, key: 'user', schema: STORED_CONTACTS }),
  /** The last attempt of the iPBX list and of the CRM lookup, for the options page (gone when the browser quits). */
  contactSourceStatus: defineItem({
    area: 'session',
    key: 'contactSourceStatus',
    schema: value(v.object({ ipbx: v.optional(SOURCE_ATTEMPT), crm: v.optional(SOURCE_ATTEMPT) }), {}),
  }),
} as const;
