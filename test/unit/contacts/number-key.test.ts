/**
 * Number keys (src/shared/number-key.ts): the same number written differently gets one key, in many
 * countries; internal lines compare as digits; text that is not a number gets none.
 */
import { describe, expect, it } from 'vitest';
import { compactNumber, isNumberKey, numberKey, NumberKeyer } from '../../../src/shared/number-key.ts';

/** The table: one Czech mobile number as people, spreadsheets, CRMs and the iPBX write it. */
const JAN_NOVAK = [
  '+420 777 888 999',
  '00420777888999',
  '00 420 777 888 999',
  '777 888 999',
  '777-888-999',
  '(777) 888.999',
  '777888999',
  '777.888.999',
  '777/888/999',
  '+420 (777) 888-999',
  '+420\u00a0777\u00a0888\u00a0999',
  '777\u2009888\u2009999',
  '777\u202f888\u202f999',
  '777–888–999',
  '[777] 888 999',
  '420777888999',
  '420 777 888 999',
  'tel:+420777888999',
  'TEL:+420-777-888-999',
  'tel:777888999',
  'tel:%2B420777888999',
  'tel:+420777888999;phone-context=example.com',
  '  +420 777 888 999  ',
  '\ufeff+420777888999',
  '+420 777 888 999 ext. 12',
];

describe('numberKey: the same Czech number written differently', () => {
  it.each(JAN_NOVAK)('%j is +420777888999 in CZ', (written) => {
    expect(numberKey(written, 'CZ')).toBe('+420777888999');
  });

  it('reads the default country case-insensitively', () => {
    expect(numberKey('777 888 999', 'cz')).toBe('+420777888999');
  });
});

describe('numberKey across countries', () => {
  const table: [country: string, written: string, key: string][] = [
    ['SK', '0905 123 456', '+421905123456'],
    ['SK', '0905/123 456', '+421905123456'],
    ['SK', '00421905123456', '+421905123456'],
    ['CZ', '+421 905 123 456', '+421905123456'],
    ['DE', '030 1234567', '+49301234567'],
    ['DE', '030/1234567', '+49301234567'],
    ['DE', '0049 30 1234567', '+49301234567'],
    ['DE', '+49 (0)30 1234567', '+49301234567'],
    ['DE', '0151 12345678', '+4915112345678'],
    ['DE', '0800 123 456', '+49800123456'],
    ['AT', '0664 1234567', '+436641234567'],
    ['AT', '0043 664 1234567', '+436641234567'],
    ['AT', '+43 664 1234567', '+436641234567'],
    ['GB', '020 7946 0958', '+442079460958'],
    ['GB', '0044 20 7946 0958', '+442079460958'],
    ['GB', '+44 (0)20 7946 0958', '+442079460958'],
    ['CZ', '+44 (0) 20 7946 0958', '+442079460958'],
    ['US', '(212) 555-0123', '+12125550123'],
    ['US', '212.555.0123', '+12125550123'],
    ['US', '1 212 555 0123', '+12125550123'],
    ['US', '+1 212-555-0123', '+12125550123'],
    ['CZ', '001 212 555 0123', '+12125550123'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['FR', '06.12.34.56.78', '+33612345678'],
    ['FR', '0033 6 12 34 56 78', '+33612345678'],
    ['PL', '512 345 678', '+48512345678'],
    ['PL', '512-345-678', '+48512345678'],
    ['PL', '0048 512 345 678', '+48512345678'],
    ['HU', '06 30 123 4567', '+36301234567'],
    ['HU', '+36 30 123 4567', '+36301234567'],
    ['RU', '8 912 345 67 89', '+79123456789'],
    ['AU', '0412 345 678', '+61412345678'],
    ['CZ', '+420 2 2112 3456', '+420221123456'],
    ['CZ', '221 123 456', '+420221123456'],
  ];
  it.each(table)('%s: %j → %s', (country, written, key) => {
    expect(numberKey(written, country)).toBe(key);
  });

  it("understands the country's own international prefix (011 in the US, 0011 in Australia), and 00 anywhere", () => {
    expect(numberKey('011 420 777 888 999', 'US')).toBe('+420777888999');
    expect(numberKey('0011 420 777 888 999', 'AU')).toBe('+420777888999');
    expect(numberKey('00 420 777 888 999', 'US')).toBe('+420777888999');
  });

  it('gives a national number stored in its own country the key of the caller id sent internationally', () => {
    expect(numberKey('0905 123 456', 'SK')).toBe(numberKey('+421905123456', 'CZ'));
    expect(numberKey('030 1234567', 'DE')).toBe(numberKey('0049301234567', 'CZ'));
  });

  it('reads a caller id with the country code but no "+" when the national reading fails', () => {
    expect(numberKey('4915112345678', 'CZ')).toBe('+4915112345678');
    expect(numberKey('421905123456', 'CZ')).toBe('+421905123456');
  });

  it('keeps a national reading when there is one: a Czech number is never read as foreign', () => {
    expect(numberKey('777888999', 'CZ')).toBe('+420777888999');
    expect(numberKey('602123456', 'CZ')).toBe('+420602123456');
  });

  it('reads numbers even with an unknown default country when they are international', () => {
    expect(numberKey('+420 777 888 999', 'XX')).toBe('+420777888999');
    expect(numberKey('777 888 999', 'XX')).toBeNull();
  });
});

describe('numberKey: internal lines and non-numbers', () => {
  it.each([
    ['445', '445'],
    ['44 5', '445'],
    ['0445', '0445'],
    ['123456', '123456'],
    ['tel:445', '445'],
  ])('%j is the internal line %s (digits compared exactly)', (written, key) => {
    expect(numberKey(written, 'CZ')).toBe(key);
  });

  it('never gives an internal line and an outside number the same key', () => {
    expect(numberKey('445', 'CZ')).not.toBe(numberKey('+445', 'CZ'));
    expect(isNumberKey('445')).toBe(true);
    expect(isNumberKey('+420777888999')).toBe(true);
  });

  it.each([
    '',
    '   ',
    '12',
    'anonymous',
    'Unknown',
    '+420',
    '*21#',
    'N/A',
    'abc 777',
    '1234567',
    'x'.repeat(100),
    '7'.repeat(70),
  ])('%j is not a number', (written) => {
    expect(numberKey(written, 'CZ')).toBeNull();
  });
});

describe('compactNumber and isNumberKey', () => {
  it('strips what people write around and between digits, keeping "+" and letters', () => {
    expect(compactNumber(' tel:+420-777 888 999;ext=1 ')).toBe('+420777888999');
    expect(compactNumber('+44 (0)20 7946 0958')).toBe('+442079460958');
    expect(compactNumber('777 888 999 ext. 12')).toBe('777888999ext12');
    expect(compactNumber('tel:%E0%A4%A')).toBe('%E0%A4%A');
  });

  it('accepts only what numberKey returns', () => {
    for (const bad of ['', '12', '1234567', '+0123456', '+1234567890123456', '+420 777', 'abc'])
      expect(isNumberKey(bad)).toBe(false);
  });
});

describe('NumberKeyer', () => {
  it('answers like numberKey, remembering answers (also null ones)', () => {
    const keyer = new NumberKeyer('CZ', 3);
    expect(keyer.key('777 888 999')).toBe('+420777888999');
    expect(keyer.key('777 888 999')).toBe('+420777888999');
    expect(keyer.key('anonymous')).toBeNull();
    expect(keyer.key('anonymous')).toBeNull();
    expect(keyer.defaultCountry).toBe('CZ');
  });

  it('starts over when full instead of growing without end', () => {
    const keyer = new NumberKeyer('CZ', 2);
    for (const n of ['445', '446', '447', '448']) keyer.key(n);
    expect(keyer.key('449')).toBe('449');
    expect(keyer.key('777888999')).toBe('+420777888999');
  });
});
