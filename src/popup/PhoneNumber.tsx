import { isAnonymousNumber } from '../shared/calls.ts';
import { shownNumber } from '../shared/phone-format.ts';

/**
 * A number as a person reads it ("777 888 999"), followed in small print by the number exactly as the iPBX sent it
 * ("777888999") when the two differ: that is the form to search the iPBX's records for, or to copy. An anonymous
 * caller is named as such.
 */
export function PhoneNumber({ raw, country }: { raw: string; country: string }) {
  const shown = shownNumber(raw, country);
  return (
    <span class="number" translate={false}>
      {shown}
      {shown !== raw && !isAnonymousNumber(raw) && <small class="raw"> {raw}</small>}
    </span>
  );
}
