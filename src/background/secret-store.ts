/**
 * Where the background keeps the REST sign-in's tokens: an IndexedDB database of the extension's own origin.
 * storage.local is readable by content scripts in Firefox (it has no access level for that area), and a content
 * script's IndexedDB is the page's, so this store is out of their reach in both browsers.
 */

export interface SecretStore {
  get(key: string): Promise<unknown>;
  /** `undefined` deletes the entry. */
  set(key: string, value: unknown): Promise<void>;
}

const DB_NAME = 'ipbx-secrets';
const STORE = 'secrets';

function settle<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** `factory` defaults to the context's own `indexedDB`, looked up on first use. */
export function indexedDbSecretStore(factory?: IDBFactory): SecretStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = (factory ?? indexedDB).open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => {
        // Another version of the extension deleting or upgrading the database closes ours; open again next time.
        req.result.onversionchange = () => {
          req.result.close();
          db = null;
        };
        resolve(req.result);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
      req.onblocked = () => reject(new Error('IndexedDB open blocked'));
    }).catch((e: unknown) => {
      db = null;
      throw e;
    });
    return db;
  };
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await open()).transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    done.catch(() => undefined); // a failed request rejects below with its own error
    const result = await settle(fn(tx.objectStore(STORE)));
    // A write counts once it is committed, not when the request succeeded.
    await done;
    return result;
  };
  return {
    get: (key) => run('readonly', (s) => s.get(key)),
    set: async (key, value) => {
      if (value === undefined) await run('readwrite', (s) => s.delete(key));
      else await run('readwrite', (s) => s.put(value, key));
    },
  };
}
