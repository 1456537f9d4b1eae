/**
 * Text folded for search: lower case, accents removed, every run of spaces and punctuation one space, so "nov"
 * finds "Novák", "stavby novak" finds "Stavby Novák s.r.o." and "muller" finds "Müller".
 *
 * Building an index folds 200,000 names and companies: Latin letters (with their accents) and combining marks are
 * folded through a table made once from Unicode normalisation, the rest (Cyrillic, Greek…) through it per character.
 */

/** Letters that do not decompose into a base letter and a mark. */
const SPECIAL: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
  ð: 'd',
  ħ: 'h',
  ŧ: 't',
};

/** One character, folded the slow way: "" for a mark, " " for a separator, else its lower-case base letters. */
function foldChar(c: string): string {
  const base = c
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const special = [...base].map((x) => SPECIAL[x] ?? x).join('');
  if (special === '') return '';
  return /^[\p{L}\p{N}]+$/u.test(special) ? special : ' ';
}

/** Folded form of every UTF-16 unit below TABLE_END (Basic Latin to Latin Extended-B, IPA, combining marks). */
const TABLE_END = 0x370;
const TABLE: string[] = Array.from({ length: TABLE_END }, (_, unit) => foldChar(String.fromCharCode(unit)));

export function foldText(text: string): string {
  let out = '';
  let space = true; // at the start: no leading space
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let piece: string;
    if (unit < TABLE_END) piece = TABLE[unit] ?? ' ';
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) piece = foldChar(text.slice(i, ++i + 1));
    else piece = foldChar(text.charAt(i));
    if (piece === ' ') {
      if (!space) out += ' ';
      space = true;
    } else if (piece !== '') {
      out += piece;
      space = false;
    }
  }
  return space && out.endsWith(' ') ? out.slice(0, -1) : out;
}

/** Only the digits of a text ("+420 777-888" → "420777888"). */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}
