/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. Calls
 * driven by the simulator's API (ring, answer, hang up, queue calls): who gets their events, and their uniqueIds.
 */
import { describe, expect, it } from 'vitest';
import { event, login, start } from './harness.ts';

describe('calls from the API', () => {
  it('ring/answer/hangup reach only the connections of the user involved (all of them)', async () => {
    const sim = await start();
    const alice1 = await login(sim, 'alice');
    const alice2 = await login(sim, 'alice');
    const bob = await login(sim, 'bob');
    const id = sim.ring({ from: '777888999' });
    for (const c of [alice1, alice2]) {
      expect((await c.waitFor(event('Ringing'))).data).toEqual({
        event: 'Ringing',
        from: '777888999',
        to: '444',
        uniqueId: id,
        direction: 'incoming',
        line: '444',
      });
    }
    expect(sim.calls()).toEqual([
      {
        uniqueId: id,
        from: '777888999',
        to: '444',
        direction: 'incoming',
        line: '444',
        state: 'ringing',
        user: 'alice',
      },
    ]);
    sim.answer(id);
    await alice2.waitFor(event('Answered', { uniqueId: id }));
    sim.hangup(id, 'busy');
    await alice1.waitFor(event('Hangup', { uniqueId: id, reason: 'busy' }));
    await alice2.waitFor(event('Hangup', { uniqueId: id, reason: 'busy' }));
    expect(bob.callEvents()).toEqual([]);
    expect(sim.calls()).toEqual([]);
    expect(() => sim.answer(id)).toThrow(/No such call/);
    expect(() => sim.hangup(id)).toThrow(/No such call/);
    expect(() => sim.ring({ from: '1', line: '999' })).toThrow(/999/);
  });

  it('a queue call rings the first operator of the queue and carries the queue', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const id = sim.ring({ from: '+420602123456', queue: 'support' });
    const ringing = await alice.waitFor(event('Ringing'));
    expect(ringing.raw).toBe(
      `{"event":"Ringing","from":"+420602123456","to":"444","uniqueId":"${id}","direction":"incoming","line":"444","queue":"support"}`,
    );
    expect(sim.calls()[0]).toMatchObject({ queue: 'support', user: 'alice' });
  });

  it('a queue call to a named line rings that operator', async () => {
    const sim = await start();
    const carol = await login(sim, 'carol');
    const id = sim.ring({ from: '+420602123456', line: '446', queue: 'support' });
    const ringing = await carol.waitFor(event('Ringing'));
    expect(ringing.raw).toBe(
      `{"event":"Ringing","from":"+420602123456","to":"446","uniqueId":"${id}","direction":"incoming","line":"446","queue":"support"}`,
    );
  });

  it('uniqueIds count up from <unix seconds>.1940', async () => {
    const sim = await start();
    const before = Math.floor(Date.now() / 1000);
    const a = sim.ring({ from: '1' });
    const b = sim.ring({ from: '2' });
    const [secA, counterA] = a.split('.');
    expect(Number(secA)).toBeGreaterThanOrEqual(before);
    expect(counterA).toBe('1940');
    expect(b.split('.')[1]).toBe('1941');
  });
});
