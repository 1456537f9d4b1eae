/**
 * Dial rules: what `originate` sends as `to` for a number a person sees. Shared by the background (links, context
 * menu, keyboard command) and the popup's dial box. Validity comes from libphonenumber-js, never from a home-made regex.
 */
import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';

export interface DialRules {
  /** The user's own country: its numbers are dialled in national form. */
  defaultCountry: string;
  /** Dialled before the E.164 digits of a foreign number ("00"). */
  internationalPrefix: string;
  /** Dialled before every outside number, if the PBX wants one ("0"). */
  outsideLinePrefix: string;
}

export type DialPlan =
  | { ok: true; kind: 'internal' | 'national' | 'international'; dial: string; display: string }
  | { ok: false; reason: 'errInvalidNumber' };

/** Internal lines: 3 to 6 digits (and the * and # keys). Dialled as they are, never linked on pages. */
const INTERNAL = /^[0-9*#]{3,6}$/;

function digits(text: string): string {
  return text.replace(/\D/g, '');
}

/** A typed number without the separators people write in it (spaces, dots, dashes, slashes, brackets). */
export function compactNumber(text: string): string {
  return text.replace(/[\s\u00a0.\-/()]/g, '');
}

/** Parses with the page's (or user's) region; "00" written before a country code reads as "+" in any region. */
export function parseNumber(text: string, region: string): PhoneNumber | undefined {
  const trimmed = text.trim();
  const normalised = /^00[1-9]/.test(trimmed) ? `+${trimmed.slice(2)}` : trimmed;
  return parsePhoneNumberFromString(normalised, region.toUpperCase() as CountryCode);
}

/** The dial string for a valid number, by the user's rules. */
export function dialString(
  number: PhoneNumber,
  rules: DialRules,
): { kind: 'national' | 'international'; dial: string } {
  const home = rules.defaultCountry.toUpperCase() as CountryCode;
  // Home is the calling code, not the country: Guernsey (+44) from the UK and Canada (+1) from the US are dialled
  // like national numbers.
  const own = isSupportedCountry(home)
    ? number.countryCallingCode === getCountryCallingCode(home)
    : number.country === home;
  if (own) return { kind: 'national', dial: rules.outsideLinePrefix + digits(number.formatNational()) };
  return { kind: 'international', dial: rules.outsideLinePrefix + rules.internationalPrefix + digits(number.number) };
}

/**
 * Plans a call for text a person typed or selected. `region` is how to read national numbers (the page's region for
 * links, the user's country for the dial box); `allowInternal` lets 3–6 digit lines through (dial box, selection).
 */
export function planDial(text: string, rules: DialRules, opts: { region?: string; allowInternal: boolean }): DialPlan {
  const compact = compactNumber(text.trim());
  if (opts.allowInternal && INTERNAL.test(compact))
    return { ok: true, kind: 'internal', dial: compact, display: compact };
  const number = parseNumber(text, opts.region ?? rules.defaultCountry);
  if (!number?.isValid()) return { ok: false, reason: 'errInvalidNumber' };
  return { ok: true, ...dialString(number, rules), display: number.formatInternational() };
}
