import { beforeEach, describe, expect, it } from 'vitest';
import { callList, endingOf } from '../../src/background/call-reducer.ts';
import { endedCalls } from '../../src/background/history.ts';
import { connected, DIALECTS, logs, pbxUrl, sendEvent, simulatorPerTest, startWith, until } from './harness.ts';
import type { EventShape, Simulator } from '../../sim/simulator.ts';

let sim: Simulator;
const SHAPES: readonly EventShape[] = ['socket', 'webhook'];
const CASES = DIALECTS.flatMap((dialect) => SHAPES.map((shape) => ({ dialect, shape })));

simulatorPerTest(
  (s) => {
    sim = s;
  },
  () => sim,
);

describe.each(CASES)(
  'engine and simulator: the platform vocabulary over $dialect, $shape shape',
  ({ dialect, shape }) => {
    const alice = () => ({
      pbxUrl: pbxUrl(sim, dialect),
      transport: dialect,
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: 'alice',
    });
    beforeEach(() => sim.setModes({ eventShape: shape }));
    // An unknown name is logged once per logger, and the harness has one: each case invents its own name.
    const unknown = `QueueMemberStatus${dialect === 'websocket' ? 'Ws' : 'Io'}${shape === 'socket' ? 'Socket' : 'Webhook'}`;

    it('a webhook-shaped queue call with NewCall: shown once it rings; answered elsewhere is kept, not missed', async () => {
      const engine = await startWith(alice());
      await connected(engine);
      const id = sim.ring({ from: '777888999', queue: 'support', shape: 'webhook' });
      const call = await until(
        () => engine.calls.calls.get(id),
        (c) => c?.state === 'ringing',
        'the ringing call',
      );
      expect(call).toMatchObject({ from: '777888999', to: '444', direction: 'incoming', queue: 'support' });
      expect(callList(engine.calls).map((c) => c.uniqueId)).toEqual([id]);
      const before = engine.calls;
      sim.answerElsewhere(id);
      const ending = await until(
        () => endingOf(engine.calls, id),
        (e) => e !== undefined,
        'the ending',
      );
      expect(ending).toMatchObject({ reason: 'Answered elsewhere', missed: false });
      expect(endedCalls(before, engine.calls, Date.now())).toEqual([
        expect.objectContaining({ uniqueId: id, missed: false, reason: 'Answered elsewhere' }),
      ]);
    });

    it('a ring that times out is missed; a ring the user hangs up is not', async () => {
      sim.setModes({ ringTimeoutMs: 150 });
      const engine = await startWith(alice());
      await connected(engine);
      const missed = sim.ring({ from: '777888999' });
      expect(
        await until(
          () => endingOf(engine.calls, missed),
          (e) => e !== undefined,
          'the missed call',
        ),
      ).toMatchObject({
        reason: 'No user response',
        missed: true,
      });
      const declined = sim.ring({ from: '602123456' });
      await until(
        () => engine.calls.calls.get(declined),
        (c) => c !== undefined,
        'the second call',
      );
      await engine.hangup(declined);
      expect(
        await until(
          () => endingOf(engine.calls, declined),
          (e) => e !== undefined,
          'the declined call',
        ),
      ).toMatchObject({
        hangupRequested: true,
        missed: false,
      });
    });

    it('an attended transfer completed on the iPBX ends the consultation and leaves its outcome', async () => {
      const engine = await startWith(alice());
      await connected(engine);
      const id = sim.ring({ from: '+420777888999' });
      sim.answer(id);
      await until(
        () => engine.calls.calls.get(id)?.state,
        (s) => s === 'answered',
        'answered',
      );
      await engine.transfer(id, '445', 'attended');
      await until(
        () => engine.consultations,
        (c) => c[0]?.consultId !== undefined,
        'the consultation call',
      );
      await until(
        () => callList(engine.calls).length,
        (n) => n === 2,
        'both calls answered',
      );
      await engine.hangup(id);
      await until(
        () => engine.consultations,
        (c) => c.length === 0,
        'the consultation to end',
      );
      expect(
        await until(
          () => endingOf(engine.calls, id),
          (e) => e !== undefined,
          'the ending',
        ),
      ).toMatchObject({
        transferred: { to: '445' },
        missed: false,
        reason: 'transferred',
      });
    });

    it('agent events reach the snapshot; CDR and unknown events change nothing and are logged once per name', async () => {
      sim.setModes({ cdr: true });
      const engine = await startWith(alice());
      await connected(engine);
      sim.agent('login', { queue: 'support' });
      sim.agent('pause', { queue: 'support', reason: 'Oběd', shape: 'webhook' });
      await until(
        () => engine.snapshot().agents,
        (a) => a?.[0]?.state === 'paused',
        'paused',
      );
      expect(engine.snapshot().agents).toEqual([
        { queue: 'support', state: 'paused', pauseName: 'Oběd', since: expect.any(Number) },
      ]);
      // Another line's agent event (a webhook stream of the whole company) is not the user's.
      sendEvent(sim, dialect, { EventName: 'AgentLogout', Queue: 'support', Line: '446' });
      const id = sim.ring({ from: '777888999' });
      sim.hangup(id);
      for (let i = 0; i < 3; i++) sendEvent(sim, dialect, { EventName: unknown, Queue: 'support' });
      await until(
        () => endingOf(engine.calls, id),
        (e) => e !== undefined,
        'the hangup',
      );
      await until(
        () => logs.filter((l) => l.includes(unknown)).length,
        (n) => n === 1,
        'the unknown event logged',
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(engine.snapshot().agents).toEqual([expect.objectContaining({ queue: 'support', state: 'paused' })]);
      expect(logs.filter((l) => l.includes(unknown))).toEqual([`info ignored unknown event "${unknown}"`]);
      expect(logs.filter((l) => /CDR|cdr/.test(l) && /dropped|unknown/.test(l))).toEqual([]);
    });
  },
);
