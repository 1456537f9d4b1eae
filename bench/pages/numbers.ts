/**
 * Phone numbers for the generated pages. Everything is deterministic (seeded), so two runs measure the same pages, and
 * every page uses its own range of numbers, so the background's per-text cache never answers for a page that another
 * page already asked about.
 *
 * Every phone number written here is a valid Czech number (checked with libphonenumber-js when the page is built), so
 * "all numbers linked" has an exact expected count. Dates, ids and prices sit next to them and must stay unlinked.
 */
import { isValidPhoneNumber } from 'libphonenumber-js/max';

/** Czech mobile and landline prefixes (9-digit national numbers). */
const PREFIXES = [
  '601',
  '602',
  '603',
  '604',
  '605',
  '606',
  '607',
  '608',
  '702',
  '703',
  '704',
  '705',
  '720',
  '721',
  '723',
  '724',
  '725',
  '730',
  '731',
  '732',
  '733',
  '734',
  '736',
  '737',
  '739',
  '770',
  '771',
  '773',
  '774',
  '775',
  '776',
  '777',
  '778',
  '790',
  '791',
  '792',
  '793',
  '797',
  '799',
  '221',
  '222',
  '224',
  '234',
  '241',
  '257',
  '283',
  '296',
  '312',
  '354',
  '377',
  '382',
  '417',
  '465',
  '499',
  '518',
  '532',
  '541',
  '548',
  '553',
  '571',
  '585',
  '595',
];

const validCache = new Map<string, boolean>();
function valid(national: string): boolean {
  let v = validCache.get(national);
  if (v === undefined) {
    v = isValidPhoneNumber(national, 'CZ');
    validCache.set(national, v);
  }
  return v;
}

/**
 * The i-th number of a page (distinct within a page for i < 1,000,000 per prefix): "777 888 999",
 * "+420 602 123 456", "602123456" or "+420 777 888 999" with a no-break space, in turn.
 */
export function czechNumber(page: number, i: number): string {
  for (let attempt = 0; ; attempt++) {
    const prefix = PREFIXES[(i + attempt * 7) % PREFIXES.length]!;
    // page*100003 + i spreads pages apart; the modulo keeps six digits.
    const rest = String((page * 100_003 + i * 7919 + attempt * 104_729) % 1_000_000).padStart(6, '0');
    const national = prefix + rest;
    // "602 000 000" reads as a round count (src/content/candidates.ts): not a number a table of contacts has.
    if (!valid(national) || rest === '000000') continue;
    const g = `${prefix} ${rest.slice(0, 3)} ${rest.slice(3)}`;
    switch (i % 4) {
      case 0:
        return g;
      case 1:
        return `+420 ${g}`;
      case 2:
        return national;
      default:
        return `+420\u00a0${g.replace(/ /g, '\u00a0')}`;
    }
  }
}
