import { describe, it, expect } from 'vitest';
import { hostOf, isSiteEnabled, normaliseSitePattern, siteMatches } from '../../src/shared/sites.ts';

describe('normaliseSitePattern', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM  ', 'example.com'],
    ['example.com.', 'example.com'],
    ['EXAMPLE.com.', 'example.com'],
    ['https://www.example.com/', 'www.example.com'],
    ['HTTPS://Www.Example.COM/path/page?x=1#top', 'www.example.com'],
    ['http://example.com', 'example.com'],
    ['http://localhost:3000/app', 'localhost'],
    ['example.com:8080', 'example.com'],
    ['example.com/path', 'example.com'],
    ['example.com?q=1', 'example.com'],
    ['example.com#frag', 'example.com'],
    ['https://example.com./', 'example.com'],
    ['chrome-extension://abc/page.html', 'abc'],
    ['*.example.com', '*.example.com'],
    ['*.Example.COM.', '*.example.com'],
    ['', ''],
    ['   ', ''],
    ['https://', ''],
  ])('%j → %j', (pattern, expected) => {
    expect(normaliseSitePattern(pattern)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const p of ['https://Www.Example.com/x', 'example.com.', '*.EXAMPLE.com', 'localhost:8080']) {
      const once = normaliseSitePattern(p);
      expect(normaliseSitePattern(once)).toBe(once);
    }
  });
});

describe('siteMatches', () => {
  it('matches the host exactly, in any case, with or without a trailing dot', () => {
    expect(siteMatches('example.com', 'example.com')).toBe(true);
    expect(siteMatches('EXAMPLE.com', 'example.COM')).toBe(true);
    expect(siteMatches('example.com.', 'example.com')).toBe(true);
    expect(siteMatches('example.com', 'example.com.')).toBe(true);
  });

  it('a plain pattern covers subdomains at any depth', () => {
    expect(siteMatches('www.example.com', 'example.com')).toBe(true);
    expect(siteMatches('a.b.c.example.com', 'example.com')).toBe(true);
    expect(siteMatches('mail.Example.com', 'EXAMPLE.COM')).toBe(true);
  });

  it('a pasted URL works like its host', () => {
    expect(siteMatches('www.example.com', 'https://example.com/contact?x=1')).toBe(true);
    expect(siteMatches('example.com', 'https://www.example.com/')).toBe(false);
    expect(siteMatches('localhost', 'http://localhost:3000/')).toBe(true);
  });

  it('no partial-suffix matches', () => {
    expect(siteMatches('badexample.com', 'example.com')).toBe(false);
    expect(siteMatches('www.badexample.com', 'example.com')).toBe(false);
    expect(siteMatches('example.com.evil.net', 'example.com')).toBe(false);
    expect(siteMatches('example.co', 'example.com')).toBe(false);
    expect(siteMatches('ample.com', 'example.com')).toBe(false);
    expect(siteMatches('com', 'example.com')).toBe(false);
  });

  it('"*.example.com" covers only subdomains', () => {
    expect(siteMatches('www.example.com', '*.example.com')).toBe(true);
    expect(siteMatches('a.b.example.com', '*.example.com')).toBe(true);
    expect(siteMatches('WWW.EXAMPLE.COM', '*.example.com')).toBe(true);
    expect(siteMatches('example.com', '*.example.com')).toBe(false);
    expect(siteMatches('badexample.com', '*.example.com')).toBe(false);
    expect(siteMatches('www.badexample.com', '*.example.com')).toBe(false);
  });

  it('an empty pattern matches nothing', () => {
    expect(siteMatches('example.com', '')).toBe(false);
    expect(siteMatches('example.com', '   ')).toBe(false);
    expect(siteMatches('', '')).toBe(false);
    expect(siteMatches('', 'https://')).toBe(false);
  });

  it('a different site does not match', () => {
    expect(siteMatches('example.org', 'example.com')).toBe(false);
    expect(siteMatches('www.example.org', '*.example.com')).toBe(false);
  });
});

describe('isSiteEnabled', () => {
  const on = { enabled: true, disabledSites: ['example.com', '*.intranet.cz', 'https://crm.firma.cz/login'] };

  it('is on for sites not listed', () => {
    expect(isSiteEnabled('www.seznam.cz', on)).toBe(true);
    expect(isSiteEnabled('badexample.com', on)).toBe(true);
    expect(isSiteEnabled('intranet.cz', on)).toBe(true);
    expect(isSiteEnabled('firma.cz', on)).toBe(true);
    expect(isSiteEnabled('www.firma.cz', on)).toBe(true);
  });

  it('is off for listed sites and their subdomains', () => {
    expect(isSiteEnabled('example.com', on)).toBe(false);
    expect(isSiteEnabled('shop.example.com', on)).toBe(false);
    expect(isSiteEnabled('wiki.intranet.cz', on)).toBe(false);
    expect(isSiteEnabled('crm.firma.cz', on)).toBe(false);
    expect(isSiteEnabled('eu.crm.firma.cz', on)).toBe(false);
  });

  it('is off everywhere when click-to-call is disabled', () => {
    const off = { ...on, enabled: false };
    for (const host of ['www.seznam.cz', 'example.com', '', 'localhost']) expect(isSiteEnabled(host, off)).toBe(false);
  });

  it('with no disabled sites, every host (also an empty one) is on', () => {
    for (const host of ['www.seznam.cz', 'localhost', ''])
      expect(isSiteEnabled(host, { enabled: true, disabledSites: [] })).toBe(true);
  });

  it('ignores empty patterns in the list', () => {
    expect(isSiteEnabled('example.org', { enabled: true, disabledSites: ['', '  '] })).toBe(true);
  });
});

describe('hostOf', () => {
  it.each([
    ['https://www.example.com/path?x=1', 'www.example.com'],
    ['http://localhost:3000/', 'localhost'],
    ['https://EXAMPLE.com', 'example.com'],
    ['https://user:pw@example.com/', 'example.com'],
    ['http://192.168.1.10:8080/', '192.168.1.10'],
    ['about:blank', ''],
    ['file:///home/user/a.html', ''],
    ['not a url', ''],
    ['', ''],
    [undefined, ''],
  ])('%j → %j', (url, host) => {
    expect(hostOf(url)).toBe(host);
  });

  it('feeds siteMatches: a page URL against a pasted pattern', () => {
    expect(siteMatches(hostOf('https://shop.example.com/cart'), 'https://example.com/')).toBe(true);
    expect(siteMatches(hostOf('https://badexample.com/'), 'example.com')).toBe(false);
  });
});
