// The iPBX simulator against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly.
import { connect as connectTcp, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator, type StartOptions } from '../../sim/simulator.js';

interface Msg {
  raw: string;
  data: Record<string, unknown>;
}
type Pred = (m: Msg) => boolean;

/** A protocol client that records every frame it gets. */
class TestClient {
  readonly messages: Msg[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString('utf8');
      this.messages.push({ raw: text, data: JSON.parse(text) as Record<string, unknown> });
      for (const l of [...this.listeners]) l();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(frame: Record<string, unknown> | string | Buffer): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or future) matching `pred`. */
  waitFor(pred: Pred, timeoutMs = 2000): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.messages.find(pred);
        if (!hit) return false;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(`client: no matching frame in ${timeoutMs} ms; got ${this.messages.map((m) => m.raw).join('\n')}`),
        );
      }, timeoutMs);
      if (!check()) this.listeners.add(check);
    });
  }

  /** Call events (Ringing/Answered/Hangup) received so far. */
  callEvents(): Record<string, unknown>[] {
    return this.messages.map((m) => m.data).filter((d) => ['Ringing', 'Answered', 'Hangup'].includes(String(d.event)));
  }

  close(): void {
    this.ws.terminate();
  }
}

const event =
  (name: string, fields: Record<string, unknown> = {}): Pred =>
  (m) =>
    m.data.event === name && Object.entries(fields).every(([k, v]) => m.data[k] === v);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Every simulator and client a test opens is closed after it, even when the test fails.
const sims: Simulator[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function start(opts: StartOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ ...opts, modes: { answerDelayMs: 40, ...opts.modes } });
  sims.push(sim);
  return sim;
}

async function open(sim: Simulator): Promise<TestClient> {
  const client = await TestClient.open(sim.wsUrl);
  clients.push(client);
  return client;
}

/** Opens a connection and authenticates it with the user's static token. */
async function login(sim: Simulator, who: string): Promise<TestClient> {
  const user = sim.users.find((u) => u.login === who);
  if (!user) throw new Error(`no user ${who}`);
  const client = await open(sim);
  client.send({ action: 'auth', token: user.token, identityType: 'login', identityValue: user.login });
  await client.waitFor(event('auth', { status: 'ok' }));
  return client;
}

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('auth', () => {
  it('accepts a static token with a matching login, line or email identity and answers with the line', async () => {
    const sim = await start();
    expect(sim.wsUrl).toBe(`ws://127.0.0.1:${sim.port}/ws`);
    const identities: Array<[string, string]> = [
      ['login', 'bob'],
      ['line', '445'],
      ['email', 'BOB@example.com'],
    ];
    for (const [identityType, identityValue] of identities) {
      const c = await open(sim);
      c.send({ action: 'auth', token: 'demo-token-bob', identityType, identityValue });
      const ok = await c.waitFor(event('auth'));
      expect(ok.raw).toBe('{"event":"auth","status":"ok","line":"445"}');
    }
    expect(sim.authenticatedCount()).toBe(3);
    await sim.waitForAuthenticated(3, 100);
  });

  it('refuses an unknown token, an identity of another user, and requests before auth', async () => {
    const sim = await start();
    const c = await open(sim);
    c.send({ action: 'ping' });
    expect((await c.waitFor(event('error'))).raw).toBe(
      '{"event":"error","message":"Not authenticated","action":"ping"}',
    );

    c.send({ action: 'auth', token: 'nope', identityType: 'login', identityValue: 'alice' });
    expect((await c.waitFor(event('auth'))).raw).toBe('{"event":"auth","status":"error","message":"Invalid token"}');

    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'bob' });
    await c.waitFor(event('auth', { message: 'Identity does not match the token' }));
    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'line', identityValue: '445' });
    await c.waitFor(
      (m) =>
        m.data.event === 'auth' &&
        m.data.message === 'Identity does not match the token' &&
        c.messages.filter((x) => x.data.message === 'Identity does not match the token').length === 2,
    );
    expect(sim.authenticatedCount()).toBe(0);

    c.send({ action: 'originate', to: '777888999', actionid: 'x1' });
    await c.waitFor(event('error', { message: 'Not authenticated', action: 'originate' }));
    expect(c.messages.some((m) => m.data.event === 'originateresponse')).toBe(false);
  });

  it('answers ping with pong once authenticated', async () => {
    const sim = await start();
    const c = await login(sim, 'alice');
    c.send({ action: 'ping' });
    expect((await c.waitFor(event('pong'))).raw).toBe('{"event":"pong"}');
    const frame = await sim.waitForFrame((f) => f.data?.action === 'ping');
    expect(frame.user).toBe('alice');
  });
});

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

describe('uniqueIds', () => {
  it('count up from 1940, or from firstIdCounter (a restart within the same second must not reuse ids)', async () => {
    const first = await start({ clock: () => 1412256225000 });
    expect([first.ring({ from: '777888999' }), first.ring({ from: '777888998' })]).toEqual([
      '1412256225.1940',
      '1412256225.1941',
    ]);
    const restarted = await start({ clock: () => 1412256225000, firstIdCounter: 5000 });
    expect(restarted.ring({ from: '777888999' })).toBe('1412256225.5000');
  });
});

describe('hangupcall', () => {
  it('answers an unknown id with an error frame and compares ids as exact strings', async () => {
    const sim = await start({ clock: () => 1412256225000, modes: { answerDelayMs: -1 } });
    const alice = await login(sim, 'alice');
    const id = sim.ring({ from: '777888999' });
    expect(id).toBe('1412256225.1940');
    await alice.waitFor(event('Ringing'));

    alice.send({ action: 'hangupcall', uniqueid: '1412256225.194' });
    expect((await alice.waitFor(event('error'))).raw).toBe(
      '{"event":"error","message":"No such call","action":"hangupcall"}',
    );
    expect(sim.calls()).toHaveLength(1);

    alice.send({ action: 'hangupcall', uniqueid: '1412256225.1940' });
    const hangup = await alice.waitFor(event('Hangup'));
    expect(hangup.data).toEqual({
      event: 'Hangup',
      from: '777888999',
      to: '444',
      uniqueId: '1412256225.1940',
      direction: 'incoming',
      line: '444',
      reason: 'hangup',
    });
    expect(sim.calls()).toEqual([]);
  });

  it('numericIds writes uniqueId/from/to/line as bare numbers with their exact text', async () => {
    const sim = await start({ clock: () => 1412256225000, modes: { numericIds: true, answerDelayMs: 30 } });
    const alice = await login(sim, 'alice');
    expect(alice.messages[0]?.raw).toBe('{"event":"auth","status":"ok","line":444}');

    const id = sim.ring({ from: '777888999' });
    const ringing = await alice.waitFor(event('Ringing'));
    expect(ringing.raw).toBe(
      '{"event":"Ringing","from":777888999,"to":444,"uniqueId":1412256225.1940,"direction":"incoming","line":444}',
    );
    expect(ringing.data.uniqueId).toBe(1412256225.194); // what a naive JSON.parse makes of it

    // Texts that are not JSON numbers stay strings.
    sim.ring({ from: '00420602123456' });
    sim.ring({ from: '+420777888999' });
    await alice.waitFor((m) => m.raw.includes('1412256225.1942'));
    expect(
      alice.messages
        .map((m) => m.raw)
        .filter((r) => r.includes('"Ringing"'))
        .slice(1),
    ).toEqual([
      '{"event":"Ringing","from":"00420602123456","to":444,"uniqueId":1412256225.1941,"direction":"incoming","line":444}',
      '{"event":"Ringing","from":"+420777888999","to":444,"uniqueId":1412256225.1942,"direction":"incoming","line":444}',
    ]);

    // The client must send the exact text back as a string; then the call is found.
    alice.send({ action: 'hangupcall', uniqueid: id });
    const hangup = await alice.waitFor(event('Hangup'));
    expect(hangup.raw).toContain('"uniqueId":1412256225.1940,');
    expect(hangup.raw).toContain('"reason":"hangup"');

    // Originate responses carry the id bare too.
    alice.send({ action: 'originate', to: '445', actionid: 'n1' });
    const response = await alice.waitFor(event('originateresponse'));
    expect(response.raw).toContain('"uniqueId":1412256225.1943}');
  });

  it('rejects a numeric uniqueid from the client (its text is already lost)', async () => {
    const sim = await start({ modes: { answerDelayMs: -1 } });
    const alice = await login(sim, 'alice');
    sim.ring({ from: '777888999' });
    alice.send('{"action":"hangupcall","uniqueid":1412256225.1940}');
    const err = await alice.waitFor(event('error'));
    expect(err.data).toEqual({ event: 'error', message: 'uniqueid must be a string', action: 'hangupcall' });
    expect(sim.calls()).toHaveLength(1);
  });
});

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

describe('REST API', () => {
  it('login, auth with the access token, refresh (the old refresh token dies), CORS', async () => {
    const sim = await start();
    const bad = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'alice@example.com', password: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ message: 'Invalid email or password' });

    const first = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'alice@example.com', password: 'alice-pass' });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
    });

    const c = await open(sim);
    c.send({
      action: 'auth',
      token: first.body.access_token,
      identityType: 'email',
      identityValue: 'alice@example.com',
    });
    expect((await c.waitFor(event('auth'))).data).toEqual({ event: 'auth', status: 'ok', line: '444' });

    const refreshed = await postJson(
      `${sim.restUrl}/v1/sso/refresh`,
      {},
      { Authorization: String(first.body.refresh_token) },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const reused = await postJson(
      `${sim.restUrl}/v1/sso/refresh`,
      {},
      { Authorization: String(first.body.refresh_token) },
    );
    expect(reused.status).toBe(401);
    const none = await postJson(`${sim.restUrl}/v1/sso/refresh`, {});
    expect(none.status).toBe(401);

    const preflight = await fetch(`${sim.restUrl}/v1/sso/refresh`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type, Authorization/);
  });

  it('an expired access token is refused with "Token expired"; refresh gives a working one', async () => {
    let now = 1_764_042_000_000;
    const sim = await start({ clock: () => now, modes: { tokenTtlSeconds: 60 } });
    const pair = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'bob@example.com', password: 'bob-pass' });
    expect(pair.body.expires_in).toBe(60);
    now += 61_000;
    const c = await open(sim);
    c.send({ action: 'auth', token: pair.body.access_token, identityType: 'login', identityValue: 'bob' });
    expect((await c.waitFor(event('auth'))).raw).toBe('{"event":"auth","status":"error","message":"Token expired"}');

    const fresh = await postJson(
      `${sim.restUrl}/v1/sso/refresh`,
      {},
      { Authorization: String(pair.body.refresh_token) },
    );
    c.send({ action: 'auth', token: fresh.body.access_token, identityType: 'login', identityValue: 'bob' });
    await c.waitFor(event('auth', { status: 'ok', line: '445' }));

    // expireTokens() ends every issued access token at once (static tokens are not affected).
    sim.expireTokens();
    c.send({ action: 'auth', token: fresh.body.access_token, identityType: 'login', identityValue: 'bob' });
    await c.waitFor(() => c.messages.filter((x) => x.data.message === 'Token expired').length === 2);
    c.send({ action: 'auth', token: 'demo-token-bob', identityType: 'login', identityValue: 'bob' });
    await c.waitFor(() => c.messages.filter((x) => x.data.status === 'ok').length === 2);
  });
});

describe('control endpoint and demo page', () => {
  it('drives calls and modes over HTTP, with 400/404 on bad input', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const ring = await postJson(`${sim.httpUrl}/control/ring`, { from: '+420777888999', line: '444' });
    expect(ring.status).toBe(200);
    const id = String(ring.body.uniqueId);
    await alice.waitFor(event('Ringing', { uniqueId: id }));
    expect((await postJson(`${sim.httpUrl}/control/answer`, { uniqueId: id })).status).toBe(200);
    await alice.waitFor(event('Answered', { uniqueId: id }));

    const state = (await (await fetch(`${sim.httpUrl}/control/state`)).json()) as Record<string, unknown>;
    expect(state.authenticated).toBe(1);
    expect(state.calls).toEqual([expect.objectContaining({ uniqueId: id, state: 'answered' })]);
    const frames = state.received as Array<Record<string, unknown>>;
    expect(frames[0]?.raw).toContain('"action":"auth"');
    expect(JSON.stringify(state)).not.toContain('demo-token-alice'); // tokens are masked

    expect((await postJson(`${sim.httpUrl}/control/hangup`, { uniqueId: id, reason: 'busy' })).status).toBe(200);
    await alice.waitFor(event('Hangup', { uniqueId: id, reason: 'busy' }));

    const modes = await postJson(`${sim.httpUrl}/control/modes`, { ignorePing: true, dropAfterAuthMs: null });
    expect(modes.body).toMatchObject({ ignorePing: true, dropAfterAuthMs: null });
    expect(sim.modes.ignorePing).toBe(true);

    expect((await postJson(`${sim.httpUrl}/control/ring`, {})).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/ring`, { from: '1', line: '999' })).body.error).toMatch(/999/);
    expect((await postJson(`${sim.httpUrl}/control/modes`, { rejectAuth: 'yes' })).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/modes`, { noSuchMode: true })).status).toBe(400);
    const unknown = await postJson(`${sim.httpUrl}/control/answer`, { uniqueId: '1.2' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/No such call/);
    const badJson = await fetch(`${sim.httpUrl}/control/ring`, { method: 'POST', body: '{oops' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ error: 'Body is not valid JSON' });

    const drop = await postJson(`${sim.httpUrl}/control/drop`, {});
    expect(drop.body).toEqual({ dropped: 1 });
    expect((await alice.closed).code).toBe(1012);
  });

  it('serves the demo CRM page with escaped text', async () => {
    const sim = await start();
    for (const path of ['/', '/crm']) {
      const res = await fetch(`${sim.httpUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain('<title>Demo CRM — Contacts</title>');
      for (const text of [
        '+420 777 888 999',
        '00420 602 123 456',
        '+1 (212) 555-0142',
        '25.11.2026',
        '#20261125',
        '27074358',
        '12 990 Kč',
        'CZ65 0800 0000 1920 0014 5399',
        'href="tel:',
        'contenteditable="true"',
        '<textarea',
        'Jiří Šťastný',
      ]) {
        expect(html).toContain(text);
      }
      expect(html).toContain('Álvarez &lt;Import&gt; &amp; &quot;Export&quot;');
      expect(html).toContain('Emily O&#39;Connor');
      // One script: the "Calling now" box, which only listens to the page feed and writes text, never HTML.
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
      expect(scripts).toHaveLength(1);
      expect(scripts[0]).toContain("data.source !== 'ipbx-connect'");
      expect(scripts[0]).toContain('event.source !== window');
      expect(scripts[0]).not.toMatch(/innerHTML|postMessage|sendMessage|fetch\(/);
      expect(html).toContain('<section class="card" id="calling-now" aria-live="polite" hidden>');
    }
  });
});

describe('modes', () => {
  it('rejectAuth refuses even a valid token', async () => {
    const sim = await start({ modes: { rejectAuth: true } });
    const c = await open(sim);
    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });
    expect((await c.waitFor(event('auth'))).data).toEqual({ event: 'auth', status: 'error', message: 'Invalid token' });
    sim.setModes({ rejectAuth: false });
    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });
    await c.waitFor(event('auth', { status: 'ok' }));
  });

  it('neverAnswerAuth leaves auth unanswered; authDelayMs delays it', async () => {
    const sim = await start({ modes: { neverAnswerAuth: true } });
    const c = await open(sim);
    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });
    await sim.waitForFrame((f) => f.data?.action === 'auth');
    await sleep(200);
    expect(c.messages).toEqual([]);
    expect(sim.authenticatedCount()).toBe(0);
    await expect(sim.waitForAuthenticated(1, 100)).rejects.toThrow(
      /Timed out after 100 ms waiting for 1 authenticated/,
    );

    sim.setModes({ neverAnswerAuth: false, authDelayMs: 250 });
    const sentAt = Date.now();
    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });
    await c.waitFor(event('auth', { status: 'ok' }));
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(200);
  });

  it('dropAfterAuthMs closes each connection after its auth; dropConnections closes with 1012', async () => {
    const sim = await start({ modes: { dropAfterAuthMs: 100 } });
    const c = await login(sim, 'alice');
    const authAt = Date.now();
    expect((await c.closed).code).toBe(1012);
    expect(Date.now() - authAt).toBeGreaterThanOrEqual(80);
    expect(sim.authenticatedCount()).toBe(0);

    sim.setModes({ dropAfterAuthMs: null });
    const d = await login(sim, 'bob');
    sim.dropConnections();
    expect((await d.closed).code).toBe(1012);
  });

  it('ignorePing stops pong', async () => {
    const sim = await start({ modes: { ignorePing: true } });
    const c = await login(sim, 'alice');
    c.send({ action: 'ping' });
    await sim.waitForFrame((f) => f.data?.action === 'ping');
    await sleep(150);
    expect(c.messages.map((m) => m.data.event)).toEqual(['auth']);
    sim.setModes({ ignorePing: false });
    c.send({ action: 'ping' });
    await c.waitFor(event('pong'));
  });

  it('noHandshake accepts TCP but never answers the upgrade', async () => {
    const sim = await start({ modes: { noHandshake: true } });
    const socket: Socket = connectTcp(sim.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.write(
      'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await sleep(250);
    expect(answer).toBe('');
    expect(socket.destroyed).toBe(false);

    // A ws client times out on its own handshake.
    const ws = new WebSocket(sim.wsUrl, { handshakeTimeout: 150 });
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toMatch(/handshake/i);

    sim.setModes({ noHandshake: false });
    await login(sim, 'alice');
    socket.destroy();
  });
});

describe('robustness', () => {
  it('answers bad client input with error frames and keeps the connection and the call state', async () => {
    const sim = await start({ modes: { answerDelayMs: -1 } });
    const c = await login(sim, 'alice');
    const id = sim.ring({ from: '777888999' });
    c.send('{not json');
    c.send('[1,2,3]');
    c.send(Buffer.from([0, 1, 2, 255]));
    c.send(JSON.stringify({ action: 'ping', pad: 'x'.repeat(300 * 1024) }));
    c.send({ action: 'dance' });
    c.send({ hello: 'world' });
    c.send({ action: 'transfer', uniqueid: id, type: 'blind' });
    c.send({ action: 'ping' });
    await c.waitFor(event('pong'));
    const errors = c.messages.filter((m) => m.data.event === 'error').map((m) => m.data);
    expect(errors).toEqual([
      { event: 'error', message: 'Invalid JSON' },
      { event: 'error', message: 'Frame must be a JSON object' },
      { event: 'error', message: 'Binary frames are not supported' },
      { event: 'error', message: 'Frame too large' },
      { event: 'error', message: 'Unknown action', action: 'dance' },
      { event: 'error', message: 'Missing action' },
      { event: 'error', message: 'Invalid number', action: 'transfer' },
    ]);
    expect(c.messages.filter((m) => m.data.event === 'pong')).toHaveLength(1);
    expect(sim.calls()).toHaveLength(1);
    const binary = await sim.waitForFrame((f) => f.binary === true);
    expect(binary.data).toBeNull();
    expect(sim.received).toHaveLength(9); // auth + the 8 frames above, in order
    expect(sim.received[1]?.raw).toBe('{not json');
  });

  it('survives an oversized frame, early closes and half-open handshakes', async () => {
    const sim = await start();
    const huge = await login(sim, 'alice');
    huge.send('x'.repeat(9 * 1024 * 1024)); // over the 8 MiB payload cap: ws closes this connection (1009)
    expect((await huge.closed).code).toBe(1009);

    const early = new WebSocket(sim.wsUrl);
    early.on('error', () => {});
    early.terminate(); // closed before the handshake finished

    const raw = connectTcp(sim.port, '127.0.0.1');
    raw.on('error', () => {});
    raw.write('GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n');
    raw.destroy(); // half a request

    const plain = await fetch(`${sim.httpUrl}/ws`);
    expect(plain.status).toBe(426);
    expect((await fetch(`${sim.httpUrl}/nope`)).status).toBe(404);

    const c = await login(sim, 'bob');
    c.send({ action: 'ping' });
    await c.waitFor(event('pong'));
  });

  it('sendRaw sends text or binary to every authenticated connection, or to one user', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const bob = await login(sim, 'bob');
    const got: Buffer[] = [];
    bob.ws.on('message', (d: Buffer, isBinary: boolean) => {
      if (isBinary) got.push(d);
    });
    sim.sendRaw('{"event":"Custom","n":1}', 'alice');
    await alice.waitFor(event('Custom'));
    sim.sendRaw(Buffer.from('{"event":"pong"}'), 'bob');
    await new Promise<void>((resolve) => bob.ws.once('message', () => resolve()));
    expect(got).toHaveLength(1);
    expect(bob.messages.some((m) => m.data.event === 'Custom')).toBe(false);
    expect(() => sim.sendRaw('x', 'mallory')).toThrow(/mallory/);
  });

  it('waitForFrame resolves with past and future frames and rejects clearly on timeout', async () => {
    const sim = await start();
    const c = await login(sim, 'alice');
    const past = await sim.waitForFrame((f) => f.data?.action === 'auth', 100);
    expect(past.user).toBeNull();
    const future = sim.waitForFrame((f) => f.data?.action === 'ping');
    c.send({ action: 'ping' });
    expect((await future).user).toBe('alice');
    await expect(sim.waitForFrame(() => false, 50)).rejects.toThrow(
      /Timed out after 50 ms waiting for a matching client frame/,
    );
  });

  it('never logs tokens or passwords in full', async () => {
    const lines: string[] = [];
    const sim = await start({ log: (l) => lines.push(l) });
    const pair = await postJson(`${sim.restUrl}/v1/sso/login`, { email: 'carol@example.com', password: 'carol-pass' });
    await postJson(`${sim.restUrl}/v1/sso/refresh`, {}, { Authorization: String(pair.body.refresh_token) });
    const c = await open(sim);
    c.send({ action: 'auth', token: pair.body.access_token, identityType: 'login', identityValue: 'carol' });
    await c.waitFor(event('auth', { status: 'ok' }));
    await login(sim, 'alice');
    const all = lines.join('\n');
    expect(all).toContain('auth ok as carol');
    for (const secret of [
      'carol-pass',
      'demo-token-alice',
      String(pair.body.access_token),
      String(pair.body.refresh_token),
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('stop and restart', () => {
  it('frees the port at once: a new simulator starts on the same port and clients reconnect', async () => {
    const first = await startSimulator({});
    const port = first.port;
    const c = await TestClient.open(first.wsUrl);
    clients.push(c);
    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });
    await c.waitFor(event('auth', { status: 'ok' }));
    const pending = first.waitForFrame(() => false, 10_000);
    await first.close();
    await expect(pending).rejects.toThrow(/closed/);
    expect((await c.closed).code).toBe(1006);

    const second = await start({ port });
    expect(second.port).toBe(port);
    const again = await login(second, 'alice');
    again.send({ action: 'ping' });
    await again.waitFor(event('pong'));
    await first.close(); // idempotent
  });

  it('reports a busy port when starting', async () => {
    const sim = await start();
    await expect(startSimulator({ port: sim.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('defaults', () => {
  it('start with the documented modes and users', async () => {
    const sim = await startSimulator();
    sims.push(sim);
    expect(sim.modes).toMatchObject({
      answerDelayMs: 1500,
      tokenTtlSeconds: 3600,
      rejectAuth: false,
      numericIds: false,
      dropAfterAuthMs: null,
      noHandshake: false,
    });
    expect(sim.modes).toMatchObject({
      eventShape: 'socket',
      socketIoStyle: 'named',
      newCall: true,
      cdr: false,
      ringTimeoutMs: null,
      refreshTokenTtlSeconds: 36_000,
      restCamelCase: false,
      crmCookie: null,
    });
    expect(sim.users.map((u) => [u.login, u.line, u.email, u.token])).toEqual([
      ['alice', '444', 'alice@example.com', 'demo-token-alice'],
      ['bob', '445', 'bob@example.com', 'demo-token-bob'],
      ['carol', '446', 'carol@example.com', 'demo-token-carol'],
    ]);
    expect(sim.restUrl).toBe(`http://127.0.0.1:${sim.port}`);
    expect([sim.socketIoUrl, sim.apiUrl]).toEqual([sim.restUrl, sim.restUrl]);
    expect(sim.oauthTokenUrl).toBe(`http://127.0.0.1:${sim.port}/oauth/token`);
    expect(sim.crmLookupUrl).toBe(`http://127.0.0.1:${sim.port}/crm/lookup?phone=`);
  });
});
