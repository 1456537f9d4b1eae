// @vitest-environment happy-dom
/** Two scanners (tests, frames) share no state: what one links, restores, cues or forgets is its own. */
import { afterEach, describe, expect, it } from 'vitest';
import { Scanner } from '../../../src/content/scanner.ts';
import { CUE_ATTR } from '../../../src/content/cell-cue.ts';
import { IN_PLACE_ROWS, markInfo, NUMBER_ATTR } from '../../../src/content/marks.ts';
import { NumberClassifier, pageRegion } from '../../../src/background/number-classifier.ts';
import { byId, cleanUp, dialsIn, harness, RULES, settle, tick } from './scanner-harness.ts';

afterEach(cleanUp);

/** A big table (its cells are marked in place) of numbers 602 1xx xxx. */
function table(rows: number): string {
  const body = Array.from(
    { length: rows },
    (_, i) => `<tr><td class="tel">602 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}</td></tr>`,
  ).join('');
  return `<table><tbody>${body}</tbody></table>`;
}

/** A scanner on `doc`, with its own classify calls. */
function scannerOn(doc: Document): { scanner: Scanner; calls: string[][] } {
  const classifier = new NumberClassifier();
  const calls: string[][] = [];
  const scanner = new Scanner(doc, {
    classify: async (texts, links) => {
      calls.push([...texts]);
      return classifier.classify(texts, pageRegion(doc.documentElement.lang, RULES.defaultCountry), RULES, links);
    },
    callLabel: (label) => `Call ${label}`,
    now: () => performance.now(),
    yieldToPage: tick,
  });
  return { scanner, calls };
}

describe('Scanner: each scanner keeps its own state', () => {
  it('two scanners on two documents: stopping or resetting one leaves the other’s marks, cell signs and answers alone', async () => {
    document.body.innerHTML = `<p id="p">Volejte 777 888 999.</p><a id="tel" href="tel:+420602123456">Zavolejte</a>${table(IN_PLACE_ROWS)}`;
    const cells = Array.from(document.querySelectorAll<HTMLElement>('td.tel'));
    const one = harness();
    const otherDoc = document.implementation.createHTMLDocument('other');
    otherDoc.body.innerHTML = '<p id="q">Tel. 603 111 222</p><a id="sip" href="sip:445">Linka 445</a>';
    const q = otherDoc.getElementById('q')!;
    const two = scannerOn(otherDoc);
    try {
      one.scanner.start();
      two.scanner.start();
      await Promise.all([settle(one.scanner), settle(two.scanner)]);
      // Each counts its own marks only: a mark, a call link and the big table's cells; a mark and a call link.
      expect(one.scanner.marks.count()).toBe(2 + IN_PLACE_ROWS);
      expect(two.scanner.marks.count()).toBe(2);
      expect(dialsIn(otherDoc)).toEqual(['603111222']);

      two.scanner.stop();
      // The other document is given back ...
      expect(otherDoc.querySelectorAll(`[${NUMBER_ATTR}]`)).toHaveLength(0);
      expect(q.childNodes).toHaveLength(1);
      expect(q.textContent).toBe('Tel. 603 111 222');
      expect(two.scanner.marks.count()).toBe(0);
      // ... and nothing of the first one's: its mark, its call link and its marked cells stay, and the cells get their
      // sign after the next frame (their cues were not dropped with the other scanner's).
      expect(dialsIn(byId('p'))).toEqual(['777888999']);
      expect(markInfo(byId('tel'))?.dial).toBe('602123456');
      expect(cells.every((c) => c.hasAttribute(NUMBER_ATTR))).toBe(true);
      expect(one.scanner.marks.count()).toBe(2 + IN_PLACE_ROWS);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      expect(cells[0]!.hasAttribute(CUE_ATTR)).toBe(true);

      // Resetting the other forgets its answers, not the first one's: a number the first has answered links without a
      // question, while the other asks again for what it had answered before.
      two.scanner.reset();
      const asked = one.calls.length;
      const again = document.createElement('p');
      again.textContent = 'Znovu 777 888 999';
      document.body.append(again);
      await settle(one.scanner);
      expect(dialsIn(again)).toEqual(['777888999']);
      expect(one.calls).toHaveLength(asked);
      const twoAsked = two.calls.length;
      two.scanner.start();
      await settle(two.scanner);
      expect(two.calls.length).toBeGreaterThan(twoAsked);
      expect(dialsIn(otherDoc)).toEqual(['603111222']);
    } finally {
      two.scanner.stop();
    }
  });
});
