/** Whether the extension's call list matches the simulator's once the load is over: no ghost, none missing. */
import type { Page } from 'playwright-core';
import type { Simulator } from '../../sim/simulator.ts';
import { type LoadGenerator, sleep, withTimeout } from '../load-support.ts';
import { KEEP_AFTER, SETTLE_MS, SNAPSHOT_WAIT_MS, USER } from './config.ts';
import { log } from './log.ts';
import { getSnapshotIds } from './probes.ts';

/** The calls the simulator has for alice (truth) against the extension's, by uniqueId. */
export interface Consistency {
  truth: number;
  extension: number;
  ghosts: string[];
  missing: string[];
  stateMismatch: string[];
}

/** The simulator's calls on alice's line against the extension's snapshot. */
function compare(sim: Simulator, snapshot: { uniqueId: string; state: string }[]): Consistency {
  const truth = new Map(
    sim
      .calls()
      .filter((c) => c.user === USER)
      .map((c) => [c.uniqueId, c.state]),
  );
  const ext = new Map(snapshot.map((c) => [c.uniqueId, c.state]));
  const ghosts = [...ext.keys()].filter((id) => !truth.has(id));
  const missing = [...truth.keys()].filter((id) => !ext.has(id));
  const stateMismatch = [...ext.entries()].filter(([id, s]) => truth.has(id) && truth.get(id) !== s).map(([id]) => id);
  return { truth: truth.size, extension: ext.size, ghosts, missing, stateMismatch };
}

/** The verdict, how long its snapshot took to come, and when the lists first matched after the last event. */
export interface SettledCheck {
  hungUp: number;
  check: Consistency;
  finalAnswerMs: number;
  convergedAfterMs: number | null;
}

/** Hangs up all calls but KEEP_AFTER, lets the extension settle, and compares (looking again when they differ). */
export async function settleAndCompare(gen: LoadGenerator, sim: Simulator, page: Page): Promise<SettledCheck> {
  const hungUp = gen.hangupAllBut(KEEP_AFTER);
  const lastEventAt = performance.now();
  log(`hung up ${hungUp} calls, ${gen.live} left; settling ${SETTLE_MS} ms`);
  await sleep(SETTLE_MS);
  // The verdict is the first snapshot asked for SETTLE_MS after the last event (however late its answer comes).
  const askedAt = performance.now();
  const check = compare(sim, await withTimeout(getSnapshotIds(page), SNAPSHOT_WAIT_MS, 'final getSnapshot'));
  const finalAnswerMs = Math.round(performance.now() - askedAt);
  let convergedAfterMs: number | null =
    check.ghosts.length + check.missing.length + check.stateMismatch.length === 0
      ? Math.round(performance.now() - lastEventAt)
      : null;
  // A mismatch may be slowness, not loss: look again for up to 10 s more.
  for (let waited = 0; convergedAfterMs === null && waited < 10_000; waited += 500) {
    await sleep(500);
    const again = compare(sim, await withTimeout(getSnapshotIds(page), SNAPSHOT_WAIT_MS, 'getSnapshot'));
    if (again.ghosts.length + again.missing.length + again.stateMismatch.length === 0)
      convergedAfterMs = Math.round(performance.now() - lastEventAt);
  }
  log(
    `compared: ${check.ghosts.length} ghost(s), ${check.missing.length} missing, converged after ${convergedAfterMs ?? 'never'} ms`,
  );
  return { hungUp, check, finalAnswerMs, convergedAfterMs };
}
