import { describe, it, expect } from 'vitest';
import {
  compactNumber,
  dialString,
  parseNumber,
  planDial,
  type DialPlan,
  type DialRules,
} from '../../src/shared/dial-rules.ts';

function rules(defaultCountry: string, internationalPrefix = '00', outsideLinePrefix = ''): DialRules {
  return { defaultCountry, internationalPrefix, outsideLinePrefix };
}

/** The dial string, or null when the plan refuses. */
function dial(
  text: string,
  r: DialRules,
  opts: { region?: string; allowInternal: boolean } = { allowInternal: false },
): string | null {
  const plan = planDial(text, r, opts);
  return plan.ok ? plan.dial : null;
}

const INVALID: DialPlan = { ok: false, reason: 'errInvalidNumber' };

describe('planDial: the user’s own country in national form', () => {
  it.each([
    ['CZ', '+420 777 888 999', '777888999', '+420 777 888 999'],
    ['CZ', '+420777888999', '777888999', '+420 777 888 999'],
    ['CZ', '00420 777 888 999', '777888999', '+420 777 888 999'],
    ['CZ', '+420 2 2109 1111', '221091111', '+420 221 091 111'],
    ['SK', '+421 905 123 456', '0905123456', '+421 905 123 456'],
    ['SK', '+421 2 5443 3337', '0254433337', '+421 2 544 333 37'],
    ['GB', '+44 20 7946 0958', '02079460958', '+44 20 7946 0958'],
    ['GB', '0044 20 7946 0958', '02079460958', '+44 20 7946 0958'],
    ['DE', '+49 30 901820', '030901820', '+49 30 901820'],
    ['DE', '+49 151 23456789', '015123456789', '+49 1512 3456789'],
    ['AT', '+43 1 5131234', '015131234', '+43 1 5131234'],
    ['AT', '+43 664 1234567', '06641234567', '+43 664 1234567'],
    ['US', '+1 (212) 555-0142', '2125550142', '+1 212 555 0142'],
    ['US', '+1 415 555 2671', '4155552671', '+1 415 555 2671'],
    ['FR', '+33 1 42 68 53 00', '0142685300', '+33 1 42 68 53 00'],
    ['FR', '+33 6 12 34 56 78', '0612345678', '+33 6 12 34 56 78'],
    ['PL', '+48 22 123 45 67', '221234567', '+48 22 123 45 67'],
    ['PL', '+48 512 345 678', '512345678', '+48 512 345 678'],
  ])('%s user: %j → %s', (country, text, expected, display) => {
    expect(planDial(text, rules(country), { allowInternal: false })).toEqual({
      ok: true,
      kind: 'national',
      dial: expected,
      display,
    });
    // The international prefix does not matter for the own country.
    expect(dial(text, rules(country, '011'))).toBe(expected);
  });

  it.each([
    ['CZ', '777 888 999', '777888999'],
    ['CZ', '602-123-456', '602123456'],
    ['SK', '0905 123 456', '0905123456'],
    ['GB', '020 7946 0958', '02079460958'],
    ['DE', '030 901820', '030901820'],
    ['AT', '0664 1234567', '06641234567'],
    ['US', '(212) 555-0142', '2125550142'],
    ['US', '212.555.0142', '2125550142'],
    ['FR', '01 42 68 53 00', '0142685300'],
    ['PL', '512 345 678', '512345678'],
  ])('%s user types the national number %j (dial box: read in the user’s country) → %s', (country, text, expected) => {
    expect(planDial(text, rules(country), { allowInternal: true })).toMatchObject({
      ok: true,
      kind: 'national',
      dial: expected,
    });
  });

  it('accepts the country in any case', () => {
    expect(dial('+420 777 888 999', rules('cz'))).toBe('777888999');
    expect(dial('777 888 999', rules('cz'))).toBe('777888999');
  });
});

describe('planDial: foreign numbers with the international prefix and E.164 digits', () => {
  it.each([
    ['CZ', '+44 20 7946 0958', '442079460958'],
    ['CZ', '+421 905 123 456', '421905123456'],
    ['CZ', '+1 (212) 555-0142', '12125550142'],
    ['SK', '+420 777 888 999', '420777888999'],
    ['GB', '+420 777 888 999', '420777888999'],
    ['GB', '+49 30 901820', '4930901820'],
    ['DE', '+43 1 5131234', '4315131234'],
    ['AT', '+49 30 901820', '4930901820'],
    ['US', '+44 20 7946 0958', '442079460958'],
    ['US', '+33 1 42 68 53 00', '33142685300'],
    ['FR', '+48 22 123 45 67', '48221234567'],
    ['PL', '+33 6 12 34 56 78', '33612345678'],
  ])('%s user: %j → prefix + %s', (country, text, e164) => {
    expect(planDial(text, rules(country, '00'), { allowInternal: false })).toMatchObject({
      ok: true,
      kind: 'international',
      dial: `00${e164}`,
    });
    expect(planDial(text, rules(country, '011'), { allowInternal: false })).toMatchObject({
      ok: true,
      kind: 'international',
      dial: `011${e164}`,
    });
  });

  it('"00" before a country code reads as "+" in any region', () => {
    for (const country of ['CZ', 'SK', 'GB', 'DE', 'AT', 'FR', 'PL']) {
      expect(dial('0044 20 7946 0958', rules(country === 'GB' ? 'CZ' : country))).toBe('00442079460958');
      expect(dial('00420777888999', rules(country === 'CZ' ? 'SK' : country))).toBe('00420777888999');
    }
  });

  it('a national number read in the page region is foreign for a user elsewhere', () => {
    expect(planDial('(212) 555-0142', rules('CZ'), { region: 'US', allowInternal: false })).toEqual({
      ok: true,
      kind: 'international',
      dial: '0012125550142',
      display: '+1 212 555 0142',
    });
    expect(dial('020 7946 0958', rules('CZ', '011'), { region: 'GB', allowInternal: false })).toBe('011442079460958');
    expect(dial('030 901820', rules('AT'), { region: 'DE', allowInternal: false })).toBe('004930901820');
    // …and national when the page region is the user's own.
    expect(dial('030 901820', rules('DE'), { region: 'DE', allowInternal: false })).toBe('030901820');
  });

  it('the page region only decides how national numbers read, not whose they are', () => {
    // A Czech number written internationally on a US page is still national for a Czech user.
    expect(dial('+420 777 888 999', rules('CZ'), { region: 'US', allowInternal: false })).toBe('777888999');
    // The region is case-insensitive.
    expect(dial('(212) 555-0142', rules('CZ'), { region: 'us', allowInternal: false })).toBe('0012125550142');
  });

  it('numbers without a country of their own (+800) are international', () => {
    expect(planDial('+800 1234 5678', rules('CZ'), { allowInternal: false })).toEqual({
      ok: true,
      kind: 'international',
      dial: '0080012345678',
      display: '+800 1234 5678',
    });
  });
});

describe('planDial: the outside-line prefix', () => {
  it.each([
    ['CZ', '+420 777 888 999', '0777888999'],
    ['CZ', '+44 20 7946 0958', '000442079460958'],
    ['SK', '+421 905 123 456', '00905123456'],
    ['GB', '+44 20 7946 0958', '002079460958'],
    ['DE', '+49 30 901820', '0030901820'],
    ['AT', '+43 1 5131234', '0015131234'],
    ['US', '+1 (212) 555-0142', '02125550142'],
    ['FR', '+33 1 42 68 53 00', '00142685300'],
    ['PL', '+48 22 123 45 67', '0221234567'],
  ])('%s user with outside line "0": %j → %s', (country, text, expected) => {
    expect(dial(text, rules(country, '00', '0'))).toBe(expected);
  });

  it('goes before the international prefix, whatever it is', () => {
    expect(dial('+420 777 888 999', rules('US', '011', '9'))).toBe('9011420777888999');
    expect(dial('+1 212 555 0142', rules('CZ', '00', '0'))).toBe('00012125550142');
    expect(dial('+1 212 555 0142', rules('US', '011', '9'))).toBe('92125550142');
  });

  it('is not dialled before internal lines', () => {
    expect(planDial('445', rules('CZ', '00', '0'), { allowInternal: true })).toEqual({
      ok: true,
      kind: 'internal',
      dial: '445',
      display: '445',
    });
  });
});

describe('planDial: internal lines (3–6 digits)', () => {
  it.each(['445', '4450', '44501', '123456', '*123#', '#31#', '112'])('%j is dialled as is when allowed', (text) => {
    expect(planDial(text, rules('CZ'), { allowInternal: true })).toEqual({
      ok: true,
      kind: 'internal',
      dial: text,
      display: text,
    });
  });

  it.each(['445', '4450', '123456', '*123#'])('%j is refused when internal lines are not allowed (pages)', (text) => {
    expect(planDial(text, rules('CZ'), { allowInternal: false })).toEqual(INVALID);
  });

  it('strips separators and surrounding space from internal lines', () => {
    expect(dial(' 44 50 ', rules('CZ'), { allowInternal: true })).toBe('4450');
    expect(dial('4-4-5', rules('CZ'), { allowInternal: true })).toBe('445');
    expect(dial('(445)', rules('CZ'), { allowInternal: true })).toBe('445');
    expect(dial('4\u00a0450', rules('CZ'), { allowInternal: true })).toBe('4450');
  });

  it('only 3 to 6 keys count as internal', () => {
    for (const text of ['12', '1', '1234567', '+445', '44a', '4.4']) {
      expect(planDial(text, rules('CZ'), { allowInternal: true }).ok).toBe(false);
    }
  });

  it('an outside number is still an outside number when internal lines are allowed', () => {
    expect(planDial('777 888 999', rules('CZ'), { allowInternal: true })).toMatchObject({
      kind: 'national',
      dial: '777888999',
    });
    expect(planDial('+44 20 7946 0958', rules('CZ'), { allowInternal: true })).toMatchObject({
      kind: 'international',
      dial: '00442079460958',
    });
  });
});

describe('planDial: invalid input', () => {
  it.each([
    '',
    '   ',
    'abc',
    '123',
    '+999 1',
    '+420 123',
    '+420 777 888 999 12',
    '1234567',
    '212-555-0142',
    '+',
    '00',
    'tel:',
    '0',
  ])('%j → errInvalidNumber', (text) => {
    expect(planDial(text, rules('CZ'), { allowInternal: false })).toEqual(INVALID);
  });

  it('"abc", "+999 1" and empty text are refused even where internal lines are allowed', () => {
    for (const text of ['', 'abc', '+999 1', '12'])
      expect(planDial(text, rules('CZ'), { allowInternal: true })).toEqual(INVALID);
  });

  it('refuses national numbers that are only valid elsewhere', () => {
    expect(planDial('(212) 555-0142', rules('CZ'), { allowInternal: false })).toEqual(INVALID);
    expect(planDial('777 888 999', rules('US'), { allowInternal: false })).toEqual(INVALID);
  });

  it('an unknown country reads no national numbers but still dials international ones', () => {
    expect(planDial('777 888 999', rules('XX'), { allowInternal: false })).toEqual(INVALID);
    expect(planDial('+420 777 888 999', rules('XX'), { allowInternal: false })).toMatchObject({
      ok: true,
      kind: 'international',
      dial: '00420777888999',
    });
  });
});

describe('parseNumber and dialString', () => {
  it('parseNumber reads "00" + country code as international in any region', () => {
    expect(parseNumber('00420 777 888 999', 'US')?.number).toBe('+420777888999');
    expect(parseNumber('  +44 20 7946 0958  ', 'CZ')?.number).toBe('+442079460958');
    expect(parseNumber('777 888 999', 'cz')?.number).toBe('+420777888999');
    expect(parseNumber('abc', 'CZ')).toBeUndefined();
  });

  it('dialString: national form for the own country, E.164 digits with the prefixes otherwise', () => {
    const uk = parseNumber('+44 20 7946 0958', 'GB');
    expect(uk).toBeDefined();
    expect(dialString(uk!, rules('GB'))).toEqual({ kind: 'national', dial: '02079460958' });
    expect(dialString(uk!, rules('gb', '00', '9'))).toEqual({ kind: 'national', dial: '902079460958' });
    expect(dialString(uk!, rules('CZ'))).toEqual({ kind: 'international', dial: '00442079460958' });
    expect(dialString(uk!, rules('US', '011', '9'))).toEqual({ kind: 'international', dial: '9011442079460958' });
  });

  it('dialString: numbers without a country count as home only by their calling code', () => {
    const freephone = parseNumber('+800 1234 5678', 'CZ');
    expect(freephone?.country).toBeUndefined();
    expect(dialString(freephone!, rules('CZ'))).toEqual({ kind: 'international', dial: '0080012345678' });
    expect(dialString(freephone!, rules('XX'))).toEqual({ kind: 'international', dial: '0080012345678' });
  });

  it('dial strings contain only what a PBX can dial', () => {
    const inputs = ['+420 777 888 999', '(212) 555-0142', '+44 20 7946 0958', '+33 1 42 68 53 00', '030 901820'];
    for (const text of inputs) {
      for (const r of [rules('CZ'), rules('US', '011', '9'), rules('DE', '00', '0')]) {
        for (const region of ['CZ', 'US', 'DE']) {
          const plan = planDial(text, r, { region, allowInternal: false });
          if (plan.ok) expect(plan.dial).toMatch(/^[0-9*#+]+$/);
        }
      }
    }
  });
});

describe('numbers that share the home calling code are dialled nationally', () => {
  it('Guernsey from the UK, Canada from the US', () => {
    expect(
      planDial(
        '+44 1481 723552',
        { defaultCountry: 'GB', internationalPrefix: '00', outsideLinePrefix: '' },
        { allowInternal: false },
      ),
    ).toMatchObject({ ok: true, dial: '01481723552' });
    expect(
      planDial(
        '+1 416 979 9000',
        { defaultCountry: 'US', internationalPrefix: '011', outsideLinePrefix: '' },
        { allowInternal: false },
      ),
    ).toMatchObject({ ok: true, kind: 'national' });
  });
});

describe('compactNumber', () => {
  it('drops the separators people type (spaces, no-break spaces, dots, dashes, slashes, brackets)', () => {
    expect(compactNumber(' +420 777\u00a0888.999 ')).toBe('+420777888999');
    expect(compactNumber('(02) 1234-5678/9')).toBe('02123456789');
  });

  it('keeps what a dial string may hold, and anything it does not understand', () => {
    expect(compactNumber('*45#')).toBe('*45#');
    expect(compactNumber('445x')).toBe('445x');
  });
});
