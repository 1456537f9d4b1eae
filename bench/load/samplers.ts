/// <reference types="chrome" />
/** Sampling every 250 ms while the load runs: the worker's heap, and the notifications open at once. */
import type { Worker } from 'playwright-core';
import { sleep, withTimeout, type WorkerCdp } from '../load-support.ts';

/** What the notification sampler saw (during the burst, and overall). */
export interface NotificationSamples {
  samples: number;
  samplesDuringBurst: number;
  maxOpenDuringBurst: number;
  maxOpenOverall: number;
  ids: Set<string>;
  errors: number;
}

export interface Samplers {
  heapSamples: number[];
  notif: NotificationSamples;
  /** The burst is over: later samples no longer count as during it. */
  burstOver(): void;
  /** Stops both samplers and waits for their last sample. */
  stop(): Promise<void>;
}

/** Starts both samplers, in the burst. */
export function startSamplers(cdp: WorkerCdp, worker: Worker): Samplers {
  let sampling = true;
  let bursting = true;
  const heapSamples: number[] = [];
  const notif = {
    samples: 0,
    samplesDuringBurst: 0,
    maxOpenDuringBurst: 0,
    maxOpenOverall: 0,
    ids: new Set<string>(),
    errors: 0,
  };
  const heapLoop = (async () => {
    while (sampling) {
      try {
        heapSamples.push((await cdp.heap()).usedSize);
      } catch {
        // a slow answer is no figure; the next sample counts
      }
      await sleep(250);
    }
  })();
  const notifLoop = (async () => {
    while (sampling) {
      try {
        const all = await withTimeout(
          worker.evaluate(() => chrome.notifications.getAll() as Promise<Record<string, unknown>>),
          5000,
          'notifications.getAll',
        );
        const ids = Object.keys(all);
        notif.samples++;
        if (bursting) notif.samplesDuringBurst++;
        for (const id of ids) notif.ids.add(id);
        if (bursting) notif.maxOpenDuringBurst = Math.max(notif.maxOpenDuringBurst, ids.length);
        notif.maxOpenOverall = Math.max(notif.maxOpenOverall, ids.length);
      } catch {
        notif.errors++;
      }
      await sleep(250);
    }
  })();
  return {
    heapSamples,
    notif,
    burstOver: () => {
      bursting = false;
    },
    stop: async () => {
      sampling = false;
      await withTimeout(Promise.all([heapLoop, notifLoop]), 15_000, 'samplers');
    },
  };
}
