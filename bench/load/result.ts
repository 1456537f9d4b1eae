/** The one JSON object a run of `npm run bench:load` reports for a dialect: the goals, and every figure behind them. */
import { cpus, loadavg } from 'node:os';
import { POPUP_PAGE } from '../../src/shared/manifest-names.ts';
import { type HeapUsage, type LoadGenerator, mb, percentile, r1 } from '../load-support.ts';
import type { Burst } from './burst.ts';
import {
  CONCURRENT,
  DURATION_MS,
  GOAL_MAX_OPEN_NOTIFICATIONS,
  GOAL_P99_MS,
  KEEP_AFTER,
  LINE,
  QUERY_EVERY_MS,
  RATE_PER_S,
  SETTLE_MS,
  USER,
  type Dialect,
} from './config.ts';
import type { SettledCheck } from './consistency.ts';
import type { NotificationCounts } from './notifications.ts';
import type { ProbeResult } from './probes.ts';
import type { NotificationSamples } from './samplers.ts';

/** Everything a run measured. */
export interface LoadFigures extends Burst, SettledCheck {
  dialect: Dialect;
  /** The Chromium version, and the load average when the run started. */
  version: string;
  loadStart: number[];
  gen: LoadGenerator;
  burstEvents: number;
  reconnects: number;
  probeResult: ProbeResult;
  bareResult: ProbeResult | null;
  /** Per answered query: how long it took to reach the worker's listener. */
  toWorker: number[];
  heapBefore: HeapUsage;
  heapSamples: number[];
  heapAfter: HeapUsage;
  heapAfterGc: HeapUsage;
  notif: NotificationSamples;
  counts: NotificationCounts;
  openAtEnd: number;
  profiles: Record<string, unknown> | undefined;
}

/** Judges the goals and lays out the figures. */
export function loadResult(figures: LoadFigures): Record<string, unknown> {
  const { dialect, version, loadStart, gen, burstEvents, burstMs, liveSamples, lateTicks, reconnects } = figures;
  const { hungUp, check, finalAnswerMs, convergedAfterMs, probeResult, bareResult, toWorker } = figures;
  const { heapBefore, heapSamples, heapAfter, heapAfterGc, notif, counts, openAtEnd, profiles } = figures;
  const lat = probeResult.latencies;
  const p50 = percentile(lat, 50);
  const p99 = percentile(lat, 99);
  const consistent = check.ghosts.length === 0 && check.missing.length === 0 && check.stateMismatch.length === 0;
  const goals = {
    stateQueryP99: {
      goal: `<= ${GOAL_P99_MS} ms`,
      value: r1(p99),
      pass: lat.length > 0 && p99 <= GOAL_P99_MS && probeResult.errors === 0,
    },
    callListMatchesSimulator: {
      goal: `0 ghost, 0 missing, 0 wrong state ${SETTLE_MS} ms after the burst`,
      value: { ghosts: check.ghosts.length, missing: check.missing.length, wrongState: check.stateMismatch.length },
      pass: consistent,
    },
    notificationsCoalesced: {
      goal: `<= ${GOAL_MAX_OPEN_NOTIFICATIONS} open at once, during the burst and after it`,
      value: notif.maxOpenOverall,
      pass: notif.samplesDuringBurst > 0 && notif.maxOpenOverall <= GOAL_MAX_OPEN_NOTIFICATIONS,
    },
  };
  const peak = Math.max(heapBefore.usedSize, ...heapSamples);
  return {
    bench: 'load',
    date: new Date().toISOString(),
    transport: dialect,
    passed: Object.values(goals).every((g) => g.pass),
    goals,
    config: {
      ratePerS: RATE_PER_S,
      durationMs: DURATION_MS,
      concurrentCalls: CONCURRENT,
      line: LINE,
      user: USER,
      queryEveryMs: QUERY_EVERY_MS,
      keptAfter: KEEP_AFTER,
      settleMs: SETTLE_MS,
    },
    load: {
      events: burstEvents,
      byType: { ringing: gen.sent.ring, answered: gen.sent.answer, hangup: gen.sent.hangup - hungUp },
      failed: gen.sent.failed,
      burstMs: Math.round(burstMs),
      achievedRatePerS: Math.round((burstEvents / burstMs) * 1000),
      liveCalls: {
        mean: Math.round(liveSamples.reduce((a, b) => a + b, 0) / Math.max(1, liveSamples.length)),
        max: gen.maxLive,
        atEnd: liveSamples.at(-1) ?? 0,
      },
      lateTicks,
      hangupsAfterBurst: hungUp,
      reconnectsDuringRun: reconnects,
    },
    stateQuery: {
      page: POPUP_PAGE,
      samples: lat.length,
      // Fewer samples than intended means the popup's own thread ran the probe's timer late.
      intended: Math.floor(DURATION_MS / QUERY_EVERY_MS),
      medianMs: r1(p50),
      p90Ms: r1(percentile(lat, 90)),
      p99Ms: r1(p99),
      maxMs: r1(lat.length ? Math.max(...lat) : NaN),
      errors: probeResult.errors,
      unansweredAfterGrace: probeResult.unanswered,
      ...(probeResult.lastError ? { lastError: probeResult.lastError } : {}),
      statusStates: probeResult.states,
      // Both probes: from sendMessage to the worker's listener; the rest of the latency is handling and the way back.
      slowest: probeResult.slowest,
      toWorker: {
        samples: toWorker.length,
        medianMs: r1(percentile(toWorker, 50)),
        p99Ms: r1(percentile(toWorker, 99)),
      },
      maxCallsInSnapshot: probeResult.maxCalls,
    },
    ...(bareResult
      ? {
          stateQueryBarePage: {
            page: 'icons/icon-128.png (no script of its own)',
            samples: bareResult.latencies.length,
            medianMs: r1(percentile(bareResult.latencies, 50)),
            p90Ms: r1(percentile(bareResult.latencies, 90)),
            p99Ms: r1(percentile(bareResult.latencies, 99)),
            maxMs: r1(bareResult.latencies.length ? Math.max(...bareResult.latencies) : NaN),
            errors: bareResult.errors,
            unansweredAfterGrace: bareResult.unanswered,
            maxCallsInSnapshot: bareResult.maxCalls,
          },
        }
      : {}),
    workerHeapMB: {
      beforeAfterGc: mb(heapBefore.usedSize),
      peak: mb(peak),
      afterSettle: mb(heapAfter.usedSize),
      afterSettleAfterGc: mb(heapAfterGc.usedSize),
      samples: heapSamples.length,
      method:
        'CDP Runtime.getHeapUsage on the service worker target (HeapProfiler.collectGarbage for the after-GC figures)',
    },
    consistency: {
      truthCalls: check.truth,
      extensionCalls: check.extension,
      ghosts: check.ghosts.slice(0, 10),
      missing: check.missing.slice(0, 10),
      wrongState: check.stateMismatch.slice(0, 10),
      finalSnapshotAnswerMs: finalAnswerMs,
      convergedAfterMs,
    },
    notifications: {
      maxOpenDuringBurst: notif.maxOpenDuringBurst,
      maxOpenOverall: notif.maxOpenOverall,
      openAtEnd,
      distinctIdsSeen: notif.ids.size,
      samples: notif.samples,
      samplesDuringBurst: notif.samplesDuringBurst,
      sampleErrors: notif.errors,
      created: counts.patched
        ? { total: counts.create, individual: counts.createIndividual, other: counts.createOther }
        : null,
      updated: counts.patched ? counts.update : null,
      cleared: counts.patched ? counts.clear : null,
    },
    ...(profiles ? { profiles } : {}),
    machine: {
      cpus: cpus().length,
      loadavgStart: loadStart,
      loadavgEnd: loadavg().map(r1),
      chromium: version,
      node: process.version,
    },
  };
}
