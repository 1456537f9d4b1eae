// @vitest-environment happy-dom
import { resolve } from 'node:path';
import { expect, it, vi } from 'vitest';
import { getMessage } from '../support/fake-polyfill.ts';
import { NumberClassifier } from '../../src/background/number-classifier.ts';
import { NUMBER_ATTR } from '../../src/content/marks.ts';
import { PAGE_SIDE_FILE } from '../../src/content/page-side-file.ts';

/**
 * The content script's entry point with a stand-in for the browser's API: the background's two answers it needs, i18n
 * counted, and the page side (the module the build makes web-accessible) served from its source. Chrome fetches a
 * content script's whole message catalogue on its first i18n call (5–50 ms measured), so a page with nothing to link
 * must never make one; nor does it load the page side or ask the background more than whether it is on there.
 */
it('a page without numbers loads nothing and asks one question; the first number loads the page side, which links it', async () => {
  const classifier = new NumberClassifier();
  const rules = { defaultCountry: 'CZ', internationalPrefix: '00', outsideLinePrefix: '' };
  const i18n = { getMessage: vi.fn(getMessage), getUILanguage: () => 'en' };
  const sendMessage = vi.fn(async (m: { type: string; payload: { texts: string[] } }) => {
    if (m.type === 'pageConfig') return { ok: true, value: { active: true } };
    if (m.type === 'classifyNumbers') return { ok: true, value: classifier.classify(m.payload.texts, 'CZ', rules) };
    return undefined;
  });
  const pageSide = resolve('src/content/page-side.ts'); // the test's module loader imports it from source
  const getURL = vi.fn((path: string) => (path === PAGE_SIDE_FILE ? pageSide : `chrome-extension://test/${path}`));
  const api = { runtime: { id: 'test', getURL, sendMessage, onMessage: { addListener: () => undefined } }, i18n };
  // Both spellings, as in Chrome 148+: the entry names chrome.runtime.getURL itself in a Chrome build.
  Object.assign(globalThis, { browser: api, chrome: api });
  document.body.innerHTML = '<p>Schůzka ve 12:30, rok 2026, 12 kusů, objednávka č. 4521.</p>';

  await import('../../src/content/index.iife.ts');
  await new Promise((resolve) => setTimeout(resolve, 100)); // the probe's walk, in its slices
  expect(getURL).not.toHaveBeenCalled(); // the page side stays unloaded
  // One question, which every frame asks (the page feed learns of frames by it), and nothing to classify.
  expect(sendMessage.mock.calls).toEqual([[{ type: 'pageConfig', payload: null }]]);
  expect(i18n.getMessage).not.toHaveBeenCalled();

  const p = document.createElement('p');
  p.textContent = 'Volejte +420 777 888 999 nebo 602 123 456.';
  document.body.append(p);
  await vi.waitFor(() => expect(p.querySelectorAll(`[${NUMBER_ATTR}]`)).toHaveLength(2), { timeout: 5_000 });
  expect(getURL).toHaveBeenCalledTimes(1);
  // The page side starts with the probe's answer: still one pageConfig.
  expect(sendMessage.mock.calls.filter(([m]) => m.type === 'pageConfig')).toHaveLength(1);
  expect(p.querySelector(`[${NUMBER_ATTR}]`)?.getAttribute('aria-label')).toBe('Call +420 777 888 999');
  expect(i18n.getMessage.mock.calls.map(([key]) => key)).toEqual(['ctcCallLabel']);
});
