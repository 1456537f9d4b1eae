// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPage } from '../../src/shared/mount-page.tsx';

beforeEach(() => {
  document.body.innerHTML = '<div id="app"></div>';
  document.title = '';
  document.documentElement.lang = '';
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('mountPage', () => {
  it('sets the title and renders the component into #app', () => {
    mountPage('iPBX Connect', <p>hello</p>);
    expect(document.title).toBe('iPBX Connect');
    expect(document.getElementById('app')?.innerHTML).toBe('<p>hello</p>');
  });

  it.each([
    ['cs', 'cs'],
    ['cs-CZ', 'cs'],
    ['en-US', 'en'],
    ['de-DE', 'en'],
  ])('a browser in %s gets a page in %s', (browserLanguage, lang) => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue(browserLanguage);
    mountPage('x', <p />);
    expect(document.documentElement.lang).toBe(lang);
  });

  it('says so when the page has no #app element', () => {
    document.body.innerHTML = '';
    expect(() => mountPage('x', <p />)).toThrow('#app');
  });
});
