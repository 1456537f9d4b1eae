// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import { getMessage } from '../support/fake-polyfill.ts';
import { NumberClassifier } from '../../src/background/number-classifier.ts';
import { NUMBER_ATTR } from '../../src/content/marks.ts';

/**
 * The content script's entry point with a stand-in for the browser's API: the background's two answers it needs, and
 * i18n counted. Chrome fetches a content script's whole message catalogue on its first i18n call (5–50 ms measured),
 * so a page with nothing to link must never make one.
 */
it('a page without numbers makes no i18n call; the first mark asks for its label text once', async () => {
  const classifier = new NumberClassifier();
  const rules = { defaultCountry: 'CZ', internationalPrefix: '00', outsideLinePrefix: '' };
  const i18n = { getMessage: vi.fn(getMessage), getUILanguage: () => 'en' };
  const sendMessage = vi.fn(async (m: { type: string; payload: { texts: string[] } }) => {
    if (m.type === 'pageConfig') return { ok: true, value: { active: true } };
    if (m.type === 'classifyNumbers') return { ok: true, value: classifier.classify(m.payload.texts, 'CZ', rules) };
    return undefined;
  });
  (globalThis as { browser?: unknown }).browser = {
    runtime: { id: 'test', sendMessage, onMessage: { addListener: () => undefined } },
    i18n,
  };
  document.body.innerHTML = '<p>Schůzka ve 12:30, rok 2026, 12 kusů, objednávka č. 4521.</p>';

  await import('../../src/content/index.iife.ts');
  await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledWith({ type: 'pageConfig', payload: null }));
  await new Promise((resolve) => setTimeout(resolve, 100)); // the scan of the page, in its slices
  expect(sendMessage).toHaveBeenCalledTimes(1); // nothing worth asking about
  expect(i18n.getMessage).not.toHaveBeenCalled();

  const p = document.createElement('p');
  p.textContent = 'Volejte +420 777 888 999 nebo 602 123 456.';
  document.body.append(p);
  await vi.waitFor(() => expect(p.querySelectorAll(`[${NUMBER_ATTR}]`)).toHaveLength(2));
  expect(p.querySelector(`[${NUMBER_ATTR}]`)?.getAttribute('aria-label')).toBe('Call +420 777 888 999');
  expect(i18n.getMessage.mock.calls.map(([key]) => key)).toEqual(['ctcCallLabel']);
});
