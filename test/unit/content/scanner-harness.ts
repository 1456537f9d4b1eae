/**
 * A scanner on the test document, as the scanner's tests (scanner.dom.test.ts and scan/*.dom.test.ts) use it: classify
 * is the real NumberClassifier, the region from <html lang> as in the product. Each test file calls
 * `afterEach(cleanUp)`.
 */
import { Scanner, type ScannerDeps } from '../../../src/content/scanner.ts';
import { MARK_TAG, NUMBER_ATTR } from '../../../src/content/marks.ts';
import { NumberClassifier, pageRegion } from '../../../src/background/number-classifier.ts';
import type { DialRules } from '../../../src/shared/dial-rules.ts';

export const RULES: DialRules = { defaultCountry: 'CZ', internationalPrefix: '00', outsideLinePrefix: '' };

export const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export interface Harness {
  scanner: Scanner;
  /** Every classify call: its texts and whether they were link hrefs. */
  calls: { texts: string[]; links: boolean }[];
}

/** The scanner the last harness() made: cleanUp stops it. */
export let current: Scanner | null = null;

/** A scanner on the test document; classify is the real NumberClassifier, region from <html lang> as in the product. */
export function harness(overrides: Partial<ScannerDeps> = {}): Harness {
  const classifier = new NumberClassifier();
  const calls: Harness['calls'] = [];
  const deps: ScannerDeps = {
    classify: async (texts, links) => {
      calls.push({ texts: [...texts], links });
      return classifier.classify(texts, pageRegion(document.documentElement.lang, RULES.defaultCountry), RULES, links);
    },
    callLabel: (label) => `Call ${label}`,
    now: () => performance.now(),
    yieldToPage: tick,
    ...overrides,
  };
  const scanner = new Scanner(document, deps);
  current = scanner;
  return { scanner, calls };
}

/** Lets the scanner, the observer and the fake background finish. */
export async function settle(scanner: Scanner): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await tick();
    await scanner.idle();
  }
}

export async function scan(html: string, overrides: Partial<ScannerDeps> = {}): Promise<Harness> {
  document.body.innerHTML = html;
  const h = harness(overrides);
  h.scanner.start();
  await settle(h.scanner);
  return h;
}

export function marks(root: ParentNode = document): Element[] {
  return Array.from(root.querySelectorAll(MARK_TAG));
}

export function dialsIn(root: ParentNode = document): string[] {
  return marks(root).map((m) => m.getAttribute(NUMBER_ATTR) ?? '');
}

/** Marks the current scanner made (each scanner keeps its own). */
export function markCount(): number {
  return current?.marks.count() ?? 0;
}

export function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el;
}

/** After each test: the scanner stopped, the document as it was. */
export function cleanUp(): void {
  current?.stop();
  current = null;
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('lang');
  document.head.innerHTML = '';
}
