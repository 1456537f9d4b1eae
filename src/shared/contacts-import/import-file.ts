/**
 * Importing a contacts file: bytes in (from a File in the options page, or posted to a Web Worker), contacts and a
 * report out, or a request to map the columns, or an error code. Pure apart from timers: no DOM, no extension API,
 * so it runs the same in a page, a Worker and in Node tests.
 *
 *   const result = await importContactsFile(new Uint8Array(await file.arrayBuffer()), { onProgress });
 *   if (result.kind === 'needsMapping') … ask the user, then importContactsFile(bytes, { mapping }) …
 */
import { Slicer, type SliceOptions } from '../time-slices.ts';
import { importCsv } from './csv.ts';
import { decodeBytes } from './decode.ts';
import type { ColumnMapping, ImportProgress, ImportResult } from './types.ts';
import { importVcard, looksLikeVcard } from './vcard.ts';

export interface ImportOptions extends SliceOptions {
  /** CSV columns chosen by the user after a `needsMapping` answer. */
  mapping?: ColumnMapping;
  onProgress?: (progress: ImportProgress) => void;
  /** How to read bytes that are not UTF-8 (a TextDecoder label). Default Windows-1250. */
  fallbackEncoding?: string;
}

export async function importContactsFile(bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportResult> {
  if (bytes.length === 0) return { kind: 'error', error: 'importErrEmpty' };
  const slicer = new Slicer(opts);
  const onProgress = opts.onProgress;
  const decodingProgress = (done: number) =>
    onProgress?.({ phase: 'decoding', done, total: bytes.length, contacts: 0 });
  const decoded = await decodeBytes(bytes, slicer, decodingProgress, opts.fallbackEncoding);
  if (!decoded.ok) return { kind: 'error', error: decoded.error };
  const common = { slicer, encoding: decoded.encoding, ...(onProgress ? { onProgress } : {}) };
  if (looksLikeVcard(decoded.text)) return importVcard(decoded.text, common);
  return importCsv(decoded.text, { ...common, ...(opts.mapping ? { mapping: opts.mapping } : {}) });
}

export type * from './types.ts';
export { applyMapping, recogniseColumns } from './columns.ts';
