/**
 * CSV contacts through papaparse, in chunks: after each chunk the parser pauses when the slice is used up and
 * resumes after a turn of the event loop, so 100,000 rows never block the page or the Worker for long.
 * The delimiter comes from the header line (`,` `;` tab `|`, or Excel's `sep=;` first line); quoted fields may
 * hold delimiters, quotes and line breaks.
 */
import Papa from 'papaparse';
import type { ContactRecord } from '../contact-record.ts';
import type { Slicer } from '../time-slices.ts';
import { applyMapping, recogniseColumns } from './columns.ts';
import {
  MAX_LISTED_ROWS,
  type ColumnMapping,
  type ImportProgress,
  type ImportReport,
  type ImportResult,
} from './types.ts';

/** Characters handed to papaparse at a time: small enough to parse and map in a few milliseconds. */
const CHUNK_CHARS = 32 * 1024;
/** Where the header and the sample rows are looked for. */
const PREVIEW_CHARS = 64 * 1024;
const SAMPLE_ROWS = 5;
const DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

export interface CsvOptions {
  /** The columns, when the user mapped them; otherwise they are recognised from the header. */
  mapping?: ColumnMapping;
  slicer: Slicer;
  onProgress?: (progress: ImportProgress) => void;
  /** For the report: the encoding the text was decoded from. */
  encoding: string;
}

/** The delimiter of a CSV text: Excel's "sep=;" line, else the candidate seen most often outside quotes in line 1. */
export function detectDelimiter(text: string): { delimiter: string; body: string } {
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep?.[1]) return { delimiter: sep[1], body: text.slice(sep[0].length) };
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && DELIMITERS.includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return { delimiter: best, body: text };
}

function isRow(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((cell) => typeof cell === 'string');
}

export async function importCsv(text: string, opts: CsvOptions): Promise<ImportResult> {
  const { delimiter, body } = detectDelimiter(text.replace(/^\ufeff/, ''));
  // The first rows, from the file's start only (papaparse would look at a whole 10 MB text in one go). Blank
  // lines are skipped here only: the sample shows the first rows with something in them.
  const head = body.slice(0, PREVIEW_CHARS);
  const preview = Papa.parse<unknown>(head, {
    delimiter,
    preview: SAMPLE_ROWS + 1,
    skipEmptyLines: 'greedy',
  }).data.filter(isRow);
  const [headers = [], ...sample] = preview;
  if (headers.every((h) => h.trim() === '')) return { kind: 'error', error: 'importErrEmpty' };
  let mapping = opts.mapping;
  if (!mapping) {
    if (sample.length === 0 && head.length === body.length) return { kind: 'error', error: 'importErrNoRows' };
    const recognised = recogniseColumns(headers);
    if (!recognised.recognised) {
      return {
        kind: 'needsMapping',
        request: { headers, sample, suggestion: recognised.mapping, encoding: opts.encoding, delimiter },
      };
    }
    mapping = recognised.mapping;
  }
  return parseAll(body, delimiter, mapping, opts);
}

function parseAll(body: string, delimiter: string, mapping: ColumnMapping, opts: CsvOptions): Promise<ImportResult> {
  const contacts: ContactRecord[] = [];
  const report: ImportReport = {
    format: 'csv',
    encoding: opts.encoding,
    delimiter,
    records: 0,
    contacts: 0,
    skipped: 0,
    skippedAt: [],
    positions: 'row',
    warnings: [],
    longestSliceMs: 0,
  };
  /** Rows handed over so far (the header included), so row numbers match a spreadsheet's. */
  let rowsSeen = 0;
  let headerLeft = mapping.header;

  const takeChunk = (result: Papa.ParseResult<unknown>) => {
    const rows = result.data.filter(isRow);
    // The header is the first row with something in it (blank lines before it are not records).
    let dataStart = 0;
    if (headerLeft) {
      const header = rows.findIndex((row) => row.some((cell) => cell.trim() !== ''));
      dataStart = header < 0 ? rows.length : header + 1;
      headerLeft = header < 0;
    }
    const mapped = applyMapping(rows.slice(dataStart), mapping);
    const rowNumber = (index: number) => rowsSeen + dataStart + index + 1;
    for (const contact of mapped.contacts) contacts.push(contact);
    report.records += rows.length - dataStart - mapped.blank.length;
    report.skipped += mapped.skipped.length;
    for (const index of mapped.skipped)
      if (report.skippedAt.length < MAX_LISTED_ROWS) report.skippedAt.push(rowNumber(index));
    for (const error of result.errors) {
      if (error.code === 'MissingQuotes')
        report.warnings.push({ code: 'importWarnUnclosedQuote', at: rowsSeen + (error.row ?? 0) + 1 });
    }
    rowsSeen += rows.length;
    opts.onProgress?.({
      phase: 'parsing',
      done: Math.min(result.meta.cursor, body.length),
      total: body.length,
      contacts: contacts.length,
    });
  };

  return new Promise<ImportResult>((resolve, reject) => {
    // papaparse reads a string in chunks too (its StringStreamer), though its typings only mention files.
    const config: Papa.ParseLocalConfig<unknown, Papa.LocalFile> &
      Papa.ParseConfig<unknown> & { worker?: false; download?: false } = {
      delimiter,
      chunkSize: CHUNK_CHARS,
      chunk(result, parser) {
        try {
          takeChunk(result);
        } catch (e) {
          parser.abort();
          reject(e);
          return;
        }
        if (!opts.slicer.due()) return;
        parser.pause();
        opts.slicer.pause().then(
          () => parser.resume(),
          (e: unknown) => {
            parser.abort();
            reject(e);
          },
        );
      },
      complete() {
        opts.slicer.finish();
        report.contacts = contacts.length;
        report.longestSliceMs = opts.slicer.longestSliceMs;
        if (report.records === 0) resolve({ kind: 'error', error: 'importErrNoRows' });
        else if (contacts.length === 0) resolve({ kind: 'error', error: 'importErrNoNumbers' });
        else resolve({ kind: 'contacts', contacts, report });
      },
    };
    Papa.parse<unknown>(body, config);
  });
}
