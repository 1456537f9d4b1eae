/**
 * BENCH_ONLY=prose,prose,spa,late,table-1k,profile runs just those pages, in that order (repeats allowed), and
 * prints their figures without goals: for iterating on one scenario. With BENCH_COMPARE=<another build's
 * dist/chrome>, each page runs on both builds in turn (the order swapped every time), in two browsers open at once.
 */
import { loadavg } from 'node:os';
import type { Simulator } from '../sim/simulator.ts';
import type { PageServer } from '../test/e2e/support/pages.ts';
import { copyBuild } from './browser.ts';
import type { InjectedFile } from './build-under-test.ts';
import { REPEATS } from './config.ts';
import { connectedExtension } from './connected-extension.ts';
import { log } from './log.ts';
import { type Locator, ProfileSources } from './profile.ts';
import { runNamed } from './scenarios/by-name.ts';
import type { Ctx } from './scenarios/support.ts';
import { median, r1 } from './stats.ts';

/** The pages BENCH_ONLY names (table-50k-x5: the 50k table REPEATS times), or undefined for the full run. */
export function onlyPages(): string[] | undefined {
  return process.env.BENCH_ONLY?.split(',')
    .map((x) => x.trim())
    .flatMap((x) => (x === 'table-50k-x5' ? Array<string>(REPEATS[50_000]!).fill('table-50k') : [x]));
}

/** What a BENCH_ONLY run needs of the set-up: this build's browser and source map, the pages, the simulator. */
export interface OnlySetup {
  c: Ctx;
  source: () => Locator;
  /** BENCH_DIST, when this build was made elsewhere. */
  given: string | undefined;
  injected: InjectedFile[];
  sim: Simulator;
  server: PageServer;
}

/** Runs the `only` pages (on both builds with BENCH_COMPARE) and prints their figures as one JSON object. */
export async function runOnly(only: string[], { c, source, given, injected, sim, server }: OnlySetup): Promise<void> {
  const other = process.env.BENCH_COMPARE;
  const runs: Record<string, unknown>[] = [];
  if (!other) {
    for (const [i, name] of only.entries()) runs.push(await runNamed(c, name, i, source));
    process.stdout.write(`${JSON.stringify({ only, injected, loadAverage: loadavg(), runs }, null, 2)}\n`);
    return;
  }
  const copy = await copyBuild(other);
  const second = await connectedExtension(copy.dir, sim, 2);
  try {
    let otherMap: Locator | null = null;
    const otherSource = (): Locator =>
      (otherMap ??= ProfileSources.forScripts(copy.dir, [...copy.files.js, ...copy.files.modules]));
    const builds = [
      { build: given ?? 'this tree', at: c, src: source },
      { build: other, at: { ctx: second.ext.ctx, server, origin: second.origin }, src: otherSource },
    ];
    for (const [i, name] of only.entries()) {
      for (const b of i % 2 === 0 ? builds : [...builds].reverse()) {
        log(`compare: ${name} on ${b.build}`);
        runs.push({ build: b.build, ...(await runNamed(b.at, name, i, b.src)) });
      }
    }
  } finally {
    await second.ext.close().catch(() => undefined);
    await copy.remove().catch(() => undefined);
  }
  const summary = compareSummary(runs);
  process.stdout.write(
    `${JSON.stringify({ only, compare: other, injected, loadAverage: loadavg(), summary, runs }, null, 2)}\n`,
  );
}

/** Per build and page: the medians of the figures that compare builds (CPU time first: wall time holds the machine). */
function compareSummary(
  runs: Record<string, unknown>[],
): Record<string, Record<string, Record<string, number | null>>> {
  const out: Record<string, Record<string, Record<string, number | null>>> = {};
  const pick = (r: Record<string, unknown>): Record<string, number> => {
    const f = (r.figures ?? {}) as Record<string, unknown>;
    const num = (v: unknown): v is number => typeof v === 'number';
    const fields: Record<string, unknown> = {
      totalMs: r.totalMs,
      totalCpuMs: r.totalCpuMs,
      injectMs: r.injectMs,
      scanMs: r.scanMs,
      scanScriptMs: r.scanScriptMs,
      scanScriptCpuMs: r.scanScriptCpuMs,
      longestCausedByUsMs: f.longestCausedByUsMs,
      bareWalkFirstReaderMs:
        r.bareWalkFirstReaderMs ?? (r.bareWalkMs as Record<string, unknown> | undefined)?.firstReader,
    };
    return Object.fromEntries(Object.entries(fields).filter((e): e is [string, number] => num(e[1])));
  };
  const groups = new Map<string, Record<string, number>[]>();
  for (const r of runs) {
    const key = `${String(r.build)}\u0000${String(r.name)}`;
    groups.set(key, [...(groups.get(key) ?? []), pick(r)]);
  }
  for (const [key, list] of groups) {
    const [build = '', name = ''] = key.split('\u0000');
    const fields = [...new Set(list.flatMap((x) => Object.keys(x)))];
    out[build] ??= {};
    out[build][name] = Object.fromEntries(
      fields.map((k) => [k, r1(median(list.map((x) => x[k]).filter((v): v is number => v !== undefined)))]),
    );
  }
  return out;
}
