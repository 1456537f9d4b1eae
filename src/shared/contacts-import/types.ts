/**
 * What an import of a contacts file gives back: contacts and a report, a request to map columns, or an error code
 * (an i18n message key). Nothing is lost silently: rows without a usable number are counted and listed.
 */
import type { ContactRecord, PhoneType } from '../contact-record.ts';

/** i18n message keys for a file that cannot be imported. */
export type ImportErrorCode =
  /** No bytes, or only spaces. */
  | 'importErrEmpty'
  /** Larger than MAX_IMPORT_BYTES. */
  | 'importErrTooLarge'
  /** Not text: an image, a PDF, an executable… */
  | 'importErrBinary'
  /** An Excel or OpenDocument workbook: save it as CSV first. */
  | 'importErrSpreadsheet'
  /** A header row and nothing under it. */
  | 'importErrNoRows'
  /** Rows were read, but none has a usable number. */
  | 'importErrNoNumbers'
  /** Starts like a vCard but holds no complete card. */
  | 'importErrBadVcard';

/** i18n message keys for problems that did not stop the import (shown with the result). */
export type ImportWarningCode =
  /** A quote opened and never closed: the rest of the file was read as one field (see the row). */
  | 'importWarnUnclosedQuote'
  /** The last vCard has no END:VCARD (it was kept). */
  | 'importWarnUnfinishedCard';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Row numbers listed in a report; the count is always complete. */
export const MAX_LISTED_ROWS = 50;

export interface ImportProgress {
  phase: 'decoding' | 'parsing';
  /** Of `total`: bytes while decoding, characters while parsing. */
  done: number;
  total: number;
  /** Contacts found so far. */
  contacts: number;
}

export interface ImportReport {
  format: 'csv' | 'vcard';
  /** The encoding the bytes were read in ("utf-8", "utf-16le", "utf-16be", "windows-1250"). */
  encoding: string;
  /** CSV only. */
  delimiter?: string;
  /** Data rows (CSV, blank rows not counted) or cards (vCard) read. */
  records: number;
  contacts: number;
  /** Records left out because they have no usable phone number. */
  skipped: number;
  /**
   * Where the skipped records are (at most MAX_LISTED_ROWS): CSV rows numbered as a spreadsheet numbers them (the
   * header is row 1), vCard lines where the card begins.
   */
  skippedAt: number[];
  /** `skippedAt` holds CSV rows or vCard lines. */
  positions: 'row' | 'line';
  warnings: { code: ImportWarningCode; at: number }[];
  /** The longest stretch of work without a turn of the event loop (ms). */
  longestSliceMs: number;
}

/** Which column holds what (0-based column indexes). Built by recognising headers, or by the user. */
export interface ColumnMapping {
  /** False when the first row is already data. */
  header: boolean;
  name?: number;
  first?: number;
  middle?: number;
  last?: number;
  company?: number;
  phones: PhoneColumn[];
}

export interface PhoneColumn {
  column: number;
  type: PhoneType;
  /** A column whose cell names this number's type ("Mobile", "Work"), as Google exports have. */
  typeColumn?: number;
}

/** The file's columns were not recognised: the options page shows these and asks the user. */
export interface MappingRequest {
  headers: string[];
  /** The first rows under the header, to help choose. */
  sample: string[][];
  /** What could be recognised (may be empty). */
  suggestion: ColumnMapping;
  encoding: string;
  delimiter: string;
}

export type ImportResult =
  | { kind: 'contacts'; contacts: ContactRecord[]; report: ImportReport }
  | { kind: 'needsMapping'; request: MappingRequest }
  | { kind: 'error'; error: ImportErrorCode };
