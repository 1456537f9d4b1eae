/**
 * Text folded for search: lower case, accents removed, every run of spaces and punctuation one space, so "nov"
 * finds "Novák", "stavby novak" finds "Stavby Novák s.r.o." and "muller" finds "Müller".
 */

/** Letters that do not decompose into a base letter and a mark. */
const SPECIAL: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ð: 'd', ħ: 'h', ŧ: 't' };
const SPECIAL_RE = /[łøđßæœıþðħŧ]/g;

export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Only the digits of a text ("+420 777-888" → "420777888"). */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}
