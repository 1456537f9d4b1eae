/**
 * "Name this number": the names the user gives numbers in recent calls, kept in IndexedDB as the `user` source (one
 * contact per number). A new name replaces the number's old one; an empty name removes it.
 */
import type { ContactRecord } from '../../shared/contact-record.ts';
import { cleanText } from '../../shared/contact-record.ts';
import type { NumberKey } from '../../shared/number-key.ts';
import type { StoredContacts } from '../../shared/storage/contacts-items.ts';
import type { RecentCall } from '../../shared/storage/items.ts';

/** Pure: the user's names with `number` (keyed `key`) named `name`, or unnamed when `name` is empty. */
export function withUserName(
  stored: StoredContacts | null,
  number: string,
  key: NumberKey,
  name: string,
  country: string,
  now: number,
): StoredContacts {
  const same = (c: ContactRecord) => c.phones.some((p) => p.key === key);
  // Keys from another country's reading cannot be compared: those contacts are kept as they are.
  const kept = stored && stored.country === country ? stored.contacts.filter((c) => !same(c)) : [];
  const others = stored && stored.country !== country ? stored.contacts : [];
  const clean = cleanText(name);
  const named: ContactRecord[] =
    clean === '' ? [] : [{ name: clean, company: '', phones: [{ number, type: 'other', key }] }];
  return { country, contacts: [...kept, ...others, ...named], updatedAt: now };
}

/** Pure: recent calls with the number's name set (or removed) in every entry of that number. */
export function renameRecent(
  list: readonly RecentCall[],
  keyOf: (number: string) => NumberKey | null,
  key: NumberKey,
  name: string | undefined,
): RecentCall[] {
  return list.map((call) => {
    if (keyOf(call.number) !== key) return call;
    const { name: _old, ...rest } = call;
    return name ? { ...rest, name } : rest;
  });
}
