import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tombstones } from '../../src/background/tombstones.ts';

/** The plain-Map version the structure must behave exactly like: newest last, oldest forgotten beyond the cap. */
function reference(entries: Map<string, number>, id: string, at: number, max: number): Map<string, number> {
  const next = new Map(entries);
  next.delete(id);
  next.set(id, at);
  for (const k of next.keys()) {
    if (next.size <= max) break;
    next.delete(k);
  }
  return next;
}

describe('Tombstones', () => {
  it('behaves like a capped, ordered Map under any sequence of adds and filters, and never changes an old version', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        id: fc.integer({ min: 0, max: 300 }).map(String),
        at: fc.integer({ min: 0, max: 1_000 }),
      }),
      fc.record({ kind: fc.constant('filter' as const), below: fc.integer({ min: 0, max: 1_000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.array(step, { maxLength: 600 }), (max, steps) => {
        let t = Tombstones.empty(max);
        let ref = new Map<string, number>();
        const versions: [Tombstones, [string, number][]][] = [];
        for (const s of steps) {
          if (s.kind === 'add') {
            t = t.with(s.id, s.at);
            ref = reference(ref, s.id, s.at, max);
          } else {
            t = t.filter((at) => at >= s.below);
            ref = new Map([...ref].filter(([, at]) => at >= s.below));
          }
          expect([...t]).toEqual([...ref]);
          expect(t.size).toBe(ref.size);
          versions.push([t, [...ref]]);
        }
        for (const [id, at] of ref) {
          expect(t.has(id)).toBe(true);
          expect(t.get(id)).toBe(at);
        }
        for (let id = 0; id <= 300; id++) if (!ref.has(String(id))) expect(t.has(String(id))).toBe(false);
        for (const [version, entries] of versions) expect([...version]).toEqual(entries);
      }),
      { numRuns: 200 },
    );
  });

  it('of() keeps the newest `max` entries, a repeated id at its last place', () => {
    const t = Tombstones.of(
      [
        ['a', 1],
        ['b', 2],
        ['a', 3],
        ['c', 4],
      ],
      2,
    );
    expect([...t]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
    expect(t.has('b')).toBe(false);
    expect([...t.keys()]).toEqual(['a', 'c']);
  });

  it('filter() that keeps everything returns the same version', () => {
    const t = Tombstones.empty(10).with('a', 1).with('b', 2);
    expect(t.filter(() => true)).toBe(t);
  });
});
