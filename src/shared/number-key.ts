/**
 * Match keys for phone numbers: the same number written differently (+420 777 888 999, 00420777888999,
 * 777-888-999, tel:+420777888999) gets the same key, so a stored contact matches the caller id the iPBX sends.
 *
 * Outside numbers become E.164 ("+420777888999") through libphonenumber-js with the `max` metadata, read in the
 * user's default country: the metadata and the "00" rule (src/shared/dial-rules.ts `parseNumber`) the background
 * already uses for links and dialling, so one number never gets two readings in one context. `max` also tells a
 * valid reading from a merely possible one, which picks the right reading of a caller id without "+".
 * Internal lines (3–6 digits) are keyed as their digits ("445"); they never collide with an E.164 key ("+…").
 */
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parseNumber } from './dial-rules.ts';

/** "+420777888999" for an outside number, "445" for an internal line. */
export type NumberKey = string;

const INTERNAL = /^[0-9]{3,6}$/;
const E164 = /^\+[1-9][0-9]{5,14}$/;
/** Written between digits by people and spreadsheets: spaces (also NBSP and thin spaces), dashes, dots, slashes, brackets. */
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\u2060\ufeff.\-\u2010-\u2015\u2212/()[\]]/g;
/** "+44 (0)20 …": the national trunk zero some people write after the country code. */
const TRUNK_ZERO = /^(\+[0-9]{1,3})\s*\(0\)/;
/** No phone number is longer than this, even with an extension; longer text is not a number. */
const MAX_INPUT = 64;

/** True for a string numberKey can return: lets stored, precomputed keys be checked before they are trusted. */
export function isNumberKey(value: string): boolean {
  return INTERNAL.test(value) || E164.test(value);
}

/**
 * The written number without what people put around and between digits: a `tel:` prefix (and its `;params`),
 * URL escapes, spaces of any kind, dashes, dots, slashes and brackets. A leading "+" and letters (for "ext. 12")
 * are kept.
 */
export function compactNumber(text: string): string {
  let s = text.trim();
  if (/^tel:/i.test(s)) {
    s = s.slice(4).split(';', 1)[0] ?? '';
    try {
      s = decodeURIComponent(s);
    } catch {
      // A broken escape: keep the text as it is, parsing decides.
    }
  }
  return s.trim().replace(TRUNK_ZERO, '$1').replace(SEPARATORS, '');
}

/**
 * The match key of a written number, read in `defaultCountry` (ISO 3166-1 alpha-2), or null when it is not a
 * phone number. A valid reading wins; a merely possible one is kept too (the metadata lags new number ranges, and
 * both sides of a match go through this one function anyway).
 */
export function numberKey(text: string, defaultCountry: string): NumberKey | null {
  if (text.length > MAX_INPUT) return null;
  const compact = compactNumber(text);
  if (INTERNAL.test(compact)) return compact;
  if (!/^\+?[0-9]/.test(compact)) return null;
  // Readings, best first: the country's own (it knows its international prefix: 00 in Europe, 011 in the US,
  // 0011 in Australia), dial-rules' reading of a leading "00" as "+" in any country, and, for a caller id with the
  // country code but without "+" or "00" (some trunks send "4915112345678"), the digits as international.
  const country = defaultCountry.toUpperCase();
  const own = isSupportedCountry(country)
    ? parsePhoneNumberFromString(compact, country)
    : parsePhoneNumberFromString(compact);
  if (own?.isValid()) return own.number;
  const zeros = compact.startsWith('00') ? parseNumber(compact, country) : undefined;
  if (zeros?.isValid()) return zeros.number;
  const plus = /^[1-9][0-9]{7,14}$/.test(compact) ? parseNumber(`+${compact}`, country) : undefined;
  if (plus?.isValid()) return plus.number;
  // Possible but not valid: the metadata lags new number ranges. Never the digits-as-international guess.
  if (own?.isPossible()) return own.number;
  if (zeros?.isPossible()) return zeros.number;
  return null;
}

/**
 * numberKey with a memory: the same raw strings come again and again (a refreshed contact list, an index rebuilt
 * after a worker restart). Starts over when full, so it never grows without end.
 */
export class NumberKeyer {
  private readonly cache = new Map<string, NumberKey | null>();

  constructor(
    readonly defaultCountry: string,
    private readonly maxCache = 200_000,
  ) {}

  key(text: string): NumberKey | null {
    const hit = this.cache.get(text);
    if (hit !== undefined) return hit;
    const key = numberKey(text, this.defaultCountry);
    if (this.cache.size >= this.maxCache) this.cache.clear();
    this.cache.set(text, key);
    return key;
  }
}
