/** Phone numbers as a person reads them: national form for the user's own country, international otherwise. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { stripBidi } from './bidi.ts';
import { isAnonymousNumber } from './calls.ts';
import { t } from './i18n.ts';

const cache = new Map<string, string>();
const CACHE_LIMIT = 2_000;

/**
 * Internal extensions (3–6 digits) and anything unparsable are shown exactly as the iPBX sent them. Cached: a panel
 * with hundreds of calls re-renders often, and parsing is the expensive part.
 */
export function formatNumber(raw: string, defaultCountry: string): string {
  const key = `${defaultCountry}|${raw}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const formatted = format(raw, defaultCountry);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, formatted);
  return formatted;
}

/** A number as shown to a person: formatted, or "Unknown caller" for an anonymous one. */
export function shownNumber(raw: string, defaultCountry: string): string {
  return isAnonymousNumber(raw) ? t('notifAnonymous') : formatNumber(raw, defaultCountry);
}

function format(raw: string, defaultCountry: string): string {
  // Numbers come from the iPBX and pages: shown without bidi controls, which could show their digits in another order.
  const trimmed = stripBidi(raw).trim();
  if (!/^\+?[0-9 ()./-]{7,}$/.test(trimmed)) return trimmed;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry.toUpperCase() as CountryCode);
  if (!parsed?.isPossible()) return trimmed;
  return parsed.country === defaultCountry.toUpperCase() ? parsed.formatNational() : parsed.formatInternational();
}
