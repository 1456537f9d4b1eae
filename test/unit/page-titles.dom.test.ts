// @vitest-environment happy-dom
/**
 * The options page and the popup set their window title from _locales at startup (the <title> in the HTML is only
 * the English fallback). The pages' components are stubbed: this is about the entry modules.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import cs from '../../public/_locales/cs/messages.json' with { type: 'json' };
import en from '../../public/_locales/en/messages.json' with { type: 'json' };

type Messages = Record<string, { message: string }>;

/** The browser's i18n in a given UI language, with the real messages. */
function uiLanguage(messages: Messages): void {
  const i18n = { getMessage: (key: string) => messages[key]?.message ?? '', getUILanguage: () => 'x' };
  vi.doMock('webextension-polyfill', () => ({ default: { i18n } }));
  // Text comes through the native `browser` global (src/shared/ext.ts), as in the content script.
  vi.stubGlobal('browser', { i18n });
}

beforeEach(() => {
  vi.resetModules();
  vi.doMock('../../src/options/Options.tsx', () => ({ Options: () => null }));
  vi.doMock('../../src/popup/App.tsx', () => ({ App: () => null }));
  document.title = 'iPBX Connect – Settings';
  document.body.innerHTML = '<div id="app"></div>';
});

afterEach(() => {
  vi.doUnmock('../../src/options/Options.tsx');
  vi.doUnmock('../../src/popup/App.tsx');
  vi.doUnmock('webextension-polyfill');
  vi.unstubAllGlobals();
});

describe('page titles', () => {
  it.each([
    ['English', en, 'iPBX Connect settings'],
    ['Czech', cs, 'Nastavení iPBX Connect'],
  ])('the options page takes its title from optTitle (%s)', async (_lang, messages, title) => {
    uiLanguage(messages as Messages);
    await import('../../src/options/main.tsx');
    expect(document.title).toBe(title);
  });

  it('the popup takes its title from extName', async () => {
    uiLanguage({ extName: { message: 'iPBX Connect (localised)' } });
    await import('../../src/popup/main.tsx');
    expect(document.title).toBe('iPBX Connect (localised)');
  });
});
