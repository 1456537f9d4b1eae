/**
 * Match keys stored with contacts: worked out once, where the contacts come in (the import Worker, the background
 * after a fetch of the iPBX's list), so that indexing them again after the background restarts parses no number.
 * Keys depend on the default country: contacts stored in another country's reading lose their keys before indexing.
 */
import type { ContactRecord } from './contact-record.ts';
import { NumberKeyer } from './number-key.ts';
import { Slicer, type SliceOptions } from './time-slices.ts';

/** Sets `key` on every number that is a phone number (in place; the contacts are new arrays nobody else holds). */
export async function addNumberKeys(
  contacts: readonly ContactRecord[],
  defaultCountry: string,
  opts: SliceOptions & { onProgress?: (done: number) => void } = {},
): Promise<void> {
  const keyer = new NumberKeyer(defaultCountry, 50_000);
  const slicer = new Slicer(opts);
  for (let i = 0; i < contacts.length; i++) {
    if (i % 64 === 0 && slicer.due()) {
      opts.onProgress?.(i);
      await slicer.pause();
    }
    for (const phone of contacts[i]?.phones ?? []) {
      const key = keyer.key(phone.number);
      if (key === null) delete phone.key;
      else phone.key = key;
    }
  }
  slicer.finish();
}

/** Drops keys worked out in another country (in place): the index works them out again. */
export function keysFor(contacts: readonly ContactRecord[], storedIn: string, defaultCountry: string): void {
  if (storedIn.toUpperCase() === defaultCountry.toUpperCase()) return;
  for (const contact of contacts) for (const phone of contact.phones) delete phone.key;
}
