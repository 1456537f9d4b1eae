/**
 * A contact as every part of the extension hands it on: the import parsers (options page or a Web Worker) produce
 * it, IndexedDB keeps it, the background indexes it. Contacts stay in extension pages and the background: they
 * never go to content scripts or web pages.
 */

/** Where a contact comes from; also the default priority when sources name one number differently. */
export const CONTACT_SOURCES = ['user', 'crm', 'ipbx', 'file'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export const PHONE_TYPES = ['mobile', 'work', 'home', 'fax', 'internal', 'other'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

export interface ContactPhone {
  /** As written in the source ("+420 777 888 999", "777-888-999", "tel:+420…"); matching normalises it. */
  number: string;
  type: PhoneType;
  /**
   * The number's match key ("+420777888999", "445"), when it was worked out as the contact was stored (in the
   * country stored with it): a restarted background indexes 100,000 contacts without parsing every number again.
   */
  key?: string;
}

export interface ContactRecord {
  /** The name to show; never empty (a record without one takes its company or its first number). */
  name: string;
  company: string;
  phones: ContactPhone[];
  /** The contact's record in the CRM (http(s) only), when a source gives one. */
  url?: string;
}

/** A complete priority: the given sources first (repeats dropped), then the others in the default order. */
export function completeSourceOrder(order: readonly ContactSource[]): ContactSource[] {
  return [...new Set([...order, ...CONTACT_SOURCES])];
}

/** Longest name or company kept: longer text is cut (names come from files and servers we do not control). */
export const MAX_TEXT = 200;

// \p{Cc}: the control characters U+0000-001F and U+007F-009F.
const NEEDS_CLEANING = /[\p{Cc}\u2028\u2029]|^\s|\s$|\s\s|[^\S ]/u;

/** Text as a contact field: trimmed, control characters turned into spaces, runs of spaces made one, capped. */
export function cleanText(value: string): string {
  // Most text is already clean: keep the same string (no copy for 100,000 names).
  if (value.length <= MAX_TEXT && !NEEDS_CLEANING.test(value)) return value;
  const clean = value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length <= MAX_TEXT) return clean;
  // Never cut between the two halves of a surrogate pair (an emoji in a name).
  const cut = /[\ud800-\udbff]/.test(clean.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
  return clean.slice(0, cut).trimEnd();
}
