/**
 * An IndexedDB database of the extension's own origin as a storage area, through idb-keyval (one object store per
 * database, values under out-of-line keys). Used by the background only: a content script's IndexedDB is the page's,
 * and storage.local is readable by content scripts in Firefox, so secrets kept here are out of their reach.
 * IndexedDB has no change events: `watch` sees the writes made through this adapter, in this context only.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { AreaAdapter, IndexedDbLocation } from './areas.ts';

export function indexedDbArea(location: IndexedDbLocation): AreaAdapter {
  // Opened on first use (the global indexedDB is looked up then); a failed open is tried again on the next call.
  let store: UseStore | null = null;
  const db = (): UseStore => (store ??= createStore(location.database, location.store));
  const listeners = new Map<string, Set<(raw: unknown) => void>>();
  const changed = (key: string, raw: unknown) => {
    for (const fn of listeners.get(key) ?? []) fn(raw);
  };
  return {
    get: async (key) => {
      if (key === null) throw new Error(`IndexedDB ${location.database}: items need a key`);
      return get<unknown>(key, db());
    },
    set: async (key, value) => {
      // Resolves once the transaction is committed.
      await set(key, value, db());
      changed(key, value);
    },
    remove: async (key) => {
      await del(key, db());
      changed(key, undefined);
    },
    watch: (key, fn) => {
      if (key === null) throw new Error(`IndexedDB ${location.database}: items need a key`);
      const fns = listeners.get(key) ?? new Set();
      listeners.set(key, fns.add(fn));
      return () => fns.delete(fn);
    },
  };
}
