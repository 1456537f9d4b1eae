/** The burst: call events from the simulator at RATE_PER_S for DURATION_MS, ~CONCURRENT calls alive at once. */
import type { BrowserContext } from 'playwright-core';
import { type LoadGenerator, sleep } from '../load-support.ts';
import { CONCURRENT, DURATION_MS, RATE_PER_S, TICK_MS } from './config.ts';
import { log } from './log.ts';

/** How long the burst took, the calls alive at each tick, and how many ticks came late. */
export interface Burst {
  burstMs: number;
  liveSamples: number[];
  lateTicks: number;
}

/** Drives `gen` through the burst (LOAD_TRACE=<file>: a Chrome trace of its middle, from the browser of `ctx`). */
export async function runBurst(gen: LoadGenerator, ctx: BrowserContext): Promise<Burst> {
  log(`burst: ${RATE_PER_S} events/s for ${DURATION_MS / 1000} s, ~${CONCURRENT} calls alive`);
  const liveSamples: number[] = [];
  const start = performance.now();
  // Diagnostic (LOAD_TRACE=<file>): a Chrome trace of 3 s in the middle of the burst.
  const tracer = ctx.browser();
  const traceDone =
    process.env.LOAD_TRACE && tracer
      ? (async () => {
          await sleep(4000);
          await tracer.startTracing(undefined, {
            path: process.env.LOAD_TRACE,
            categories: [
              'toplevel',
              'extensions',
              'ServiceWorker',
              'mojom',
              'ipc',
              'v8.execute',
              'disabled-by-default-devtools.timeline',
              'blink',
              'net',
              'browser',
              'renderer.scheduler',
            ],
          });
          await sleep(3000);
          await tracer.stopTracing();
        })()
      : Promise.resolve();
  let lateTicks = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= DURATION_MS) break;
    const due = Math.floor((elapsed * RATE_PER_S) / 1000) - gen.total;
    if (due > (RATE_PER_S * TICK_MS * 3) / 1000) lateTicks++;
    // Catch up after a late timer, but never more than 3 ticks' worth at once.
    const n = Math.min(due, Math.ceil((RATE_PER_S * TICK_MS * 3) / 1000));
    for (let i = 0; i < n; i++) gen.step();
    liveSamples.push(gen.live);
    await sleep(TICK_MS);
  }
  const burstMs = performance.now() - start;
  await traceDone;
  return { burstMs, liveSamples, lateTicks };
}
