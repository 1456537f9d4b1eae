/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. transfer:
 * blind and attended, to a user or an outside number, completed or cancelled, and bad requests.
 */
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../sim/simulator.js';
import { event, login, start, type TestClient } from './harness.ts';

describe('transfer', () => {
  async function answeredCall(sim: Simulator, alice: TestClient): Promise<string> {
    const id = sim.ring({ from: '+420777888999' });
    sim.answer(id);
    await alice.waitFor(event('Answered', { uniqueId: id }));
    return id;
  }

  it('refuses an unknown call and a bad type', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    alice.send({ action: 'transfer', uniqueid: '1.1', to: '445', type: 'blind', data: {} });
    expect((await alice.waitFor(event('error'))).raw).toBe(
      '{"event":"error","message":"No such call","action":"transfer"}',
    );
    const id = await answeredCall(sim, alice);
    alice.send({ action: 'transfer', uniqueid: id, to: '445', type: 'warm', data: {} });
    await alice.waitFor(event('error', { message: 'Invalid transfer type', action: 'transfer' }));
    expect(sim.calls()).toHaveLength(1);
  });

  it('blind to an outside number: the call leaves the user with Hangup "transferred"', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const id = await answeredCall(sim, alice);
    alice.send({ action: 'transfer', uniqueid: id, to: '+420602123456', type: 'blind', data: {} });
    const hangup = await alice.waitFor(event('Hangup'));
    expect(hangup.data).toEqual({
      event: 'Hangup',
      from: '+420777888999',
      to: '444',
      uniqueId: id,
      direction: 'incoming',
      line: '444',
      reason: 'transferred',
    });
    expect(sim.calls()).toEqual([]);
  });

  it('blind to another user: that user rings (incomingLocal) from the original caller', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const bob = await login(sim, 'bob');
    const id = await answeredCall(sim, alice);
    alice.send({ action: 'transfer', uniqueid: id, to: '445', type: 'blind', data: {} });
    await alice.waitFor(event('Hangup', { reason: 'transferred' }));
    await bob.waitFor(event('Answered'));
    expect(bob.callEvents()).toEqual([
      { event: 'Ringing', from: '+420777888999', to: '445', uniqueId: id, direction: 'incomingLocal', line: '445' },
      { event: 'Answered', from: '+420777888999', to: '445', uniqueId: id, direction: 'incomingLocal', line: '445' },
    ]);
    expect(sim.calls().map((c) => c.user)).toEqual(['bob']);
  });

  it('attended, completed by hanging up the ORIGINAL call: both calls end "transferred" for the user', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const bob = await login(sim, 'bob');
    const original = await answeredCall(sim, alice);
    alice.send({ action: 'transfer', uniqueid: original, to: '445', type: 'attended', data: {} });
    const consult = await alice.waitFor(event('Ringing', { to: '445' }));
    const consultId = consult.data.uniqueId;
    expect(consultId).not.toBe(original);
    expect(consult.data).toEqual({
      event: 'Ringing',
      from: '444',
      to: '445',
      uniqueId: consultId,
      direction: 'outgoingLocal',
      line: '444',
    });
    await alice.waitFor(event('Answered', { uniqueId: consultId }));
    await bob.waitFor(event('Answered', { uniqueId: consultId, direction: 'incomingLocal' }));

    alice.send({ action: 'hangupcall', uniqueid: original });
    await alice.waitFor(event('Hangup', { uniqueId: consultId }));
    const hangups = alice.callEvents().filter((e) => e.event === 'Hangup');
    expect(hangups.map((h) => [h.uniqueId, h.reason])).toEqual([
      [original, 'transferred'],
      [consultId, 'transferred'],
    ]);
    // Bob now talks to the outside caller: his side of the call goes on.
    expect(bob.callEvents().some((e) => e.event === 'Hangup')).toBe(false);
    expect(sim.calls()).toEqual([expect.objectContaining({ uniqueId: consultId, user: 'bob', state: 'answered' })]);
    sim.hangup(String(consultId));
    await bob.waitFor(event('Hangup', { uniqueId: consultId, reason: 'hangup' }));
    expect(sim.calls()).toEqual([]);
  });

  it('attended, cancelled by hanging up the CONSULTATION call: only it ends ("cancelled"), the original goes on', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const bob = await login(sim, 'bob');
    const original = await answeredCall(sim, alice);
    alice.send({ action: 'transfer', uniqueid: original, to: '445', type: 'attended', data: {} });
    const consultId = (await alice.waitFor(event('Ringing', { to: '445' }))).data.uniqueId;
    await alice.waitFor(event('Answered', { uniqueId: consultId }));

    alice.send({ action: 'hangupcall', uniqueid: consultId });
    await alice.waitFor(event('Hangup', { uniqueId: consultId, reason: 'cancelled' }));
    await bob.waitFor(event('Hangup', { uniqueId: consultId, reason: 'cancelled' }));
    expect(alice.callEvents().some((e) => e.event === 'Hangup' && e.uniqueId === original)).toBe(false);
    expect(sim.calls()).toEqual([expect.objectContaining({ uniqueId: original, user: 'alice', state: 'answered' })]);

    // The original call is a plain call again: hanging it up is a normal hangup.
    alice.send({ action: 'hangupcall', uniqueid: original });
    await alice.waitFor(event('Hangup', { uniqueId: original, reason: 'hangup' }));
  });

  it('attended to an outside number: the consultation rings as outgoing', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const original = await answeredCall(sim, alice);
    alice.send({ action: 'transfer', uniqueid: original, to: '+442079460958', type: 'attended', data: {} });
    const consult = await alice.waitFor(event('Ringing', { to: '+442079460958' }));
    expect(consult.data).toMatchObject({ from: '444', direction: 'outgoing', line: '444' });
    await alice.waitFor(event('Answered', { uniqueId: consult.data.uniqueId }));
    alice.send({ action: 'hangupcall', uniqueid: original });
    await alice.waitFor(event('Hangup', { uniqueId: consult.data.uniqueId, reason: 'transferred' }));
    expect(sim.calls()).toEqual([]);
  });
});
