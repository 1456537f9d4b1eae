/**
 * vCard files (.vcf) from phones, Outlook, Google and Apple: versions 2.1, 3.0 and 4.0, several cards per file,
 * several TEL per card, folded lines, quoted-printable (2.1), `TEL;VALUE=uri:tel:+420…`. Read line by line in time
 * slices. A small parser of our own: ical.js (the maintained candidate) rejects 2.1's bare parameters
 * (`TEL;CELL:`), does not decode quoted-printable, and parses a whole file in one blocking call.
 */
import { cleanText, type ContactPhone, type ContactRecord, type PhoneType } from '../contact-record.ts';
import type { Slicer } from '../time-slices.ts';
import { phonesInCell } from './columns.ts';
import { decodeQuotedPrintable, parseLine, splitStructured, unescapeText, type VcardLine } from './vcard-line.ts';
import { MAX_LISTED_ROWS, type ImportProgress, type ImportReport, type ImportResult } from './types.ts';

export interface VcardOptions {
  slicer: Slicer;
  onProgress?: (progress: ImportProgress) => void;
  encoding: string;
}

interface Card {
  line: number;
  fn: string;
  n: string[];
  org: string[];
  phones: ContactPhone[];
}

/** A file is a vCard file when its first text is BEGIN:VCARD. */
export function looksLikeVcard(text: string): boolean {
  return /^BEGIN:VCARD[ \t]*(\r|\n|$)/i.test(
    text
      .slice(0, 4096)
      .replace(/^\ufeff/, '')
      .trimStart(),
  );
}

/** The phone type named by TEL's types: a fax is a fax first, then mobile, work, home. */
export function telType(types: readonly string[]): PhoneType {
  if (types.some((t) => t.includes('fax'))) return 'fax';
  if (types.some((t) => t === 'cell' || t === 'mobile' || t === 'iphone')) return 'mobile';
  if (types.includes('work')) return 'work';
  if (types.includes('home')) return 'home';
  return 'other';
}

function textOf(line: VcardLine): string {
  return line.quotedPrintable ? decodeQuotedPrintable(line.value, line.charset) : line.value;
}

function addProperty(card: Card, line: VcardLine): void {
  switch (line.name) {
    case 'FN':
      card.fn = cleanText(unescapeText(textOf(line)));
      break;
    case 'N':
      card.n = splitStructured(textOf(line)).map(cleanText);
      break;
    case 'ORG':
      card.org = splitStructured(textOf(line)).map(cleanText);
      break;
    case 'TEL': {
      // 4.0: "tel:+420-777-888-999;ext=12" as a URI; the number is what precedes the URI's parameters.
      const value = unescapeText(textOf(line)).trim().replace(/^tel:/i, '').split(';')[0] ?? '';
      card.phones.push(...phonesInCell(value, telType(line.types)));
      break;
    }
  }
}

function toRecord(card: Card): ContactRecord | null {
  if (card.phones.length === 0) return null;
  // N is family;given;additional;prefix;suffix: shown as "given additional family".
  const [family = '', given = '', additional = ''] = card.n;
  const company = card.org[0] ?? '';
  const name = card.fn || cleanText([given, additional, family].join(' ')) || company || (card.phones[0]?.number ?? '');
  return { name, company, phones: card.phones };
}

export async function importVcard(source: string, opts: VcardOptions): Promise<ImportResult> {
  // Old Mac files end lines with CR alone.
  const text = source.includes('\n') ? source : source.replace(/\r/g, '\n');
  const contacts: ContactRecord[] = [];
  const report: ImportReport = {
    format: 'vcard',
    encoding: opts.encoding,
    records: 0,
    contacts: 0,
    skipped: 0,
    skippedAt: [],
    positions: 'line',
    warnings: [],
    longestSliceMs: 0,
  };
  // An object, not two `let`s: the closures below change it, and TypeScript must not narrow it away.
  const state: { card: Card | null; depth: number } = { card: null, depth: 0 };

  let completed = 0;
  const finishCard = (done: Card) => {
    report.records++;
    const record = toRecord(done);
    if (record) contacts.push(record);
    else {
      report.skipped++;
      if (report.skippedAt.length < MAX_LISTED_ROWS) report.skippedAt.push(done.line);
    }
  };
  const take = (logical: string, lineNo: number) => {
    const line = parseLine(logical);
    if (!line) return;
    const value = line.value.trim().toUpperCase();
    if (line.name === 'BEGIN' && value === 'VCARD') {
      // A card inside a card (2.1's AGENT) is skipped with it.
      if (state.depth++ === 0) state.card = { line: lineNo, fn: '', n: [], org: [], phones: [] };
    } else if (line.name === 'END' && value === 'VCARD' && state.depth > 0) {
      if (--state.depth === 0 && state.card) {
        completed++;
        finishCard(state.card);
        state.card = null;
      }
    } else if (state.card && state.depth === 1) {
      addProperty(state.card, line);
    }
  };

  // Unfold while reading: a line starting with a space or tab continues the one before; in quoted-printable, a
  // line ending with "=" continues on the next.
  let logical: string | null = null;
  let logicalLine = 0;
  let lineNo = 0;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const physical = text.slice(pos, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    lineNo++;
    if (logical !== null && (physical.startsWith(' ') || physical.startsWith('\t'))) {
      logical += physical.slice(1);
    } else if (logical?.endsWith('=') && isQuotedPrintable(logical)) {
      logical = logical.slice(0, -1) + physical;
    } else {
      if (logical !== null) take(logical, logicalLine);
      logical = physical;
      logicalLine = lineNo;
    }
    if (lineNo % 512 === 0 && opts.slicer.due()) {
      opts.onProgress?.({
        phase: 'parsing',
        done: Math.min(pos, text.length),
        total: text.length,
        contacts: contacts.length,
      });
      await opts.slicer.pause();
    }
  }
  if (logical !== null) take(logical, logicalLine);
  const unfinished = state.card;
  if (unfinished) {
    report.warnings.push({ code: 'importWarnUnfinishedCard', at: unfinished.line });
    finishCard(unfinished);
  }
  opts.slicer.finish();
  opts.onProgress?.({ phase: 'parsing', done: text.length, total: text.length, contacts: contacts.length });
  report.contacts = contacts.length;
  report.longestSliceMs = opts.slicer.longestSliceMs;
  if (contacts.length === 0)
    return { kind: 'error', error: completed === 0 ? 'importErrBadVcard' : 'importErrNoNumbers' };
  return { kind: 'contacts', contacts, report };
}

function isQuotedPrintable(logical: string): boolean {
  const colon = logical.indexOf(':');
  return colon > 0 && /QUOTED-PRINTABLE/i.test(logical.slice(0, colon));
}
