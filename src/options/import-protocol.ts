/**
 * Messages between the options page and its import Worker (import-worker.ts). The Worker reads the file, works out
 * each number's key, and writes the contacts to IndexedDB itself: 100,000 contacts are never copied through the page,
 * whose main thread only sees progress and the report.
 */
import type { ColumnMapping, ImportErrorCode, ImportReport, MappingRequest } from '../shared/contacts-import/types.ts';

export type ImportMode = 'replace' | 'merge';

export type ToWorker =
  | { type: 'start'; bytes: ArrayBuffer; fileName: string; mode: ImportMode; country: string }
  /** The columns the user chose after a `needsMapping`. */
  | { type: 'mapping'; mapping: ColumnMapping };

export type ImportPhase = 'decoding' | 'parsing' | 'keys' | 'saving';

export type FromWorker =
  | { type: 'progress'; phase: ImportPhase; done: number; total: number; contacts: number }
  | { type: 'needsMapping'; request: MappingRequest }
  | { type: 'error'; error: ImportErrorCode }
  /** Stored: how many contacts the file source now has (a merge counts the earlier ones too). */
  | { type: 'done'; report: ImportReport; stored: number; merged: number }
  /** Something unexpected (IndexedDB refused the write…): its text, for the log and the page. */
  | { type: 'failed'; message: string };
