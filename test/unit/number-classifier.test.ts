import { describe, it, expect } from 'vitest';
import { NumberClassifier, pageRegion, type Classified } from '../../src/background/number-classifier.ts';
import { MAX_CANDIDATES, MAX_CANDIDATE_LENGTH } from '../../src/shared/message-schemas.ts';
import { findCandidates } from '../../src/content/candidates.ts';
import type { DialRules } from '../../src/shared/dial-rules.ts';

const CZ: DialRules = { defaultCountry: 'CZ', internationalPrefix: '00', outsideLinePrefix: '' };

interface Linked {
  /** The text that becomes the link. */
  text: string;
  dial: string;
  label: string;
}

/**
 * What the product links in `text` on a page with <html lang={lang}>: the content script's candidates, classified in
 * the background with the page's region, the first valid reading of each (as scanner.ts does).
 */
function linked(text: string, lang = '', rules: DialRules = CZ, classifier = new NumberClassifier()): Linked[] {
  const region = pageRegion(lang, rules.defaultCountry);
  const out: Linked[] = [];
  for (const c of findCandidates(text)) {
    const results = classifier.classify(
      c.options.map((o) => o.text),
      region,
      rules,
    );
    const i = results.findIndex((r) => r !== null);
    const hit = results[i];
    const option = c.options[i];
    if (hit && option) out.push({ text: option.text, dial: hit.dial, label: hit.label });
  }
  return out;
}

function dials(text: string, lang = '', rules: DialRules = CZ): string[] {
  return linked(text, lang, rules).map((l) => l.dial);
}

describe('pageRegion', () => {
  it.each([
    ['en-US', 'US'],
    ['de-AT', 'AT'],
    ['de-DE', 'DE'],
    ['en-GB', 'GB'],
    ['fr-FR', 'FR'],
    ['pl-PL', 'PL'],
    ['sk-SK', 'SK'],
    ['cs-CZ', 'CZ'],
    ['en-us', 'US'],
    ['EN-us', 'US'],
    ['en_GB', 'GB'],
    [' en-GB ', 'GB'],
    ['en-GB-oxendict', 'GB'],
    ['fil-PH', 'PH'],
  ])('<html lang=%j> → %s', (lang, region) => {
    expect(pageRegion(lang, 'CZ')).toBe(region);
  });

  it.each([['cs'], ['en'], ['de'], [''], ['es-419'], ['x'], [null], [undefined]])(
    '<html lang=%j> has no region → the setting',
    (lang) => {
      expect(pageRegion(lang, 'CZ')).toBe('CZ');
      expect(pageRegion(lang, 'sk')).toBe('SK');
    },
  );
});

describe('NumberClassifier.classify', () => {
  it('returns the dial string and the international label, null for what is not a valid number', () => {
    const c = new NumberClassifier();
    expect(c.classify(['777 888 999', '+44 20 7946 0958', '1 299 000', '445', 'abc'], 'CZ', CZ)).toEqual([
      { dial: '777888999', label: '+420 777 888 999' },
      { dial: '00442079460958', label: '+44 20 7946 0958' },
      null,
      null,
      null,
    ]);
  });

  it('accepts internal lines only for the hrefs of tel:/sip: links', () => {
    const c = new NumberClassifier();
    expect(c.classify(['445', '4450', '123456', '12'], 'CZ', CZ, false)).toEqual([null, null, null, null]);
    expect(c.classify(['445', '4450', '123456', '12'], 'CZ', CZ, true)).toEqual([
      { dial: '445', label: '445' },
      { dial: '4450', label: '4450' },
      { dial: '123456', label: '123456' },
      null,
    ]);
    // A link's outside number is dialled by the same rules.
    expect(c.classify(['+420777888999'], 'CZ', CZ, true)).toEqual([{ dial: '777888999', label: '+420 777 888 999' }]);
  });

  it('reads national numbers in the region it is given', () => {
    const c = new NumberClassifier();
    expect(c.classify(['(212) 555-0142'], 'CZ', CZ)).toEqual([null]);
    expect(c.classify(['(212) 555-0142'], 'US', CZ)).toEqual([{ dial: '0012125550142', label: '+1 212 555 0142' }]);
    expect(c.classify(['777 888 999'], 'US', CZ)).toEqual([null]);
    expect(c.classify(['777 888 999'], 'CZ', CZ)).toEqual([{ dial: '777888999', label: '+420 777 888 999' }]);
  });

  it('caches per text, region and rules', () => {
    const c = new NumberClassifier();
    const [first] = c.classify(['777 888 999'], 'CZ', CZ);
    const [again] = c.classify(['777 888 999'], 'CZ', CZ);
    expect(again).toBe(first);
    // Other rules: other answer, not the cached one.
    const [withZero] = c.classify(['777 888 999'], 'CZ', { ...CZ, outsideLinePrefix: '0' });
    expect(withZero).toEqual({ dial: '0777888999', label: '+420 777 888 999' });
    const [asSlovak] = c.classify(['+420 777 888 999'], 'CZ', { ...CZ, defaultCountry: 'SK' });
    expect(asSlovak?.dial).toBe('00420777888999');
    const [via011] = c.classify(['+44 20 7946 0958'], 'CZ', { ...CZ, internationalPrefix: '011' });
    expect(via011?.dial).toBe('011442079460958');
    // Links vs text: "445" is internal only for links.
    expect(c.classify(['445'], 'CZ', CZ, true)[0]).not.toBeNull();
    expect(c.classify(['445'], 'CZ', CZ, false)[0]).toBeNull();
    // The first answer is still there.
    expect(c.classify(['777 888 999'], 'CZ', CZ)[0]).toBe(first);
  });

  it('keeps answering after the cache is cleared at its size limit', () => {
    const c = new NumberClassifier(100);
    const many = Array.from({ length: 102 }, (_, i) => `x${i}`);
    expect(c.classify(many, 'CZ', CZ).every((r) => r === null)).toBe(true);
    expect(c.classify(['777 888 999'], 'CZ', CZ)).toEqual([{ dial: '777888999', label: '+420 777 888 999' }]);
  });

  it('keeps the answer order and length for a batch, with duplicates', () => {
    const c = new NumberClassifier();
    const batch = ['777888999', 'nope', '777888999', '+420 602 123 456'];
    const out: (Classified | null)[] = c.classify(batch, 'CZ', CZ);
    expect(out).toHaveLength(4);
    expect(out.map((r) => r?.dial ?? null)).toEqual(['777888999', null, '777888999', '602123456']);
  });

  it('exports the limits the message router enforces', () => {
    expect(MAX_CANDIDATES).toBe(5_000);
    expect(MAX_CANDIDATE_LENGTH).toBe(40);
  });
});

describe('end to end: page text → candidates → classifier → dial string (user in CZ, prefix 00)', () => {
  it.each([
    // Czech, on a Czech page (or one without a region)
    ['777 888 999', 'cs', '777 888 999', '777888999'],
    ['777888999', 'cs', '777888999', '777888999'],
    ['+420 777 888 999', 'cs', '+420 777 888 999', '777888999'],
    ['+420777888999', '', '+420777888999', '777888999'],
    ['00420 602 123 456', 'cs', '00420 602 123 456', '602123456'],
    ['602-123-456', 'cs', '602-123-456', '602123456'],
    ['602.123.456', 'cs', '602.123.456', '602123456'],
    ['+420 (602) 123 456', 'cs', '+420 (602) 123 456', '602123456'],
    ['777\u00a0888\u00a0999', 'cs', '777\u00a0888\u00a0999', '777888999'],
    ['+420 221 091 111', 'cs-CZ', '+420 221 091 111', '221091111'],
    // UK
    ['+44 20 7946 0958', 'cs', '+44 20 7946 0958', '00442079460958'],
    ['020 7946 0958', 'en-GB', '020 7946 0958', '00442079460958'],
    // US
    ['+1 (212) 555-0142', 'cs', '+1 (212) 555-0142', '0012125550142'],
    ['(212) 555-0142', 'en-US', '(212) 555-0142', '0012125550142'],
    ['212-555-0142', 'en-US', '212-555-0142', '0012125550142'],
    ['212.555.0142', 'en-US', '212.555.0142', '0012125550142'],
    // Germany
    ['+49 30 901820', 'cs', '+49 30 901820', '004930901820'],
    ['030 901820', 'de-DE', '030 901820', '004930901820'],
    // Austria
    ['+43 1 5131234', 'cs', '+43 1 5131234', '004315131234'],
    ['01 5131234', 'de-AT', '01 5131234', '004315131234'],
    ['0664 1234567', 'de-AT', '0664 1234567', '00436641234567'],
    // Slovakia
    ['+421 905 123 456', 'cs', '+421 905 123 456', '00421905123456'],
    ['0905 123 456', 'sk-SK', '0905 123 456', '00421905123456'],
    // Poland
    ['+48 22 123 45 67', 'cs', '+48 22 123 45 67', '0048221234567'],
    ['+48 512 345 678', 'cs', '+48 512 345 678', '0048512345678'],
    ['22 123 45 67', 'pl-PL', '22 123 45 67', '0048221234567'],
    // France
    ['+33 1 42 68 53 00', 'cs', '+33 1 42 68 53 00', '0033142685300'],
    ['01 42 68 53 00', 'fr-FR', '01 42 68 53 00', '0033142685300'],
  ])('%j on lang=%j links %j and dials %s', (text, lang, linkedText, dial) => {
    expect(linked(text, lang)).toEqual([expect.objectContaining({ text: linkedText, dial })]);
  });

  it('"(+420) 602 123 456" dials 602123456', () => {
    expect(dials('(+420) 602 123 456', 'cs')).toEqual(['602123456']);
  });

  it('labels numbers in international form for the accessible name', () => {
    expect(linked('(212) 555-0142', 'en-US')[0]?.label).toBe('+1 212 555 0142');
    expect(linked('020 7946 0958', 'en-GB')[0]?.label).toBe('+44 20 7946 0958');
    expect(linked('602.123.456', 'cs')[0]?.label).toBe('+420 602 123 456');
  });

  it('numbers inside sentences with punctuation', () => {
    expect(linked('Volejte 777 888 999.', 'cs')).toEqual([
      { text: '777 888 999', dial: '777888999', label: '+420 777 888 999' },
    ]);
    expect(dials('Tel.: 777 888 999, fax 602 123 456.', 'cs')).toEqual(['777888999', '602123456']);
    expect(dials('Call us on +44 20 7946 0958!', 'cs')).toEqual(['00442079460958']);
    expect(dials('Telefon: +420 777 888 999; e-mail info@example.cz', 'cs')).toEqual(['777888999']);
    expect(dials('Kanzlei Wien (01 5131234), Mo–Fr', 'de-AT')).toEqual(['004315131234']);
    expect(dials('Questions? Call (212) 555-0142.', 'en-US')).toEqual(['0012125550142']);
    expect(dials('„777 888 999“', 'cs')).toEqual(['777888999']);
    expect(dials('777 888 999 / 602 123 456', 'cs')).toEqual(['777888999', '602123456']);
  });

  it('international form is found on any page', () => {
    for (const lang of ['', 'cs', 'en', 'en-US', 'en-GB', 'de-DE', 'de-AT', 'fr-FR', 'ja-JP', 'pt-BR']) {
      expect(dials('+44 20 7946 0958', lang)).toEqual(['00442079460958']);
      expect(dials('00420 602 123 456', lang)).toEqual(['602123456']);
      expect(dials('+420 777 888 999', lang)).toEqual(['777888999']);
      expect(dials('+1 (212) 555-0142', lang)).toEqual(['0012125550142']);
    }
  });

  it('national numbers follow the page region, and a bare language falls back to the setting', () => {
    expect(dials('777 888 999', 'cs')).toEqual(['777888999']);
    expect(dials('777 888 999', 'en')).toEqual(['777888999']);
    expect(dials('777 888 999', 'en-US')).toEqual([]);
    expect(dials('(212) 555-0142', 'cs')).toEqual([]);
    expect(dials('(212) 555-0142', 'en')).toEqual([]);
    expect(dials('0905 123 456', 'sk')).toEqual([]);
    expect(dials('0905 123 456', 'sk', { ...CZ, defaultCountry: 'SK' })).toEqual(['0905123456']);
  });

  it('the readings fallback: "12:30 777 888 999" links 777 888 999', () => {
    expect(linked('12:30 777 888 999', 'cs')).toEqual([
      { text: '777 888 999', dial: '777888999', label: '+420 777 888 999' },
    ]);
    expect(linked('Tel 25.11.2026 777 888 999', 'cs')).toEqual([
      expect.objectContaining({ text: '777 888 999', dial: '777888999' }),
    ]);
    expect(linked('777 888 999 12', 'cs')).toEqual([
      expect.objectContaining({ text: '777 888 999', dial: '777888999' }),
    ]);
  });

  it('applies the user rules: outside line and international prefix', () => {
    const rules: DialRules = { defaultCountry: 'CZ', internationalPrefix: '011', outsideLinePrefix: '0' };
    expect(dials('777 888 999', 'cs', rules)).toEqual(['0777888999']);
    expect(dials('+44 20 7946 0958', 'cs', rules)).toEqual(['0011442079460958']);
  });

  it('a GB user sees UK numbers in national form and Czech ones as international', () => {
    const gb: DialRules = { defaultCountry: 'GB', internationalPrefix: '00', outsideLinePrefix: '' };
    expect(dials('+44 20 7946 0958', 'en', gb)).toEqual(['02079460958']);
    expect(dials('020 7946 0958', 'en', gb)).toEqual(['02079460958']);
    expect(dials('+420 777 888 999', 'en', gb)).toEqual(['00420777888999']);
  });
});

describe('end to end: nothing that is not a phone number is linked', () => {
  it.each([
    '25.11.2026',
    '25. 11. 2026',
    '2026-11-25',
    '11/25/2026',
    '12:30',
    '12:30:45',
    '192.168.10.254',
    '1.2.3',
    '10.4.2.1234',
    '120.0.6099.109',
    '50.0755123, 14.4378123',
    '12 990 Kč',
    '1 299 000 Kč',
    '€ 1.299.000',
    '$1,299.00',
    '3 500 000 obyvatel',
    'CZ65 0800 0000 1920 0014 5399',
    '19-2000145399/0800',
    '2000145399/0800',
    'IČO: 27074358',
    'IČ 27074358',
    'DIČ: CZ27074358',
    'ISBN 978-80-7203-611-4',
    '978-80-7203-611-4',
    'ISSN 1234-5679',
    '1412256225',
    '1412256225123',
    '1412256225.1941',
    '#777888999',
    'No. 777888999',
    'Nr. 777888999',
    '777 888 999 Kč',
    '445',
    'linka 4450',
  ])('%j on any page', (text) => {
    for (const lang of ['cs', 'en-US', 'en-GB', 'de-AT', 'fr-FR', 'pl-PL', 'sk-SK']) {
      expect(dials(text, lang)).toEqual([]);
    }
  });

  it('bare grouped amounts are not linked on Czech, US and UK pages', () => {
    // See the report: on de-AT/de-DE pages some of these are valid national numbers and get linked.
    for (const text of ['1 299 000', '3 500 000', '12 345 678', '20 000 000']) {
      for (const lang of ['cs', 'en-US', 'en-GB']) expect(dials(text, lang)).toEqual([]);
    }
  });

  it('short internal numbers (3–6 digits) are never linked on pages, whatever the region', () => {
    for (const text of [
      '445',
      '4450',
      '44501',
      '123456',
      'linka 445',
      'klapka 4450',
      'ext. 123456',
      'Linka: 12 34 56',
    ]) {
      expect(findCandidates(text)).toEqual([]);
      for (const lang of ['cs', 'en-US', 'de-AT']) expect(dials(text, lang)).toEqual([]);
    }
  });
});
