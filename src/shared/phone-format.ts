/** Phone numbers as a person reads them: national form for the user's own country, international otherwise. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Internal extensions (3–6 digits) and anything unparsable are shown exactly as the iPBX sent them. */
export function formatNumber(raw: string, defaultCountry: string): string {
  const trimmed = raw.trim();
  if (!/^\+?[0-9 ()./-]{7,}$/.test(trimmed)) return trimmed;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isPossible()) return trimmed;
  return parsed.country === defaultCountry.toUpperCase() ? parsed.formatNational() : parsed.formatInternational();
}
