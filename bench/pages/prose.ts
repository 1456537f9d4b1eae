/** The page without numbers: 1 MB of prose, deterministic (seeded). */
import { esc, HEAD } from './html.ts';

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'telefonní ústředna spojení hovor zákazník kancelář obchod smlouva dodávka zpráva oddělení podpora ' +
  'služba provoz pondělí úterý středa čtvrtek pátek dopoledne odpoledne týden měsíc rok schůzka ' +
  'poznámka kolega ředitel vedoucí projekt termín nabídka objednávka faktura sklad doprava kvalita ' +
  'a i v na se s k z o u do od po při pro jako když ale nebo protože však také již ještě velmi'
).split(' ');

/**
 * About `bytes` bytes of prose without a single phone number: paragraphs of words, with the odd short number (a
 * year, a count, a time) that must not even become a candidate (so nothing is sent to the background).
 */
export function prosePage(bytes: number, seed = 7): string {
  const rnd = prng(seed);
  const paragraphs: string[] = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const words: string[] = [];
    const count = 60 + Math.floor(rnd() * 60);
    let lastWasNumber = false;
    for (let w = 0; w < count; w++) {
      const r = rnd();
      // Never two numbers in a row: "2026 2014" would be eight digits, a candidate the background has to refuse.
      if (!lastWasNumber && r < 0.025) {
        if (r < 0.01) words.push(String(2000 + Math.floor(rnd() * 30)));
        else if (r < 0.02)
          words.push(`${1 + Math.floor(rnd() * 23)}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`);
        else words.push(String(Math.floor(rnd() * 999)));
        lastWasNumber = true;
      } else {
        words.push(WORDS[Math.floor(rnd() * WORDS.length)]!);
        lastWasNumber = false;
      }
    }
    let text = words.join(' ');
    text = `${text[0]!.toUpperCase()}${text.slice(1)}.`;
    const p = n % 12 === 0 ? `<h2>${esc(text.slice(0, 60))}</h2>` : `<p>${esc(text)}</p>`;
    paragraphs.push(p);
    size += Buffer.byteLength(p);
    n++;
  }
  return `<!doctype html><html lang="cs"><head>${HEAD}<title>Dlouhý text</title></head><body>
${paragraphs.join('\n')}
</body></html>`;
}
