/**
 * The match key of a caller id as the iPBX sends it. Some iPBXs send outside numbers with the outside-line prefix
 * the user dials ("0" + "777888999"): the prefix is dropped when the caller id is not a valid number with it and is
 * one without it. Internal lines (3–6 digits) are keyed exactly as sent.
 */
import { isAnonymousNumber } from '../../shared/calls.ts';
import { parseNumber } from '../../shared/dial-rules.ts';
import { compactNumber, type NumberKey, type NumberKeyer } from '../../shared/number-key.ts';

const INTERNAL = /^[0-9]{3,6}$/;

function valid(text: string, country: string): boolean {
  return parseNumber(text, country)?.isValid() === true;
}

/** The key to look a caller id up by, or null for an anonymous caller or text that is no number. */
export function callerKey(callerId: string, outsideLinePrefix: string, keyer: NumberKeyer): NumberKey | null {
  if (isAnonymousNumber(callerId)) return null;
  const compact = compactNumber(callerId);
  const prefix = outsideLinePrefix.trim();
  if (prefix !== '' && /^[0-9]+$/.test(prefix) && compact.startsWith(prefix) && !INTERNAL.test(compact)) {
    const rest = compact.slice(prefix.length);
    const country = keyer.defaultCountry;
    if (!valid(compact, country) && valid(rest, country)) return keyer.key(rest);
  }
  return keyer.key(callerId);
}
