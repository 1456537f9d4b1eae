/**
 * The CRM lookup (setting `callerLookup.urlTemplate`): the URL for a call, and the caller's name read from the
 * CRM's JSON answer through dotted paths (`callerLookup.fields`, e.g. `data.0.attributes.fullName`). An array
 * answer means several matches. Only strings are taken, cut to a sane length; a record URL only when it is http(s).
 */
import { cleanText, type ContactRecord } from '../../shared/contact-record.ts';
import type { Call } from '../../shared/calls.ts';
import { isHttpUrl } from '../../shared/urls.ts';
import { CALL_PLACEHOLDERS, callValues, expandUrlTemplate } from '../../shared/url-template.ts';

export interface CrmFields {
  /** Dotted paths into one match; an empty path reads nothing. */
  name: string;
  company: string;
  url: string;
}

export const DEFAULT_CRM_FIELDS: Readonly<CrmFields> = Object.freeze({ name: 'name', company: 'company', url: 'url' });

export interface CrmMatch {
  name: string;
  company: string;
  url?: string;
}

/** More matches than this are not shown anyway. */
export const MAX_CRM_MATCHES = 20;
const MAX_URL = 2048;
const MAX_PATH_SEGMENTS = 16;
/** Names that would reach an object's prototype instead of the answer's own data. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * The URL to ask the CRM about a call: the screen pop's template expansion ({number}, {e164}, {line}, {queue},
 * {uniqueId}, URL-encoded), never {name} or {recordUrl} (they are what is asked for); null when the result is not an
 * http(s) URL.
 */
export function crmLookupUrl(template: string, call: Call, defaultCountry: string, key?: string): string | null {
  const values = callValues(call, defaultCountry);
  // The caller's match key is the better E.164 form (it reads an outside-line prefix the iPBX put before it).
  if (key?.startsWith('+')) values.e164 = key;
  return expandUrlTemplate(template, values, CALL_PLACEHOLDERS);
}

/** The value at a dotted path ("data.0.attributes.fullName"): own properties and array indexes only. */
export function readPath(value: unknown, path: string): unknown {
  const segments = path.trim() === '' ? [] : path.trim().split('.');
  if (segments.length === 0 || segments.length > MAX_PATH_SEGMENTS) return undefined;
  let at: unknown = value;
  for (const segment of segments) {
    if (Array.isArray(at)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      at = at[Number(segment)];
    } else if (typeof at === 'object' && at !== null && !FORBIDDEN.has(segment) && Object.hasOwn(at, segment)) {
      at = Object.getOwnPropertyDescriptor(at, segment)?.value;
    } else {
      return undefined;
    }
  }
  return at;
}

function textAt(value: unknown, path: string): string {
  const found = readPath(value, path);
  return typeof found === 'string' ? cleanText(found) : '';
}

/** One match from one object of the answer; null when it names nobody. */
function matchOf(value: unknown, fields: CrmFields): CrmMatch | null {
  const name = textAt(value, fields.name);
  const company = textAt(value, fields.company);
  if (name === '' && company === '') return null;
  const rawUrl = readPath(value, fields.url);
  const url = typeof rawUrl === 'string' ? rawUrl.trim() : '';
  return { name: name || company, company, ...(url.length <= MAX_URL && isHttpUrl(url) ? { url } : {}) };
}

/** Pure: the matches in a CRM's parsed JSON answer, in the answer's order, at most MAX_CRM_MATCHES. */
export function readCrmAnswer(json: unknown, fields: CrmFields = DEFAULT_CRM_FIELDS): CrmMatch[] {
  const items: unknown[] = Array.isArray(json) ? json.slice(0, MAX_CRM_MATCHES * 5) : [json];
  const matches: CrmMatch[] = [];
  for (const item of items) {
    const match = matchOf(item, fields);
    if (match) matches.push(match);
    if (matches.length >= MAX_CRM_MATCHES) break;
  }
  return matches;
}

/** CRM matches as contacts of the `crm` source for the number they were looked up by. */
export function crmRecords(matches: readonly CrmMatch[], number: string): ContactRecord[] {
  return matches.map((m) => ({
    name: m.name,
    company: m.company,
    phones: [{ number, type: 'other' }],
    ...(m.url ? { url: m.url } : {}),
  }));
}
