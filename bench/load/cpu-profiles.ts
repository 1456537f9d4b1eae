/** LOAD_PROFILE=<dir>: CPU profiles of the worker and of the popup's renderer during the burst, written to <dir>. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { summarizeProfile, type LoadCpuProfile, type WorkerCdp } from '../load-support.ts';
import { PROFILE_DIR } from './config.ts';
import { log } from './log.ts';

type Send = (method: string, params?: Record<string, unknown>) => Promise<unknown>;
/** The profiled threads, by label, with the way to talk to each one's profiler. */
export type Profiled = [string, Send][];

/** Starts both profilers when LOAD_PROFILE is set (none otherwise). */
export async function startCpuProfiles(ctx: BrowserContext, page: Page, cdp: WorkerCdp): Promise<Profiled> {
  const pageSession = PROFILE_DIR ? await ctx.newCDPSession(page) : null;
  const workerCdp = cdp;
  const profiled: [string, Send][] = pageSession
    ? [
        ['worker', (m, p) => workerCdp.send(m, p, 120_000)],
        ['popup', (m, p) => pageSession.send(m as 'Profiler.stop', p)],
      ]
    : [];
  for (const [, send] of profiled) {
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 200 });
    await send('Profiler.start');
  }
  return profiled;
}

/** Stops them, writes each profile, and sums it up (undefined when none ran). */
export async function stopCpuProfiles(profiled: Profiled): Promise<Record<string, unknown> | undefined> {
  let profiles: Record<string, unknown> | undefined;
  if (profiled.length > 0) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    profiles = {};
    for (const [label, send] of profiled) {
      const { profile } = (await send('Profiler.stop')) as { profile: LoadCpuProfile };
      writeFileSync(join(PROFILE_DIR, `${label}.cpuprofile`), JSON.stringify(profile));
      profiles[label] = summarizeProfile(profile);
    }
    log(`profiles written to ${PROFILE_DIR}`);
  }
  return profiles;
}
