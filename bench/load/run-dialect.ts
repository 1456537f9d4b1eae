/// <reference types="chrome" />
/**
 * One run of `npm run bench:load` in one dialect (load.ts runs one or both): Chromium with a copy of dist/chrome signed
 * in to the simulator, the burst while the popup asks for the state, then the verdict and the figures.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { POPUP_PAGE } from '../../src/shared/manifest-names.ts';
import { configure, launchExtension, type ExtensionBrowser } from '../../test/e2e/support/chromium.ts';
import { CHROME_DIST, snapshotBuild } from '../browser.ts';
import { type HeapUsage, LoadGenerator, mb, r1, sleep, WorkerCdp, withTimeout } from '../load-support.ts';
import { runBurst } from './burst.ts';
import { CONCURRENT, DURATION_MS, LINE, PROBE_GRACE_MS, QUERY_EVERY_MS, USER, type Dialect } from './config.ts';
import { settleAndCompare } from './consistency.ts';
import { startCpuProfiles, stopCpuProfiles } from './cpu-profiles.ts';
import { log } from './log.ts';
import { patchNotifications, readNotificationCounts } from './notifications.ts';
import { probeStateQueries, readArrivals, RECORD_ARRIVALS, type ProbeResult } from './probes.ts';
import { loadResult } from './result.ts';
import { startSamplers } from './samplers.ts';

export async function runLoad(dialect: Dialect): Promise<Record<string, unknown>> {
  if (!existsSync(join(CHROME_DIST, 'manifest.json')))
    throw new Error(`No build at ${CHROME_DIST}: run "npm run build" first.`);
  const loadStart = loadavg().map(r1);
  const build = await snapshotBuild();
  let sim: Simulator | null = null;
  let ext: ExtensionBrowser | null = null;
  let cdp: WorkerCdp | null = null;
  try {
    sim = await startSimulator();
    log(`simulator at ${sim.wsUrl}`);
    ext = await launchExtension({ dist: build.dir });
    const version = ext.ctx.browser()?.version() ?? 'unknown';
    log(`Chromium ${version}, extension ${ext.extensionId}`);
    const worker = await ext.worker();
    log(`dialect: ${dialect}`);
    await configure(worker, {
      pbxUrl: dialect === 'websocket' ? sim.wsUrl : `ws://127.0.0.1:${sim.port}/socket.io/`,
      transport: dialect,
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: USER,
    });
    await sim.waitForAuthenticated(1, 15_000);
    const authFrames = (): number => sim!.received.filter((f) => f.data?.action === 'auth').length;
    const authsBefore = authFrames();
    log('connected as alice');

    const page = await ext.openPage(process.env.LOAD_PAGE ?? POPUP_PAGE);
    for (const p of ext.ctx.pages()) if (p !== page) await p.close().catch(() => undefined);
    // LOAD_BARE_PROBE=1: the same query also from an extension page with no script of its own. Off by default: that
    // page shares the popup's renderer thread, so it is no control, and it doubles the query load the spec asks for.
    const barePage = process.env.LOAD_BARE_PROBE === '1' ? await ext.openPage('icons/icon-128.png') : null;
    await sleep(1000);

    cdp = await WorkerCdp.attach(ext.ctx, ext.extensionId);
    const heapBefore = await cdp.gcHeap();
    log(`worker heap before (after GC): ${mb(heapBefore.usedSize)} MB`);
    const patched = await patchNotifications(worker);
    await worker.evaluate(RECORD_ARRIVALS);
    if (!patched) log('could not wrap chrome.notifications.*: created-count will read 0');

    // ---- samplers ----------------------------------------------------------------------------------------------
    const samplers = startSamplers(cdp, worker);

    // ---- optional CPU profiles of both threads during the burst ----------------------------------------------------
    const profiled = await startCpuProfiles(ext.ctx, page, cdp);

    // ---- the burst ---------------------------------------------------------------------------------------------
    const gen = new LoadGenerator(sim, LINE, CONCURRENT);
    const probe = probeStateQueries(page, DURATION_MS, QUERY_EVERY_MS, PROBE_GRACE_MS);
    const bareProbe: Promise<ProbeResult | null> = barePage
      ? probeStateQueries(barePage, DURATION_MS, QUERY_EVERY_MS, PROBE_GRACE_MS)
      : Promise.resolve(null);
    const { burstMs, liveSamples, lateTicks } = await runBurst(gen, ext.ctx);
    const burstEvents = gen.total;
    samplers.burstOver();
    log(`burst done: ${gen.total} events in ${r1(burstMs)} ms, ${gen.live} calls alive`);
    const profiles = await stopCpuProfiles(profiled);
    const [probeResult, bareResult] = await withTimeout(
      Promise.all([probe, bareProbe]),
      PROBE_GRACE_MS + 30_000,
      'state-query probes',
    );
    log(
      `probes back: ${probeResult.latencies.length} popup${bareResult ? ` and ${bareResult.latencies.length} bare-page` : ''} answers`,
    );

    const arrivals = new Map(await withTimeout(readArrivals(worker), 30_000, 'query arrivals'));
    const toWorker = [...probeResult.sent, ...(bareResult?.sent ?? [])].flatMap((t) =>
      arrivals.has(t) ? [arrivals.get(t)! - t] : [],
    );

    // ---- settle and compare ------------------------------------------------------------------------------------
    const { hungUp, check, finalAnswerMs, convergedAfterMs } = await settleAndCompare(gen, sim, page);
    const heapAfter: HeapUsage = await cdp.heap();
    await samplers.stop();
    const heapAfterGc = await cdp.gcHeap();
    const counts = await withTimeout(readNotificationCounts(worker, patched), 15_000, 'notification counts');
    const openAtEnd = Object.keys(
      await withTimeout(
        worker.evaluate(() => chrome.notifications.getAll() as Promise<Record<string, unknown>>),
        15_000,
        'notifications.getAll',
      ),
    ).length;
    log(
      `after: heap ${mb(heapAfter.usedSize)} MB (${mb(heapAfterGc.usedSize)} MB after GC), ${openAtEnd} notification(s) open`,
    );
    const reconnects = authFrames() - authsBefore;

    // ---- figures -----------------------------------------------------------------------------------------------
    return loadResult({
      dialect,
      version,
      loadStart,
      gen,
      burstEvents,
      burstMs,
      liveSamples,
      lateTicks,
      reconnects,
      hungUp,
      check,
      finalAnswerMs,
      convergedAfterMs,
      probeResult,
      bareResult,
      toWorker,
      heapBefore,
      heapSamples: samplers.heapSamples,
      heapAfter,
      heapAfterGc,
      notif: samplers.notif,
      counts,
      openAtEnd,
      profiles,
    });
  } finally {
    log('cleaning up');
    await cdp?.detach();
    await withTimeout(ext?.close() ?? Promise.resolve(), 30_000, 'closing Chromium').catch((e: unknown) =>
      log(String(e)),
    );
    await withTimeout(sim?.close() ?? Promise.resolve(), 10_000, 'closing the simulator').catch((e: unknown) =>
      log(String(e)),
    );
    await build.remove().catch(() => undefined);
  }
}
