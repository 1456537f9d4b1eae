import { Bdi } from '../shared/Bdi.tsx';
import { stripBidi } from '../shared/bidi.ts';
import { isAnonymousNumber } from '../shared/calls.ts';
import { shownNumber } from '../shared/phone-format.ts';

/**
 * A number as a person reads it ("777 888 999"), followed in small print by the number exactly as the iPBX sent it
 * ("777888999") when the two differ: that is the form to search the iPBX's records for, or to copy. An anonymous
 * caller is named as such. Both are isolated left to right, without bidi controls (Bdi.tsx): the iPBX decides what
 * they hold, and they must show their digits in the order they are dialled.
 */
export function PhoneNumber({ raw, country }: { raw: string; country: string }) {
  const shown = shownNumber(raw, country);
  const exact = stripBidi(raw);
  return (
    <span class="number" translate={false}>
      <Bdi>{shown}</Bdi>
      {shown !== exact && !isAnonymousNumber(raw) && (
        <small class="raw">
          {' '}
          <Bdi>{exact}</Bdi>
        </small>
      )}
    </span>
  );
}
