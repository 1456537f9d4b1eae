/// <reference types="chrome" />
/**
 * The state queries of `npm run bench:load`: an extension page asks the background for the state (getSnapshot) while
 * the load runs, and the worker records when each query reached it.
 */
import type { Page, Worker } from 'playwright-core';
import { errorMessage } from '../../src/shared/errors.ts';

/** What a probe saw: every query's send time and latency, the slowest ones, failures, the states it was told. */
export interface ProbeResult {
  sent: number[];
  slowest: [number, number][];
  latencies: number[];
  errors: number;
  unanswered: number;
  lastError: string;
  states: Record<string, number>;
  maxCalls: number;
}

/**
 * Records in the worker when each probe query reaches it (a second onMessage listener sees every message too), on the
 * machine's clock: it splits a query's latency into the way to the worker's JS and the rest (handling and the answer's
 * way back).
 */
export const RECORD_ARRIVALS = `(() => {
  globalThis.__ipbxArrivals = new Map();
  chrome.runtime.onMessage.addListener((m) => {
    const sentAt = m && m.type === 'getSnapshot' && m.payload && m.payload.sentAt;
    if (typeof sentAt === 'number') globalThis.__ipbxArrivals.set(sentAt, performance.timeOrigin + performance.now());
    return false;
  });
  return true;
})()`;

/** Each query's send time (the key) and when it reached the worker, on the machine's clock. */
export function readArrivals(worker: Worker): Promise<[number, number][]> {
  return worker.evaluate(() => [...(globalThis as unknown as { __ipbxArrivals: Map<number, number> }).__ipbxArrivals]);
}

/**
 * In an extension page: starts a getSnapshot every ~`everyMs` for `durationMs`, without waiting for the previous answer
 * (open loop, so a stalled background cannot hide behind fewer samples). Then waits up to `graceMs` for the answers;
 * a query still unanswered counts with the time it has waited so far (a lower bound) and in `unanswered`.
 */
export function probeStateQueries(
  page: Page,
  durationMs: number,
  everyMs: number,
  graceMs: number,
): Promise<ProbeResult> {
  return page.evaluate(
    async ({ durationMs, everyMs, graceMs }) => {
      const out = {
        sent: [] as number[],
        latencies: [] as number[],
        slowest: [] as [number, number][],
        errors: 0,
        unanswered: 0,
        lastError: '',
        states: {} as Record<string, number>,
        maxCalls: 0,
      };
      const pending = new Set<number>();
      const all: Promise<void>[] = [];
      const begin = performance.now();
      const end = begin + durationMs;
      while (performance.now() < end) {
        const t0 = performance.now();
        pending.add(t0);
        // The send time on the machine's clock, so the worker can tell when the query reached it (see `arrivals`).
        const sentAt = performance.timeOrigin + t0;
        out.sent.push(sentAt);
        all.push(
          (
            chrome.runtime.sendMessage({ type: 'getSnapshot', payload: { sentAt } }) as Promise<
              { ok: boolean; value?: { status: { state: string }; calls: unknown[] } } | undefined
            >
          )
            .then((reply) => {
              const dt = performance.now() - t0;
              if (reply?.ok && reply.value) {
                out.latencies.push(dt);
                out.slowest.push([Math.round(t0 - begin), Math.round(dt)]);
                out.states[reply.value.status.state] = (out.states[reply.value.status.state] ?? 0) + 1;
                out.maxCalls = Math.max(out.maxCalls, reply.value.calls.length);
              } else {
                out.errors++;
                out.lastError = JSON.stringify(reply).slice(0, 200);
              }
            })
            .catch((e: unknown) => {
              out.errors++;
              out.lastError = errorMessage(e);
            })
            .finally(() => pending.delete(t0)),
        );
        await new Promise((r) => setTimeout(r, everyMs));
      }
      await Promise.race([Promise.all(all), new Promise((r) => setTimeout(r, graceMs))]);
      const now = performance.now();
      for (const t0 of pending) out.latencies.push(now - t0);
      // When in the burst the slowest answered queries were sent (ms from its start), and how long they took.
      out.slowest = out.slowest.sort((a, b) => b[1] - a[1]).slice(0, 8);
      out.unanswered = pending.size;
      return out;
    },
    { durationMs, everyMs, graceMs },
  );
}

/** The calls in the background's state now, by uniqueId. */
export function getSnapshotIds(page: Page): Promise<{ uniqueId: string; state: string }[]> {
  return page.evaluate(async () => {
    const reply = (await chrome.runtime.sendMessage({ type: 'getSnapshot', payload: null })) as
      | { ok: true; value: { calls: { uniqueId: string; state: string }[] } }
      | { ok: false; error: unknown };
    if (!reply.ok) throw new Error(`getSnapshot failed: ${JSON.stringify(reply.error)}`);
    return reply.value.calls.map((c) => ({ uniqueId: c.uniqueId, state: c.state }));
  });
}
