/**
 * The platform's event vocabulary as the simulator sends it (issue 15 §2): NewCall, AttendedTransfer, Hangup reasons
 * (missed, answered elsewhere, ring timeout), CDR, agent events, the webhook shape; from the API and the control
 * endpoint. Every frame is checked against the extension's own codec too.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/shared/protocol.ts';
import { event, postJson, start, wsLogin, type WsClient } from './clients.js';

/** Every frame the client got decodes with the extension's codec. */
function expectDecodable(c: WsClient): void {
  for (const f of c.frames.items) expect(decodeFrame(f.raw), f.raw).toMatchObject({ ok: true });
}

describe('NewCall', () => {
  it('comes before each Ringing: an outside ring, both legs of an internal call, a blind transfer’s target', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const bob = await wsLogin(sim, 'bob');
    const id = sim.ring({ from: '777888999' });
    await alice.waitFor(event('Ringing', { uniqueId: id }));
    expect(alice.frames.items[1]?.raw).toBe(
      `{"event":"NewCall","from":"777888999","to":"444","uniqueId":"${id}","direction":"incoming","line":"444"}`,
    );
    sim.answer(id);
    await alice.waitFor(event('Answered', { uniqueId: id }));
    alice.send({ action: 'transfer', uniqueid: id, to: '445', type: 'blind', data: {} });
    await bob.waitFor(event('Ringing', { uniqueId: id }));
    expect(bob.names()).toEqual(['auth', 'NewCall', 'Ringing']);
    alice.send({ action: 'originate', to: '446', actionid: 'o1' });
    await alice.waitFor(event('Ringing', { to: '446' }));
    expect(alice.names().slice(-2)).toEqual(['NewCall', 'Ringing']);
    expectDecodable(alice);
  });

  it('is not sent when the mode newCall is off', async () => {
    const sim = await start({ modes: { newCall: false } });
    const alice = await wsLogin(sim, 'alice');
    const id = sim.ring({ from: '777888999' });
    await alice.waitFor(event('Ringing', { uniqueId: id }));
    expect(alice.names()).toEqual(['auth', 'Ringing']);
  });
});

describe('the webhook shape', () => {
  it('ring({ shape: "webhook" }): that call’s events in PascalCase with EventName; others and auth stay as they were', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const id = sim.ring({ from: '777888999', queue: 'support', shape: 'webhook' });
    await alice.waitFor(event('Ringing', { UniqueId: id }));
    expect(alice.frames.items.map((f) => f.raw).slice(1)).toEqual([
      `{"EventName":"NewCall","From":"777888999","To":"444","UniqueId":"${id}","Direction":"incoming","Line":"444","Queue":"support"}`,
      `{"EventName":"Ringing","From":"777888999","To":"444","UniqueId":"${id}","Direction":"incoming","Line":"444","Queue":"support"}`,
    ]);
    sim.hangup(id, 'No user response');
    expect((await alice.waitFor(event('Hangup'))).data).toMatchObject({ UniqueId: id, Reason: 'No user response' });
    const other = sim.ring({ from: '602123456' });
    expect((await alice.waitFor(event('Ringing', { uniqueId: other }))).data.event).toBe('Ringing');
    expectDecodable(alice);
  });

  it('eventShape "webhook" shapes every call, agent and CDR event; protocol answers stay in the socket shape', async () => {
    const sim = await start({ modes: { eventShape: 'webhook', cdr: true } });
    const alice = await wsLogin(sim, 'alice');
    expect(alice.frames.items[0]?.raw).toBe('{"event":"auth","status":"ok","line":"444"}');
    alice.send({ action: 'originate', to: '777888999', actionid: 'w1' });
    await alice.waitFor(event('Answered'));
    const id = String((await alice.waitFor(event('originateresponse'))).data.uniqueId);
    sim.hangup(id);
    await alice.waitFor(event('CDR'));
    sim.agent('login', { queue: 'support' });
    expect((await alice.waitFor(event('AgentLogin'))).raw).toBe(
      '{"EventName":"AgentLogin","Queue":"support","Line":"444","Login":"alice","Email":"alice@example.com"}',
    );
    expect(alice.names()).toEqual([
      'auth',
      'originateresponse',
      'NewCall',
      'Ringing',
      'Answered',
      'Hangup',
      'CDR',
      'AgentLogin',
    ]);
    expectDecodable(alice);
  });
});

describe('AttendedTransfer', () => {
  it('tells the transferring user which call went where, before the Hangups of both calls', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const id = sim.ring({ from: '+420777888999' });
    sim.answer(id);
    alice.send({ action: 'transfer', uniqueid: id, to: '602123456', type: 'attended', data: {} });
    const consult = String((await alice.waitFor(event('Answered', { to: '602123456' }))).data.uniqueId);
    alice.send({ action: 'hangupcall', uniqueid: id });
    await alice.waitFor(event('Hangup', { uniqueId: consult }));
    const names = alice.names();
    expect(names.slice(-3)).toEqual(['AttendedTransfer', 'Hangup', 'Hangup']);
    expect(alice.frames.items.at(-3)?.data).toEqual({
      event: 'AttendedTransfer',
      from: '+420777888999',
      to: '602123456',
      uniqueId: id,
      targetUniqueId: consult,
      direction: 'incoming',
      line: '444',
    });
    expect(decodeFrame(alice.frames.items.at(-3)!.raw)).toEqual({
      ok: true,
      event: {
        event: 'call',
        type: 'attendedtransfer',
        uniqueId: id,
        from: '+420777888999',
        to: '602123456',
        targetUniqueId: consult,
        direction: 'incoming',
        line: '444',
      },
    });
  });

  it('is not sent when the consultation is cancelled', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const id = sim.ring({ from: '+420777888999' });
    sim.answer(id);
    alice.send({ action: 'transfer', uniqueid: id, to: '602123456', type: 'attended', data: {} });
    const consult = String((await alice.waitFor(event('Answered', { to: '602123456' }))).data.uniqueId);
    alice.send({ action: 'hangupcall', uniqueid: consult });
    await alice.waitFor(event('Hangup', { uniqueId: consult, reason: 'cancelled' }));
    expect(alice.names()).not.toContain('AttendedTransfer');
  });
});

describe('missed and answered elsewhere', () => {
  it('miss(): a ringing call ends "No user response"; an answered call cannot be missed', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const id = sim.ring({ from: '777888999' });
    sim.miss(id);
    expect((await alice.waitFor(event('Hangup', { uniqueId: id }))).data.reason).toBe('No user response');
    const other = sim.ring({ from: '777888999' });
    sim.answer(other);
    expect(() => sim.miss(other)).toThrow(/already answered/);
    expect(() => sim.miss('1.2')).toThrow(/No such call/);
  });

  it('ringTimeoutMs: a call still ringing then is missed; an answered one is not', async () => {
    const sim = await start({ modes: { ringTimeoutMs: 80 } });
    const alice = await wsLogin(sim, 'alice');
    const missed = sim.ring({ from: '777888999' });
    const taken = sim.ring({ from: '602123456' });
    sim.answer(taken);
    const hangup = await alice.waitFor(event('Hangup', { uniqueId: missed }), 2000);
    expect(hangup.data.reason).toBe('No user response');
    await new Promise((r) => setTimeout(r, 120));
    expect(sim.calls()).toEqual([expect.objectContaining({ uniqueId: taken, state: 'answered' })]);
  });

  it('answerElsewhere(): the queue call ends "Answered elsewhere" here and is answered by another operator', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const carol = await wsLogin(sim, 'carol');
    const id = sim.ring({ from: '777888999', queue: 'support' });
    expect(sim.answerElsewhere(id)).toBe('carol');
    expect((await alice.waitFor(event('Hangup', { uniqueId: id }))).data).toMatchObject({
      reason: 'Answered elsewhere',
      queue: 'support',
    });
    await carol.waitFor(event('Answered', { uniqueId: id }));
    expect(carol.names()).toEqual(['auth', 'NewCall', 'Ringing', 'Answered']);
    expect(carol.frames.items.at(-1)?.data).toMatchObject({
      from: '777888999',
      to: '446',
      direction: 'incoming',
      queue: 'support',
    });
    expect(sim.calls()).toEqual([expect.objectContaining({ uniqueId: id, user: 'carol', state: 'answered' })]);
  });

  it('answerElsewhere(id, by) names the colleague; with nobody to take it the call is gone; only ringing calls', async () => {
    const sim = await start();
    const bob = await wsLogin(sim, 'bob');
    const first = sim.ring({ from: '777888999' });
    expect(sim.answerElsewhere(first, '445')).toBe('bob');
    await bob.waitFor(event('Answered', { uniqueId: first }));
    const lonely = sim.ring({ from: '777888999', line: '446', queue: 'support' });
    expect(sim.answerElsewhere(lonely, 'alice')).toBe('alice');
    const nobody = sim.ring({ from: '602123456' });
    expect(sim.answerElsewhere(nobody)).toBeNull();
    expect(sim.calls().some((c) => c.uniqueId === nobody)).toBe(false);
    expect(() => sim.answerElsewhere(first)).toThrow(/not ringing/);
    const again = sim.ring({ from: '602123456' });
    expect(() => sim.answerElsewhere(again, 'alice')).toThrow(/already in the call/);
    expect(() => sim.answerElsewhere(again, 'zed')).toThrow(/No user zed/);
  });
});

describe('CDR', () => {
  it('follows each Hangup when the mode cdr is on, with disposition and durations', async () => {
    let now = 1_764_042_000_000;
    const sim = await start({ clock: () => now, modes: { cdr: true } });
    const alice = await wsLogin(sim, 'alice');
    const id = sim.ring({ from: '777888999' });
    now += 5_000;
    sim.answer(id);
    now += 60_000;
    sim.hangup(id);
    expect((await alice.waitFor(event('CDR'))).data).toEqual({
      event: 'CDR',
      uniqueId: id,
      from: '777888999',
      to: '444',
      direction: 'incoming',
      line: '444',
      disposition: 'ANSWERED',
      duration: 65,
      billsec: 60,
      reason: 'hangup',
    });
    const missed = sim.ring({ from: '602123456' });
    sim.miss(missed);
    expect((await alice.waitFor(event('CDR', { uniqueId: missed }))).data).toMatchObject({
      disposition: 'NO ANSWER',
      billsec: 0,
      reason: 'No user response',
    });
    expect(alice.names().filter((n) => n === 'CDR')).toHaveLength(2);
  });
});

describe('agent events', () => {
  it('pause with a reason, unpause, login, logout: the user’s connections get them; the state keeps them', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const carol = await wsLogin(sim, 'carol');
    expect(sim.agent('pause', { queue: 'support', reason: 'Oběd' })).toEqual({
      user: 'alice',
      queue: 'support',
      state: 'paused',
      pauseName: 'Oběd',
    });
    expect((await alice.waitFor(event('AgentPaused'))).data).toEqual({
      event: 'AgentPaused',
      queue: 'support',
      pauseName: 'Oběd',
      line: '444',
      login: 'alice',
      email: 'alice@example.com',
    });
    sim.agent('unpause', { queue: 'support' });
    sim.agent('logout', { queue: 'support', user: '446' });
    sim.agent('login', { queue: 'sales', user: 'carol', shape: 'webhook' });
    await carol.waitFor(event('AgentLogin'));
    expect(alice.names()).toEqual(['auth', 'AgentPaused', 'AgentUnPaused']);
    expect(carol.names()).toEqual(['auth', 'AgentLogout', 'AgentLogin']);
    expect(carol.frames.items.at(-1)?.data).toMatchObject({ EventName: 'AgentLogin', Queue: 'sales' });
    expect(sim.agents()).toEqual([
      { user: 'alice', queue: 'support', state: 'loggedIn' },
      { user: 'carol', queue: 'support', state: 'loggedOut' },
      { user: 'carol', queue: 'sales', state: 'loggedIn' },
    ]);
    expectDecodable(alice);
    expectDecodable(carol);
  });

  it('needs a queue, and a user when nobody operates the queue', () => {
    return start().then((sim) => {
      expect(() => sim.agent('pause', { queue: '' })).toThrow(/queue/);
      expect(() => sim.agent('login', { queue: 'sales' })).toThrow(/no operator in queue sales/);
      expect(() => sim.agent('login', { queue: 'sales', user: 'zed' })).toThrow(/no user zed/);
    });
  });
});

describe('control endpoint', () => {
  it('ring with a shape, miss, answer-elsewhere and agent over HTTP, with 400/404 on bad input', async () => {
    const sim = await start();
    const alice = await wsLogin(sim, 'alice');
    const ring = await postJson(`${sim.httpUrl}/control/ring`, {
      from: '777888999',
      queue: 'support',
      shape: 'webhook',
    });
    const id = String(ring.body.uniqueId);
    await alice.waitFor(event('Ringing', { UniqueId: id }));
    expect(await postJson(`${sim.httpUrl}/control/answer-elsewhere`, { uniqueId: id })).toEqual({
      status: 200,
      body: { ok: true, uniqueId: id, by: 'carol' },
    });
    await alice.waitFor(event('Hangup', { UniqueId: id, Reason: 'Answered elsewhere' }));

    const second = String((await postJson(`${sim.httpUrl}/control/ring`, { from: '602123456' })).body.uniqueId);
    expect((await postJson(`${sim.httpUrl}/control/miss`, { uniqueId: second })).status).toBe(200);
    await alice.waitFor(event('Hangup', { uniqueId: second, reason: 'No user response' }));

    const agent = await postJson(`${sim.httpUrl}/control/agent`, { action: 'pause', queue: 'support', reason: 'Oběd' });
    expect(agent).toEqual({
      status: 200,
      body: { user: 'alice', queue: 'support', state: 'paused', pauseName: 'Oběd' },
    });
    await alice.waitFor(event('AgentPaused', { pauseName: 'Oběd' }));
    const state = (await (await fetch(`${sim.httpUrl}/control/state`)).json()) as { agents: unknown[] };
    expect(state.agents).toEqual([{ user: 'alice', queue: 'support', state: 'paused', pauseName: 'Oběd' }]);

    expect((await postJson(`${sim.httpUrl}/control/ring`, { from: '1', shape: 'xml' })).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/miss`, { uniqueId: '1.2' })).status).toBe(404);
    const answered = String((await postJson(`${sim.httpUrl}/control/ring`, { from: '602123456' })).body.uniqueId);
    sim.answer(answered);
    expect(await postJson(`${sim.httpUrl}/control/miss`, { uniqueId: answered })).toEqual({
      status: 400,
      body: { error: `Call ${answered} is already answered` },
    });
    expect((await postJson(`${sim.httpUrl}/control/answer-elsewhere`, { uniqueId: answered })).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/agent`, { action: 'nap', queue: 'support' })).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/agent`, { action: 'login' })).status).toBe(400);
    expect(
      (await postJson(`${sim.httpUrl}/control/agent`, { action: 'login', queue: 'nobody-here' })).body.error,
    ).toMatch(/no operator/);
    expect((await postJson(`${sim.httpUrl}/control/modes`, { eventShape: 'xml' })).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/modes`, { ringTimeoutMs: -1 })).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/modes`, { crmCookie: 'a b' })).status).toBe(400);
    expect(
      (
        await postJson(`${sim.httpUrl}/control/modes`, {
          eventShape: 'webhook',
          socketIoStyle: 'message',
          ringTimeoutMs: 100,
        })
      ).body,
    ).toMatchObject({ eventShape: 'webhook', socketIoStyle: 'message', ringTimeoutMs: 100 });
  });
});
