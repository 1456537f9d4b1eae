import { describe, expect, it } from 'vitest';
import { INTENT_WAIT_MS } from '../../src/background/call-requests.ts';
import type { Engine } from '../../src/background/engine.ts';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { connected, DIALECTS, pbxUrl, simulatorPerTest, startWith, until } from './harness.ts';

let sim: Simulator;

simulatorPerTest(
  (s) => {
    sim = s;
  },
  () => sim,
);

const originates = () => sim.received.filter((f) => f.data?.action === 'originate');

/** The iPBX goes away; the engine fails until its next attempt is at least `ms` away. */
async function waitingLong(engine: Engine, ms: number): Promise<number> {
  const port = sim.port;
  await sim.close();
  await until(
    () => engine.connection.status,
    (s) => s.state === 'disconnected' && (s.retryAt ?? 0) - Date.now() > ms,
    `a retry more than ${ms} ms away`,
    15_000,
  );
  return port;
}

describe.each(DIALECTS)('intent over %s', (dialect) => {
  const alice = () => ({
    pbxUrl: pbxUrl(sim, dialect),
    transport: dialect,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
  });
  // Jitter at its top: the backoff's delays are 1, 2, 4, 8 s, so a long wait comes quickly.
  const start = () => startWith(alice(), { random: () => 1 });

  it('the panel opening (or a notification’s button) tries at once instead of waiting for the backoff', async () => {
    const engine = await start();
    await connected(engine);
    const port = await waitingLong(engine, 3_000);
    const retryAt = engine.connection.status.retryAt ?? 0;
    sim = await startSimulator({ port, firstIdCounter: 5000 });
    engine.retryOnIntent();
    await connected(engine, 3_000);
    expect(Date.now()).toBeLessThan(retryAt);
  });

  it('a click while disconnected places the call when the iPBX answers within 5 s', async () => {
    const engine = await start();
    await connected(engine);
    const port = await waitingLong(engine, 3_000);
    sim = await startSimulator({ port, firstIdCounter: 5000, modes: { answerDelayMs: 100 } });
    const result = await engine.originate('777888999');
    expect(result.uniqueId).toMatch(/^\d+\.\d+$/);
    expect(originates().map((f) => f.data?.to)).toEqual(['777888999']);
    expect(engine.snapshot().callNotPlaced).toBeUndefined();
  });

  it('a click while the iPBX cannot be reached fails at once with the reason, and is never placed later', async () => {
    const engine = await start();
    await connected(engine);
    const port = await waitingLong(engine, 1_500);
    const outcome = await engine.originate('777888999').then(
      () => null,
      (e: unknown) => e,
    );
    expect(outcome).toMatchObject({ code: 'errCallNotPlaced' });
    expect(engine.snapshot().callNotPlaced).toMatchObject({
      to: '777888999',
      text: 'The call was not placed: The iPBX cannot be reached.',
    });
    // The iPBX comes back; the connection does too, and the call stays unplaced.
    sim = await startSimulator({ port, firstIdCounter: 5000 });
    engine.retryOnIntent();
    await connected(engine, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(originates()).toEqual([]);
  });

  it('a click whose connection does not finish within 5 s says so, and the call is never placed later', async () => {
    // Signing in takes 6 s this time: longer than a click may wait.
    const engine = await startWith(alice(), { random: () => 1, authTimeoutMs: 10_000 });
    await connected(engine);
    const port = await waitingLong(engine, 3_000);
    sim = await startSimulator({ port, firstIdCounter: 5000, modes: { authDelayMs: 6_000 } });
    const asked = Date.now();
    const outcome = await engine.originate('777888999').then(
      () => null,
      (e: unknown) => e,
    );
    const waited = Date.now() - asked;
    expect(outcome).toMatchObject({ code: 'errCallNotPlacedInTime' });
    expect(waited).toBeGreaterThanOrEqual(INTENT_WAIT_MS - 50);
    expect(waited).toBeLessThan(INTENT_WAIT_MS + 1_000);
    expect(engine.snapshot().callNotPlaced?.text).toBe(
      'The call was not placed: the iPBX did not answer within 5 seconds. It will not be placed later.',
    );
    await connected(engine, 5_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(originates()).toEqual([]);
    // The next call goes out as usual and clears the notice.
    await engine.originate('602123456');
    expect(originates().map((f) => f.data?.to)).toEqual(['602123456']);
    expect(engine.snapshot().callNotPlaced).toBeUndefined();
  }, 30_000);

  it('a refused sign-in or missing settings are said as they are, not as "not placed"', async () => {
    const engine = await startWith({ ...alice(), token: 'wrong' });
    await until(
      () => engine.connection.status.state,
      (s) => s === 'auth-failed',
      'auth-failed',
    );
    await expect(engine.originate('777888999')).rejects.toMatchObject({ code: 'reasonAuthRejected' });
    expect(engine.snapshot().callNotPlaced).toBeUndefined();
  });
});
