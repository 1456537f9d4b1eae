/**
 * Performance benchmark of the content script (the number linker), in real Chromium with the extension: `npm run bench`
 * (it builds its own copy, with source maps for the CPU profiles: browser.ts, buildForBench). Progress goes to stderr;
 * one JSON object with every figure, its goal and pass/fail goes to stdout at the end. How it measures:
 * docs/performance.md. This file only wires: the scenarios are in bench/scenarios/, the goals in goals.ts, the JSON in
 * report.ts, the BENCH_ONLY / BENCH_COMPARE mode in compare.ts.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../sim/simulator.ts';
import type { ExtensionBrowser } from '../test/e2e/support/chromium.ts';
import { servePages, type PageServer } from '../test/e2e/support/pages.ts';
import { preflight } from './browser.ts';
import { buildUnderTest, injectedFiles, profileSource } from './build-under-test.ts';
import { onlyPages, runOnly } from './compare.ts';
import { connectedExtension } from './connected-extension.ts';
import { writeReport } from './report.ts';
import { benchRoutes } from './routes.ts';
import { clickFigures } from './scenarios/clicks.ts';
import { runControl } from './scenarios/control.ts';
import { runIdleRepeated } from './scenarios/idle.ts';
import { idleFloors } from './scenarios/idle-floor.ts';
import { runLate } from './scenarios/late.ts';
import { runProfile } from './scenarios/profiles.ts';
import { runSpa } from './scenarios/spa.ts';
import type { Ctx } from './scenarios/support.ts';
import { runTables } from './scenarios/tables.ts';

async function main(): Promise<void> {
  preflight();
  // Other work on the machine shows in every figure: the load average is part of the result.
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  // BENCH_DIST=<dir>: measure a build made elsewhere (another commit's dist/chrome), copied first; no source maps, so
  // no CPU-profile phases. Otherwise the bench builds its own copy with source maps.
  const given = process.env.BENCH_DIST;
  const snap = await buildUnderTest(given);
  let sim: Simulator | null = null;
  let server: PageServer | null = null;
  let ext: ExtensionBrowser | null = null;
  try {
    // What a page with something to link gets injected (every frame: the content script and CSS).
    const { injected, gzipTotal } = injectedFiles(snap);
    server = await servePages(benchRoutes());

    sim = await startSimulator();
    const started = await connectedExtension(snap.dir, sim, 1);
    ext = started.ext;
    const c: Ctx = { ctx: ext.ctx, server, origin: started.origin };
    const source = profileSource(snap);

    // BENCH_ONLY=…: just those pages, without goals (compare.ts).
    const only = onlyPages();
    if (only) {
      await runOnly(only, { c, source, given, injected, sim, server });
      return;
    }

    const tables = await runTables(c);
    const idle = await runIdleRepeated(c);
    const spa = await runSpa(c, true);
    const late = await runLate(c);
    const clicks = await clickFigures(c);
    // A build made elsewhere (BENCH_DIST) has no source maps to name the rooms with: no profiles then.
    const profiles = given
      ? []
      : [await runProfile(c, source(), '/table-10000-hidden', 10_000), await runProfile(c, source(), '/prose', 0)];
    await ext.close();
    ext = null;
    const css = snap.files.css.map((f) => readFileSync(join(snap.dir, f), 'utf8')).join('\n');
    const control = await runControl(server, css);
    control.json.idleFloors = await idleFloors(snap.dir, server);
    writeReport({ tables, idle, spa, late, clicks, injected, gzipTotal }, { profiles, control, loadAtStart });
  } finally {
    await ext?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await snap.remove().catch(() => undefined);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
