/**
 * The key table (src/background/contacts/key-table.ts): number keys as float64 codes, and code → contact ids.
 */
import { describe, expect, it } from 'vitest';
import { KeyTable, keyCode, keyFromCode, lowerBound } from '../../../src/background/contacts/key-table.ts';

describe('keyCode / keyFromCode', () => {
  it.each(['+420777888999', '+12125550123', '+999999999999999', '+100000', '445', '0445', '000', '123456', '000000'])(
    '%s survives the round trip',
    (key) => {
      expect(keyFromCode(keyCode(key))).toBe(key);
    },
  );

  it('keeps internal lines and outside numbers apart, and leading zeros of lines', () => {
    expect(keyCode('445')).not.toBe(keyCode('0445'));
    expect(keyCode('445')).toBeLessThan(0);
    expect(keyCode('+445000')).toBeGreaterThan(0);
  });

  it('refuses what is not a number key', () => {
    expect(() => keyCode('777 888 999')).toThrow(RangeError);
    expect(() => keyCode('')).toThrow(RangeError);
  });
});

describe('KeyTable', () => {
  const codes = [
    keyCode('+420777888999'),
    keyCode('445'),
    keyCode('+420777888999'),
    keyCode('+421905123456'),
    keyCode('+420777888999'),
  ];
  const table = KeyTable.build(Float64Array.from(codes), Uint32Array.from([0, 1, 2, 3, 7]));

  it('finds every contact of a key, in the order given', () => {
    expect([...table.get(keyCode('+420777888999'))]).toEqual([0, 2, 7]);
    expect([...table.get(keyCode('445'))]).toEqual([1]);
    expect([...table.get(keyCode('+421905123456'))]).toEqual([3]);
  });

  it('finds nothing for an unknown key, below, between and above the known ones', () => {
    for (const key of ['100', '+1000000', '+420777888998', '+999999999999999'])
      expect(table.get(keyCode(key)).length).toBe(0);
    expect(table.distinctKeys).toBe(3);
    expect(table.byteLength).toBeGreaterThan(0);
  });

  it('works empty', () => {
    const empty = KeyTable.build(new Float64Array(0), new Uint32Array(0));
    expect(empty.get(keyCode('445')).length).toBe(0);
    expect(empty.distinctKeys).toBe(0);
  });

  it('agrees with a Map on 20,000 random pairs', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pairCodes = new Float64Array(20_000);
    const pairIds = new Uint32Array(20_000);
    const expected = new Map<number, number[]>();
    for (let i = 0; i < pairCodes.length; i++) {
      const code = 420_000_000_000 + Math.floor(random() * 5_000);
      pairCodes[i] = code;
      pairIds[i] = i;
      expected.set(code, [...(expected.get(code) ?? []), i]);
    }
    const big = KeyTable.build(pairCodes, pairIds);
    for (const [code, ids] of expected) expect([...big.get(code)]).toEqual(ids);
    expect(big.distinctKeys).toBe(expected.size);
  });
});

describe('lowerBound', () => {
  it('gives the first index whose value is not below the one asked', () => {
    const values = [1, 3, 3, 5];
    expect([0, 1, 2, 3, 4, 5, 6].map((v) => lowerBound(values, v))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect(lowerBound([], 1)).toBe(0);
  });
});
