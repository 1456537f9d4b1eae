/**
 * The page of the click tests (content/clicks-*.dom.test.ts): a fresh document with our marks stylesheet and faked
 * layout before each test, each test's own Marks (a scanner owns one; clicks read only what a mark carries), the click
 * handler installed on demand, and everything undone after the test. Importing this module registers those hooks.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { installClickHandler, type ClickDeps } from '../../../src/content/clicks.ts';
import { Marks, NUMBER_ATTR } from '../../../src/content/marks.ts';
import { fakeLayout, place } from './click-harness.ts';

let uninstallHandler: (() => void) | null = null;
/** Each test's own marks. */
export let marks: Marks;

export function install(deps: ClickDeps): void {
  uninstallHandler = installClickHandler(document, deps);
}

/** Takes the click handler away (as the content script does when the page leaves). */
export function uninstall(): void {
  uninstallHandler?.();
  uninstallHandler = null;
}

/** A paragraph with one linked number; returns the mark, laid out at (10, 10). */
export function linkedMark(
  text = 'Volejte 777 888 999 kdykoli',
  number = '777 888 999',
  dial = '777888999',
): HTMLElement {
  const p = document.createElement('p');
  const node = document.createTextNode(text);
  p.append(node);
  document.body.append(p);
  const start = text.indexOf(number);
  marks.linkText(node, [{ start, end: start + number.length, dial, label: `+420 ${number}` }], (l) => `Call ${l}`);
  const mark = p.querySelector<HTMLElement>(`[${NUMBER_ATTR}]`);
  if (!mark) throw new Error('no mark');
  place(mark, { left: 10, top: 10, width: 100, height: 20 });
  return mark;
}

export function telLink(href: string, text: string, dial: string, target: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  document.body.append(a);
  marks.markAnchor(a, target, { dial, label: `+420 ${dial}` }, (l) => `Call ${l}`);
  place(a, { left: 10, top: 50, width: 120, height: 20 });
  return a;
}

beforeEach(() => {
  marks = new Marks();
  document.body.innerHTML = '';
  document.documentElement.lang = 'cs';
  // Our stylesheet, as the manifest injects it: the mark's own bidi isolation and no generated content.
  const style = document.createElement('style');
  style.textContent = readFileSync('src/content/marks.css', 'utf8');
  document.head.replaceChildren(style);
  fakeLayout();
});

afterEach(() => {
  uninstall();
  marks.restoreAll();
  document.body.innerHTML = '';
  vi.useRealTimers();
  vi.restoreAllMocks();
});
