/**
 * The import Worker: parses a contacts file (CSV or vCard) off the options page's main thread, works out each
 * number's match key, and keeps the contacts in the extension's IndexedDB (replacing or merging with the file's
 * earlier contacts). The page gets progress, a mapping request when the columns are not recognised, and the report.
 */
import type { Browser } from 'webextension-polyfill';
import { addNumberKeys } from '../shared/contact-keys.ts';
import type { ContactRecord } from '../shared/contact-record.ts';
import { importContactsFile } from '../shared/contacts-import/import-file.ts';
import type { ColumnMapping } from '../shared/contacts-import/types.ts';
import { errorMessage } from '../shared/errors.ts';
import { createLogger } from '../shared/log.ts';
import { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';
import type { FromWorker, ToWorker } from './import-protocol.ts';

/** A Worker has IndexedDB but no extension API: the registry is used for IndexedDB items only. */
const noBrowserStorage: Pick<Browser, 'storage'> = {
  get storage(): Browser['storage'] {
    throw new Error('The import Worker has no browser storage, only IndexedDB');
  },
};
const storage = new ItemStorage({ browser: noBrowserStorage, log: createLogger('import') });

let job: Extract<ToWorker, { type: 'start' }> | null = null;

function post(message: FromWorker): void {
  postMessage(message);
}

/** Same name, same numbers: the same contact imported twice (a merge keeps one). */
function identity(c: ContactRecord): string {
  const keys = c.phones.map((p) => p.key ?? p.number).sort();
  return `${c.name.toLowerCase()}\n${keys.join(' ')}`;
}

async function run(start: Extract<ToWorker, { type: 'start' }>, mapping?: ColumnMapping): Promise<void> {
  const bytes = new Uint8Array(start.bytes);
  const result = await importContactsFile(bytes, {
    ...(mapping ? { mapping } : {}),
    onProgress: (p) => post({ type: 'progress', ...p }),
  });
  if (result.kind === 'error') return post({ type: 'error', error: result.error });
  if (result.kind === 'needsMapping') return post({ type: 'needsMapping', request: result.request });
  const { contacts, report } = result;
  await addNumberKeys(contacts, start.country, {
    onProgress: (done) =>
      post({ type: 'progress', phase: 'keys', done, total: contacts.length, contacts: contacts.length }),
  });
  post({ type: 'progress', phase: 'saving', done: 0, total: 1, contacts: contacts.length });
  let all = contacts;
  let merged = 0;
  if (start.mode === 'merge') {
    const earlier = await storage.get(ITEMS.fileContacts);
    if (earlier && earlier.country === start.country) {
      const seen = new Set(contacts.map(identity));
      const kept = earlier.contacts.filter((c) => !seen.has(identity(c)));
      merged = kept.length;
      all = [...kept, ...contacts];
    }
  }
  await storage.set(ITEMS.fileContacts, {
    country: start.country,
    contacts: all,
    updatedAt: Date.now(),
    fileName: start.fileName,
  });
  post({ type: 'done', report, stored: all.length, merged });
}

function guarded(work: Promise<void>): void {
  work.catch((e: unknown) => post({ type: 'failed', message: errorMessage(e) }));
}

addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'start') {
    job = message;
    guarded(run(message));
  } else if (message.type === 'mapping' && job) {
    guarded(run(job, message.mapping));
  }
});
