import { describe, expect, it } from 'vitest';
import { SourceMapGenerator } from 'source-map-js';
import { phases, ProfileSource, ProfileSources, type CpuProfile } from '../../bench/profile.ts';

/** Two sources as the project writes them, and the generated columns (line 1) of their functions in a bundle. */
const WALKER = [
  '/** The walk. */', // 1
  'function ownCopy(part: string): string {', // 2
  '  return part;', // 3
  '}', // 4
  '', // 5
  'export class Walker {', // 6
  '  readonly #roots: Node[] = [];', // 7
  '', // 8
  '  walk(deadline: number): void {', // 9
  '    void Promise.resolve().then(() => {', // 10
  '      this.#visitText(deadline);', // 11
  '    });', // 12
  '  }', // 13
  '', // 14
  '  #visitText(n: number): void {}', // 15
  '}', // 16
].join('\n');
const MAIN = ['function main(): void {', '  const apply = async () => {', '    return 1;', '  };', '}'].join('\n');

const ORIGIN = 'chrome-extension://abc/';
const URL = `${ORIGIN}src/content/index.iife.js`;

/** Generated column → where it came from: [source, line, column]. */
const MAPPINGS: [number, string, number, number][] = [
  [10, '../../../src/content/scan/walker.ts', 2, 0], // ownCopy
  [20, '../../../src/content/scan/walker.ts', 9, 2], // Walker.walk
  [30, '../../../src/content/scan/walker.ts', 10, 35], // the arrow inside walk
  [40, '../../../src/content/scan/walker.ts', 15, 2], // Walker.#visitText
  [50, '../../../src/content/index.iife.ts', 2, 16], // apply
];

function source(): ProfileSource {
  const gen = new SourceMapGenerator({ file: 'index.iife.js' });
  for (const [column, src, line, col] of MAPPINGS)
    gen.addMapping({ generated: { line: 1, column }, original: { line, column: col }, source: src });
  gen.setSourceContent('../../../src/content/scan/walker.ts', WALKER);
  gen.setSourceContent('../../../src/content/index.iife.ts', MAIN);
  return new ProfileSource(gen.toString());
}

const frame = (columnNumber: number, functionName = 'x', url = URL) => ({
  functionName,
  url,
  lineNumber: 0,
  columnNumber,
});

describe('bench CPU profile attribution (source map)', () => {
  it('names the room and the function a frame was written in', () => {
    const s = source();
    expect(s.locate(frame(10))).toEqual({ room: 'scan/walker', fn: 'ownCopy' });
    expect(s.locate(frame(20))).toEqual({ room: 'scan/walker', fn: 'Walker.walk' });
    expect(s.locate(frame(30))).toEqual({ room: 'scan/walker', fn: 'Walker.walk' }); // a closure: its function's
    expect(s.locate(frame(40))).toEqual({ room: 'scan/walker', fn: 'Walker.#visitText' });
    expect(s.locate(frame(50))).toEqual({ room: 'index.iife', fn: 'apply' });
    expect(s.locate(frame(5))).toBeNull(); // before any mapping: the bundle's own code
    expect(s.locate({ ...frame(0), lineNumber: -1, columnNumber: -1 })).toBeNull();
  });

  it('puts each sample in the room of the innermost function of ours; browser calls count for their caller', () => {
    // root → ours walk (20) → ours #visitText (40) → native nextNode; and root → page code; and GC.
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame(0, '(root)', ''), children: [2, 5, 6] },
        { id: 2, callFrame: frame(20, 'walk'), children: [3] },
        { id: 3, callFrame: frame(40, '#t'), children: [4] },
        { id: 4, callFrame: frame(0, 'nextNode', ''), children: [] },
        { id: 5, callFrame: frame(0, 'pageCode', 'https://example.com/app.js'), children: [] },
        { id: 6, callFrame: frame(0, '(garbage collector)', ''), children: [] },
      ],
      startTime: 0,
      endTime: 6_000,
      // A sample's time is the gap to the next one: 1 ms each.
      samples: [4, 4, 3, 2, 5, 6, 4],
      timeDeltas: [0, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000],
    };
    const p = phases(profile, source());
    expect(p.phases).toEqual({ 'scan/walker': 4 });
    expect(p.oursMs).toBe(4);
    expect(p.gcMs).toBe(1);
    expect(p.top).toEqual([
      { fn: 'scan/walker: Walker.#visitText', ms: 3 },
      { fn: 'scan/walker: Walker.walk', ms: 1 },
    ]);
    expect(p.self).toEqual([
      { fn: 'nextNode() in scan/walker: Walker.#visitText', ms: 2 },
      { fn: 'scan/walker: Walker.#visitText', ms: 1 },
      { fn: 'scan/walker: Walker.walk', ms: 1 },
    ]);
  });

  it('finds each script of a build by its path, whatever host its URL has (the page side: a per-session URL)', () => {
    const sources = new ProfileSources(
      new Map([
        ['src/content/index.iife.js', source()],
        ['src/content/page-side.js', source()],
      ]),
    );
    expect(sources.locate(frame(20))).toEqual({ room: 'scan/walker', fn: 'Walker.walk' });
    const dynamic = 'chrome-extension://0b8f63a2-5c1e-4c6f-9a57-2f1d0a9e4b11/src/content/page-side.js';
    expect(sources.locate(frame(40, 'x', dynamic))).toEqual({ room: 'scan/walker', fn: 'Walker.#visitText' });
    expect(sources.locate(frame(40, 'x', `${ORIGIN}src/other.js`))).toBeNull();
  });

  it('fails with what to do when the build has no source map', () => {
    expect(() => ProfileSource.forScript('/nonexistent/index.iife.js')).toThrow(/BENCH_SOURCEMAP=1/);
  });
});
