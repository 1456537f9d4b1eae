/**
 * Where our scripting time goes: a V8 CPU profile (CDP Profiler, 100 µs samples) of the page, with every sample
 * whose stack holds a frame of our content script put into the room of the innermost of our functions on it: the
 * source module that function was written in (`scan/walker`, `scan/questions`, `candidates`, `marks`, `cell-cue`,
 * `shared/messages`…, paths under src/content/ or src/), found through the build's source map. A DOM call such as
 * TreeWalker.nextNode counts for the function that made it; a closure counts for the function it is written in. Frames
 * of ours the map does not cover (the bundle's own top level) count as `setup`. GC samples cannot be tied to a caller:
 * reported apart.
 *
 * The map is a hidden one (BENCH_SOURCEMAP=1, vite.config.ts): the bench builds its own copy with it (browser.ts), so
 * rooms and function names follow the code with no list of names to keep.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { SourceMapConsumer } from 'source-map-js';
import { isExtensionUrl } from './trace/events.ts';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Where a function of ours was written: its room (module) and its name there (`Walker.walk`, `rowsNear`). */
export interface Origin {
  room: string;
  fn: string;
}

/** A named function, method or arrow assigned to a name, starting on `line` (1-based) of a source. */
interface Named {
  line: number;
  name: string;
}

/** Frames of ours the map does not cover. */
const SETUP = 'setup';

/** `src/content/scan/walker.ts` → `scan/walker`; `src/shared/messages.ts` → `shared/messages`. */
function roomOf(source: string): string {
  const m = /(?:^|\/)src\/(.+?)\.[cm]?[jt]sx?$/.exec(source);
  if (!m) return source;
  return m[1]!.startsWith('content/') ? m[1]!.slice('content/'.length) : m[1]!;
}

/**
 * The named functions of a source, in order, with their class: declarations, class members (indented two spaces in a
 * class at the top level, as the project writes them) and arrows given a name. A closure is known by the last of these
 * before it.
 */
function namedFunctions(text: string): Named[] {
  const out: Named[] = [];
  let inClass: string | null = null;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const cls = /^(?:export\s+)?(?:default\s+)?class\s+([\w$]+)/.exec(line);
    if (cls) inClass = cls[1]!;
    else if (line.startsWith('}')) inClass = null;
    const fn = /^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/.exec(line);
    const member = inClass
      ? /^ {2}(?:(?:static|async|get|set|private|protected|public|readonly|override)\s+)*(#?[\w$]+)\s*(?:<[^>]*>)?(?:\(|=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=]+)?=>)/.exec(
          line,
        )
      : null;
    const arrow =
      /^\s*(?:export\s+)?(?:const|let)\s+([\w$]+)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=]+)?=>/.exec(
        line,
      );
    const name = fn?.[1] ?? (member ? `${inClass}.${member[1]}` : arrow?.[1]);
    if (name && !/^(?:if|for|while|switch|catch|return)$/.test(name)) out.push({ line: i + 1, name });
  }
  return out;
}

export class ProfileSource {
  readonly #map: SourceMapConsumer;
  readonly #named = new Map<string, Named[]>();
  readonly #memo = new Map<string, Origin | null>();

  /** `map`: the content script's source map (JSON). */
  constructor(map: string) {
    this.#map = new SourceMapConsumer(map);
  }

  /** The source map next to the built content script `jsPath`; a clear error when the build has none. */
  static forScript(jsPath: string): ProfileSource {
    const mapPath = `${jsPath}.map`;
    if (!existsSync(mapPath))
      throw new Error(`bench: no source map at ${mapPath}: build with BENCH_SOURCEMAP=1 (the bench's own build does).`);
    return new ProfileSource(readFileSync(mapPath, 'utf8'));
  }

  /** The room and function of a frame of the built script (a CPU profile's frame: where its function starts). */
  locate(frame: CallFrame): Origin | null {
    const key = `${frame.lineNumber}:${frame.columnNumber}`;
    const cached = this.#memo.get(key);
    if (cached !== undefined) return cached;
    // A frame without a position (-1) is the script as a whole: no function of ours.
    const origin =
      frame.lineNumber < 0 || frame.columnNumber < 0 ? null : this.#locate(frame.lineNumber + 1, frame.columnNumber);
    this.#memo.set(key, origin);
    return origin;
  }

  #locate(line: number, column: number): Origin | null {
    const at = this.#map.originalPositionFor({ line, column, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
    // At runtime `source` is null where no mapping is found (see source-map-js's typings).
    const source: string | null = at.source ?? null;
    if (!source || at.line === null) return null;
    const text = this.#map.sourceContentFor(source, true) ?? '';
    let named = this.#named.get(source);
    if (!named) {
      named = namedFunctions(text);
      this.#named.set(source, named);
    }
    // The function that starts on the mapped line, or else the one the mapped code is written in (a closure).
    let fn = '(top level)';
    for (const n of named) {
      if (n.line > at.line) break;
      fn = n.name;
    }
    return { room: roomOf(source), fn };
  }
}

/**
 * Chrome's extension API methods (runtime.sendMessage, i18n.getMessage…) share one native callback, and V8's profiler
 * names every one of them after the first it saw: "getUILanguage". request() calls only runtime.sendMessage and
 * createMark only i18n.getMessage, and both show up as getUILanguage.
 */
function nativeName(name: string): string {
  if (name === 'getUILanguage') return 'chrome.* API call';
  return `${name || '(native)'}()`;
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  return profile as unknown as CpuProfile;
}

export interface PhaseBreakdown {
  /** ms per room (sampled), most first; `setup` for frames of ours without a room. */
  phases: Record<string, number>;
  oursMs: number;
  /** GC samples while our code was active (not attributable to a caller). */
  gcMs: number;
  /** Our functions (innermost one on the stack, as `room: function`), with the browser calls they make. */
  top: { fn: string; ms: number }[];
  /** Self time: our functions, and the browser functions (DOM, bindings) they call, by caller. */
  self: { fn: string; ms: number }[];
}

/** Where a profile's frame of ours comes from (ProfileSource for one script, ProfileSources for a build's). */
export interface Locator {
  locate(frame: CallFrame): Origin | null;
}

/** The source maps of the scripts a build injects, each found by the path its frames' URLs end with. */
export class ProfileSources implements Locator {
  readonly #byPath: Map<string, ProfileSource>;

  constructor(byPath: Map<string, ProfileSource>) {
    this.#byPath = byPath;
  }

  /** `files`: paths in the build `dir` (the content script, the page side). */
  static forScripts(dir: string, files: string[]): ProfileSources {
    return new ProfileSources(new Map(files.map((f) => [f, ProfileSource.forScript(join(dir, f))])));
  }

  locate(frame: CallFrame): Origin | null {
    const path = frame.url.replace(/^chrome-extension:\/\/[^/]+\//, '');
    return this.#byPath.get(path)?.locate(frame) ?? null;
  }
}

export function phases(profile: CpuProfile, source: Locator): PhaseBreakdown {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) byId.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const name = (o: Origin): string => `${o.room}: ${o.fn}`;
  const memo = new Map<number, { room: string; fn: string } | null>();
  const classify = (id: number): { room: string; fn: string } | null => {
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    let ours = false;
    let found: Origin | null = null;
    for (let cur: number | undefined = id; cur !== undefined && found === null; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!isExtensionUrl(f.url)) continue;
      ours = true;
      found = source.locate(f);
    }
    const result = found ? { room: found.room, fn: name(found) } : ours ? { room: SETUP, fn: '(setup)' } : null;
    memo.set(id, result);
    return result;
  };

  const rooms = new Map<string, number>();
  const fns = new Map<string, number>();
  const leaves = new Map<string, number>();
  let gc = 0;
  let lastOurs = -Infinity;
  let t = profile.startTime;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the gap to the next one.
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    const dt = (deltas[i + 1] ?? 0) / 1000;
    const node = byId.get(samples[i]!)!;
    const c = classify(node.id);
    if (c) {
      rooms.set(c.room, (rooms.get(c.room) ?? 0) + dt);
      fns.set(c.fn, (fns.get(c.fn) ?? 0) + dt);
      // Self time: our own code by function, the browser's (DOM, extension API bindings, regex) by name and caller.
      const f = node.callFrame;
      const own = isExtensionUrl(f.url) ? source.locate(f) : null;
      const leaf = isExtensionUrl(f.url) ? (own ? name(own) : '(setup)') : `${nativeName(f.functionName)} in ${c.fn}`;
      leaves.set(leaf, (leaves.get(leaf) ?? 0) + dt);
      lastOurs = t;
    } else if (node.callFrame.functionName === '(garbage collector)' && t - lastOurs < 50_000) gc += dt;
  }
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
  const out: Record<string, number> = {};
  for (const [room, ms] of sorted(rooms)) out[room] = r1(ms);
  return {
    phases: out,
    oursMs: r1([...rooms.values()].reduce((s, x) => s + x, 0)),
    gcMs: r1(gc),
    top: sorted(fns)
      .slice(0, 10)
      .map(([fn, ms]) => ({ fn, ms: r1(ms) })),
    self: sorted(leaves)
      .slice(0, 15)
      .map(([fn, ms]) => ({ fn, ms: r1(ms) })),
  };
}
