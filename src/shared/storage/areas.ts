/**
 * Where items live. The registry reads and writes through these adapters only: one per browser storage area
 * (local, session, managed), one per IndexedDB database (indexeddb-area.ts).
 */
import type { Browser, Storage } from 'webextension-polyfill';

/** An IndexedDB database of the extension's own origin, with one object store (what idb-keyval opens). */
export interface IndexedDbLocation {
  readonly database: string;
  readonly store: string;
}

export type BrowserAreaName = 'local' | 'session' | 'managed';
export type Area = BrowserAreaName | IndexedDbLocation;

export interface AreaAdapter {
  /** The stored value of `key`, undefined when there is none; `null`: the whole area as one object. */
  get(key: string | null): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  /** Calls `fn` with the new raw value (undefined when removed) when `key` changes; `null`: any key. */
  watch(key: string | null, fn: (raw: unknown) => void): () => void;
}

type StorageApi = Pick<Browser, 'storage'>;

/**
 * A browser storage area. Watching uses the area's own onChanged, never storage.onChanged: that one also brings
 * every write of the background's call state in storage.session (hundreds of KB, old and new value, many times a
 * second under a flood of calls) to every page that listens.
 */
export function browserArea(browser: StorageApi, name: BrowserAreaName): AreaAdapter {
  // Looked up on each use: tests install their fake browser after this module is loaded.
  const area = (): Storage.StorageArea => browser.storage[name];
  const read = async (key: string | null): Promise<Record<string, unknown>> => {
    try {
      return await area().get(key);
    } catch (e) {
      // Firefox throws when no policy is installed: for the managed area, that is an empty policy.
      if (name === 'managed') return {};
      throw e;
    }
  };
  return {
    get: async (key) => {
      const stored = await read(key);
      return key === null ? stored : stored[key];
    },
    set: (key, value) => area().set({ [key]: value }),
    remove: (key) => area().remove(key),
    watch: (key, fn) => {
      const listener = (changes: Record<string, Storage.StorageChange>) => {
        // The whole area (a policy): read it again, a change names only the keys that changed.
        if (key === null) void read(null).then(fn, () => undefined);
        else if (Object.hasOwn(changes, key)) fn(changes[key]?.newValue);
      };
      // Typed as always there; a browser without it (an area that never changes) simply never calls back.
      const event: Storage.StorageArea['onChanged'] | undefined = area().onChanged;
      if (!event) return () => undefined;
      event.addListener(listener);
      return () => event.removeListener(listener);
    },
  };
}
