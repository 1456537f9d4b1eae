/**
 * Whether a page's call is placed at once, asked for first, or refused (src/background/call-guard/number-risk.ts): the
 * number is planned again from what the page showed, its type read from libphonenumber-js's full metadata.
 */
import { describe, expect, it } from 'vitest';
import {
  assessPageCall,
  RISKY_TYPES,
  showsDigits,
  type GuardRules,
  type PageCallFacts,
} from '../../../src/background/call-guard/number-risk.ts';

const RULES: GuardRules = {
  defaultCountry: 'CZ',
  internationalPrefix: '00',
  outsideLinePrefix: '',
  confirmForeign: false,
};

function assess(text: string, facts: Partial<PageCallFacts> = {}, rules: Partial<GuardRules> = {}) {
  return assessPageCall({ text, link: false, region: 'CZ', seen: 'visible', ...facts }, { ...RULES, ...rules });
}

describe('risky types ask first', () => {
  it.each([
    ['900 123 456', 'premium', '900123456'],
    ['+420 906 123 456', 'premium', '906123456'],
    ['840 123 456', 'sharedCost', '840123456'],
    ['+420 972 123 456', 'uan', '972123456'],
    ['+420 960 123 45678', 'voicemail', '96012345678'],
    ['+44 70 1234 5678', 'personal', '00447012345678'],
    ['+44 845 464 0000', 'premium', '00448454640000'],
    ['+49 900 1234567', 'premium', '00499001234567'],
    ['+1 900 555 0199', 'premium', '0019005550199'],
  ])('%j is %s: asks, and dials %j once confirmed', (text, type, dial) => {
    expect(assess(text)).toMatchObject({ ok: true, type, dial, ask: ['type'] });
  });

  it.each([
    ['777 888 999', 'mobile'],
    ['602 123 456', 'mobile'],
    ['+420 222 123 456', 'fixed'],
    ['800 123 456', 'tollFree'],
    ['+420 910 123 456', 'voip'],
  ])('%j (%s) is placed at once', (text, type) => {
    expect(assess(text)).toMatchObject({ ok: true, type, ask: [] });
  });

  it('a type libphonenumber-js cannot tell is risky, and so are the types the issue names', () => {
    expect([...RISKY_TYPES].sort()).toEqual(['personal', 'premium', 'sharedCost', 'uan', 'unknown', 'voicemail']);
  });

  it('the risky type asks whatever the content script saw, in any browser', () => {
    for (const seen of ['visible', 'unverified'] as const)
      expect(assess('900 123 456', { seen })).toMatchObject({ ask: ['type'] });
  });
});

describe('feature codes are never dialled from a page', () => {
  it.each(['*78', '#31#', '*21*777888999#', '123*4', '**21'])('%j, as a link or selected, is refused', (text) => {
    expect(assess(text, { link: true, shown: text })).toEqual({ ok: false, refuse: 'errPageFeatureCode' });
    expect(assess(text, { selection: true, seen: 'unverified' })).toEqual({ ok: false, refuse: 'errPageFeatureCode' });
  });

  it('an internal line without them is fine, from a link or a selection', () => {
    expect(assess('445', { link: true, shown: 'linka 445' })).toMatchObject({
      ok: true,
      type: 'internal',
      dial: '445',
      ask: [],
    });
    expect(assess('445', { selection: true, seen: 'unverified' })).toMatchObject({
      ok: true,
      type: 'internal',
      ask: [],
    });
  });

  it('an internal line in text that is no link is not a number to dial', () => {
    expect(assess('445')).toEqual({ ok: false, refuse: 'errInvalidNumber' });
    expect(assess('12345678901234')).toEqual({ ok: false, refuse: 'errInvalidNumber' });
  });
});

describe('a tel: link must show the number it calls', () => {
  it.each([
    ['+420 602 123 456', []],
    ['602 123 456', []],
    ['Zavolejte: 602-123-456', []],
    ['+420602123456', []],
    ['Stáhnout PDF', ['linkText']],
    ['', ['linkText']],
    ['777 888 999', ['linkText']],
    ['602 123 45', ['linkText']],
  ])('a link to +420602123456 that shows %j asks %j', (shown, ask) => {
    expect(assess('+420602123456', { link: true, shown })).toMatchObject({ ok: true, dial: '602123456', ask });
  });

  it("an internal line's link too", () => {
    expect(assess('445', { link: true, shown: 'Recepce' })).toMatchObject({ ask: ['linkText'] });
  });

  it('showsDigits reads digits in order, whatever separates them', () => {
    expect(showsDigits('tel. (+420) 602/123-456', '602123456')).toBe(true);
    expect(showsDigits('602 123 465', '602123456')).toBe(false);
    expect(showsDigits('anything', '')).toBe(false);
  });
});

describe('what the user saw, and foreign numbers', () => {
  it('a doubt of the content script makes any number ask, with its reason', () => {
    expect(assess('777 888 999', { seen: 'doubt', doubt: 'notVisible' })).toMatchObject({ ask: ['notVisible'] });
    expect(assess('900 123 456', { seen: 'doubt', doubt: 'moved' })).toMatchObject({ ask: ['moved', 'type'] });
    expect(assess('777 888 999', { seen: 'doubt' })).toMatchObject({ ask: ['noVerdict'] });
  });

  it('a foreign number asks only when confirmForeign is on', () => {
    expect(assess('+44 20 7946 0958')).toMatchObject({
      ok: true,
      foreign: true,
      country: 'GB',
      type: 'fixed',
      ask: [],
    });
    expect(assess('+44 20 7946 0958', {}, { confirmForeign: true })).toMatchObject({ ask: ['foreign'] });
    expect(assess('777 888 999', {}, { confirmForeign: true })).toMatchObject({ foreign: false, ask: [] });
  });

  it('national numbers are read in the page’s region, and dialled by the user’s rules', () => {
    expect(assess('(212) 555-0142', { region: 'US' })).toMatchObject({
      ok: true,
      dial: '0012125550142',
      foreign: true,
    });
    expect(assess('777 888 999', {}, { outsideLinePrefix: '0' })).toMatchObject({ dial: '0777888999' });
  });
});
