/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. originate:
 * the answer, the rings on the user's line and another user's, Answered after answerDelayMs, and bad requests.
 */
import { describe, expect, it } from 'vitest';
import { event, login, start } from './harness.ts';

describe('originate', () => {
  it('answers Success, rings the user line (outgoing), then Answered after answerDelayMs', async () => {
    const sim = await start({ modes: { answerDelayMs: 150 } });
    const alice = await login(sim, 'alice');
    const bob = await login(sim, 'bob');
    alice.send({ action: 'originate', to: '+420777888999', callerid: 'Jan Novák <+420777888999>', actionid: 'a1' });
    const response = await alice.waitFor(event('originateresponse'));
    expect(response.data).toMatchObject({ actionid: 'a1', response: 'Success' });
    const id = response.data.uniqueId;
    expect(id).toMatch(/^\d{10}\.1940$/);

    const ringing = await alice.waitFor(event('Ringing'));
    expect(ringing.raw).toBe(
      `{"event":"Ringing","from":"444","to":"+420777888999","uniqueId":"${String(id)}","direction":"outgoing","line":"444"}`,
    );
    const ringAt = Date.now();
    expect(sim.calls()).toEqual([
      {
        uniqueId: id,
        from: '444',
        to: '+420777888999',
        direction: 'outgoing',
        line: '444',
        state: 'ringing',
        user: 'alice',
      },
    ]);

    await alice.waitFor(event('Answered'));
    expect(Date.now() - ringAt).toBeGreaterThanOrEqual(100);
    expect(alice.messages.map((m) => m.data.event)).toEqual([
      'auth',
      'originateresponse',
      'NewCall',
      'Ringing',
      'Answered',
    ]);
    expect(alice.callEvents()[1]).toEqual({
      event: 'Answered',
      from: '444',
      to: '+420777888999',
      uniqueId: id,
      direction: 'outgoing',
      line: '444',
    });
    expect(sim.calls()[0]?.state).toBe('answered');
    expect(bob.callEvents()).toEqual([]);
  });

  it('to another user line: outgoingLocal for the caller, incomingLocal (same uniqueId) for the callee, both answered', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const bob = await login(sim, 'bob');
    const carol = await login(sim, 'carol');
    alice.send({ action: 'originate', to: '445', actionid: 'int-1' });
    const id = (await alice.waitFor(event('originateresponse'))).data.uniqueId;
    await alice.waitFor(event('Answered'));
    await bob.waitFor(event('Answered'));
    expect(alice.callEvents()).toEqual([
      { event: 'Ringing', from: '444', to: '445', uniqueId: id, direction: 'outgoingLocal', line: '444' },
      { event: 'Answered', from: '444', to: '445', uniqueId: id, direction: 'outgoingLocal', line: '444' },
    ]);
    expect(bob.callEvents()).toEqual([
      { event: 'Ringing', from: '444', to: '445', uniqueId: id, direction: 'incomingLocal', line: '445' },
      { event: 'Answered', from: '444', to: '445', uniqueId: id, direction: 'incomingLocal', line: '445' },
    ]);
    expect(carol.callEvents()).toEqual([]);

    // A hangup by the callee ends the call for both.
    bob.send({ action: 'hangupcall', uniqueid: id });
    await alice.waitFor(event('Hangup', { uniqueId: id, reason: 'hangup' }));
    await bob.waitFor(event('Hangup', { uniqueId: id, reason: 'hangup', direction: 'incomingLocal' }));
    expect(sim.calls()).toEqual([]);
  });

  it('refuses a bad number with originateresponse Error, and a missing actionid with an error frame', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    alice.send({ action: 'originate', to: '777 888 abc', actionid: 'bad-1' });
    const bad = await alice.waitFor(event('originateresponse', { actionid: 'bad-1' }));
    expect(bad.data).toEqual({
      event: 'originateresponse',
      actionid: 'bad-1',
      response: 'Error',
      message: 'Invalid number',
    });
    alice.send({ action: 'originate', actionid: 'bad-2' });
    await alice.waitFor(event('originateresponse', { actionid: 'bad-2', response: 'Error' }));
    alice.send({ action: 'originate', to: '777888999' });
    const noId = await alice.waitFor(event('error'));
    expect(noId.data).toMatchObject({ action: 'originate' });
    expect(String(noId.data.message)).toMatch(/actionid/);
    expect(sim.calls()).toEqual([]);
    expect(alice.callEvents()).toEqual([]);
  });
});
