/**
 * The background engine against the real simulator over real WebSockets (ws) and real HTTP (the REST sign-in).
 * Only the browser API is fake (@webext-core/fake-browser): storage, badge and notifications.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it } from 'vitest';
import { ITEMS } from '../../src/shared/storage/items.ts';
import {
  aliceSignIn,
  connected,
  connectionLog,
  DIALECTS,
  logs,
  newEngine,
  pbxUrl,
  sendEvent,
  simulatorPerTest,
  startWith,
  storage,
  until,
} from './harness.ts';
import type { Simulator } from '../../sim/simulator.ts';

let sim: Simulator;

simulatorPerTest(
  (s) => {
    sim = s;
  },
  () => sim,
);

describe.each(DIALECTS)('engine against the simulator over %s', (dialect) => {
  const at = () => ({ pbxUrl: pbxUrl(sim, dialect), transport: dialect });
  const alice = () => ({ ...at(), token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });

  it('connects, authenticates and learns its line', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    expect(engine.connection.status.line).toBe('444');
    expect(sim.received[0]?.data).toEqual({
      action: 'auth',
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: 'alice',
    });
    // The token never reaches the log.
    expect(logs.join('\n')).not.toContain('demo-token-alice');
  });

  it('is misconfigured, with the reason, until the settings are complete', async () => {
    const engine = await startWith({ ...at(), identityValue: 'alice' });
    expect(engine.connection.status).toMatchObject({ state: 'misconfigured', reason: 'cfgNoAuth' });
    await expect(engine.originate('777888999')).rejects.toMatchObject({ code: 'cfgNoAuth' });
    engine.applySettings({ ...engine.settings, token: 'demo-token-alice' });
    await connected(engine);
  });

  it('originates: pairs actionid with originateresponse and follows the call events', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    const result = await engine.originate('777888999');
    expect(result.uniqueId).toMatch(/^\d+\.\d+$/);
    const frame = await sim.waitForFrame((f) => f.data?.action === 'originate');
    expect(frame.data).toMatchObject({ action: 'originate', to: '777888999' });
    expect(typeof frame.data?.actionid).toBe('string');
    const call = await until(
      () => engine.calls.calls.get(result.uniqueId!),
      (c) => c?.state === 'answered',
      'answered call',
    );
    expect(call).toMatchObject({ direction: 'outgoing', from: '444', to: '777888999' });
  });

  it('rejects an invalid dial string before anything is sent', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    await expect(engine.originate('call me')).rejects.toMatchObject({ code: 'errInvalidNumber' });
    expect(sim.received.some((f) => f.data?.action === 'originate')).toBe(false);
  });

  it('queues a request made while authenticating and sends it after auth', async () => {
    sim.setModes({ authDelayMs: 300 });
    const engine = await startWith(alice());
    await until(
      () => engine.connection.status.state,
      (s) => s === 'authenticating',
      'authenticating',
    );
    const result = await engine.originate('602123456');
    expect(result.uniqueId).toBeDefined();
    const authAt = sim.received.findIndex((f) => f.data?.action === 'auth');
    const originateAt = sim.received.findIndex((f) => f.data?.action === 'originate');
    expect(originateAt).toBeGreaterThan(authAt);
  });

  // On a WebSocket the iPBX may write ids as bare JSON numbers; on Socket.IO they must be strings (the documented
  // limit: socket.io-client parses numbers into doubles before the codec sees them).
  it(`hangs up with the uniqueId exactly as the iPBX wrote it${dialect === 'websocket' ? ', even as a JSON number' : ''}`, async () => {
    sim.setModes({ numericIds: dialect === 'websocket' });
    const engine = await startWith(alice());
    await connected(engine);
    const uniqueId = sim.ring({ from: '777888999', line: '444' });
    await until(
      () => engine.calls.calls.get(uniqueId),
      (c) => c !== undefined,
      'ringing call',
    );
    const ringing = sim.received.length;
    await engine.hangup(uniqueId);
    const frame = await sim.waitForFrame((f) => f.data?.action === 'hangupcall');
    expect(sim.received.indexOf(frame)).toBeGreaterThanOrEqual(ringing);
    expect(frame.raw).toContain(`"uniqueid":"${uniqueId}"`);
    await until(
      () => engine.calls.calls.get(uniqueId),
      (c) => c === undefined,
      'call gone',
    );
  });

  it('reports the iPBX refusing a hangup of a call it does not know', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    // A call our view still shows but the iPBX has already forgotten (its Hangup was lost).
    const ghost = '1412256225.1999';
    engine.calls = {
      ...engine.calls,
      calls: new Map([
        [
          ghost,
          {
            uniqueId: ghost,
            from: '777888999',
            to: '444',
            direction: 'incoming',
            state: 'ringing',
            startedAt: Date.now(),
          },
        ],
      ]),
    };
    await expect(engine.hangup(ghost)).rejects.toMatchObject({ code: 'errNoSuchCall' });
  });

  it('sends blind and attended transfers', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    const first = sim.ring({ from: '777888999', line: '444' });
    sim.answer(first);
    await until(
      () => engine.calls.calls.get(first)?.state,
      (s) => s === 'answered',
      'answered',
    );
    await engine.transfer(first, '445', 'blind');
    expect((await sim.waitForFrame((f) => f.data?.action === 'transfer')).data).toEqual({
      action: 'transfer',
      uniqueid: first,
      to: '445',
      type: 'blind',
      data: {},
    });
    await until(
      () => engine.calls.calls.get(first),
      (c) => c === undefined,
      'blind-transferred call gone',
    );

    const second = sim.ring({ from: '602123456', line: '444' });
    sim.answer(second);
    await until(
      () => engine.calls.calls.get(second)?.state,
      (s) => s === 'answered',
      'answered',
    );
    await engine.transfer(second, '446', 'attended');
    const consultation = await until(
      () => [...engine.calls.calls.values()].find((c) => c.uniqueId !== second),
      (c) => c !== undefined,
      'consultation call',
    );
    expect(consultation).toMatchObject({ to: '446', direction: 'outgoingLocal' });
  });

  it('fails auth with a wrong token, says why, and does not retry', async () => {
    const engine = await startWith({ ...alice(), token: 'wrong' });
    await until(
      () => engine.connection.status.state,
      (s) => s === 'auth-failed',
      'auth-failed',
    );
    expect(engine.connection.status).toMatchObject({ reason: 'reasonAuthRejected', detail: 'Invalid token' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sim.received.filter((f) => f.data?.action === 'auth')).toHaveLength(1);
  });

  it('reconnects when a new identity is saved', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    engine.applySettings({ ...engine.settings, token: 'demo-token-bob', identityValue: 'bob' });
    await until(
      () => engine.connection.status.line,
      (l) => l === '445',
      'line 445',
    );
    expect(sim.authenticatedCount()).toBe(1);
  });

  it('drops malformed frames with a logged reason and keeps the connection and the calls', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    const uniqueId = sim.ring({ from: '777888999', line: '444' });
    await until(
      () => engine.calls.calls.get(uniqueId),
      (c) => c !== undefined,
      'ringing call',
    );
    if (dialect === 'websocket') {
      sim.sendRaw('{not json');
      sim.sendRaw(Buffer.from([1, 2, 3]));
      sim.sendRaw('{"event":"Ringing","uniqueId":true}');
      sim.sendRaw('x'.repeat(300_000));
    } else {
      sim.emitRaw('Ringing', ['not an object']);
      sim.emitRaw('Ringing', [Buffer.from([1, 2, 3])]);
      sim.emitRaw('Ringing', [{ uniqueId: true }]);
      sim.emitRaw('Ringing', [{ junk: 'x'.repeat(300_000) }]);
    }
    sendEvent(sim, dialect, { event: 'Hangup' });
    sendEvent(sim, dialect, { event: 'SomethingNew', x: 1 });
    await until(
      () => logs.filter((l) => l.includes('dropped a frame')).length,
      (n) => n >= 5,
      'five dropped frames',
    );
    expect(engine.connection.status.state).toBe('connected');
    expect([...engine.calls.calls.keys()]).toEqual([uniqueId]);
    sim.hangup(uniqueId);
    await until(
      () => engine.calls.calls.size,
      (n) => n === 0,
      'call gone',
    );
  });

  it('restores the active calls of a stopped worker from storage.session', async () => {
    const first = await startWith(alice());
    await connected(first);
    const uniqueId = sim.ring({ from: '777888999', line: '444' });
    await until(
      () => first.calls.calls.get(uniqueId),
      (c) => c !== undefined,
      'ringing call',
    );
    await first.flushed();
    first.connection.stop();
    expect((await fakeBrowser.storage.session.get('callState')).callState).toBeDefined();

    const second = newEngine();
    await second.start();
    expect(second.calls.calls.get(uniqueId)).toMatchObject({ from: '777888999', state: 'ringing' });
    await connected(second);
    sim.hangup(uniqueId);
    await until(
      () => second.calls.calls.get(uniqueId),
      (c) => c === undefined,
      'call gone after restart',
    );
  });

  it('a worker stopped right after a ring, without a flush, still restores the call as ringing (NewCall and Ringing are written together)', async () => {
    const first = await startWith(alice());
    await connected(first);
    const uniqueId = sim.ring({ from: '777888999', line: '444' });
    await until(
      () => first.calls.calls.get(uniqueId)?.state,
      (s) => s === 'ringing',
      'ringing call',
    );
    // Well inside the 1 s gap between writes under a flood, and with no flushed(): what a stopped worker leaves.
    await new Promise((r) => setTimeout(r, 200));
    first.connection.stop();

    const second = newEngine();
    await second.start();
    expect(second.calls.calls.get(uniqueId)).toMatchObject({ from: '777888999', state: 'ringing' });
  });

  it('signs in through the REST API, never stores the password, and refreshes an expired token before telling the user', async () => {
    const restUrl = sim.restUrl;
    const engine = await startWith({
      ...at(),
      restUrl,
      identityType: 'email',
      identityValue: 'alice@example.com',
    });
    await until(
      () => engine.connection.status.state,
      (s) => s === 'auth-failed',
      'auth-failed',
    );
    expect(engine.connection.status.reason).toBe('reasonNotSignedIn');
    await engine.signIn(aliceSignIn({ restUrl }));
    await connected(engine);
    const everything = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(everything).not.toContain('alice-pass');
    // The tokens are in the background's own store, not in storage.local (which Firefox lets content scripts read).
    expect(everything).not.toContain('accessToken');
    const stored = await storage.get(ITEMS.restTokens);
    if (!stored) throw new Error('no tokens stored');
    expect(stored.accessToken).toBeTruthy();
    expect(everything).not.toContain(stored.accessToken);
    expect(JSON.stringify(stored)).not.toContain('alice-pass');

    // The iPBX now refuses that token (expired early): the engine refreshes once and reconnects without the user.
    sim.setModes({ tokenTtlSeconds: 3600 });
    sim.expireTokens();
    sim.dropConnections();
    await until(
      () => sim.received.filter((f) => f.data?.action === 'auth').length,
      (n) => n >= 3,
      'a second and third auth',
      10_000,
    );
    await connected(engine);
    const renewed = await storage.get(ITEMS.restTokens);
    expect(renewed?.accessToken).toBeTruthy();
    expect(renewed?.accessToken).not.toBe(stored.accessToken);
  });

  it('logs the frames both ways and the status changes, with the token redacted', async () => {
    const engine = await startWith(alice());
    await connected(engine);
    const id = sim.ring({ from: '777888999', line: '444' });
    await until(
      () => engine.calls.calls.get(id),
      (c) => c !== undefined,
      'ringing call',
    );
    const entries = connectionLog.entries();
    expect(JSON.stringify(entries)).not.toContain('demo-token-alice');
    const auth = entries.find((e) => e.kind === 'out' && e.text.includes('auth'));
    expect(auth).toMatchObject({ dialect });
    expect(auth?.text).toContain('"token":"***"');
    expect(auth?.text).toContain('"identityValue":"alice"');
    expect(entries.some((e) => e.kind === 'in' && e.dialect === dialect && e.text.includes(id))).toBe(true);
    expect(entries.filter((e) => e.kind === 'status').map((e) => e.text)).toEqual([
      `Connecting… (${dialect})`,
      `Signing in… (${dialect})`,
      `Connected, line 444 (${dialect})`,
    ]);
  });

  it('signing out wipes the pasted token and the REST tokens', async () => {
    const engine = await startWith({ ...alice(), restUrl: sim.restUrl });
    await connected(engine);
    await engine.signIn(aliceSignIn({ restUrl: sim.restUrl }));
    expect(await storage.get(ITEMS.restTokens)).not.toBeNull();
    await engine.signOut();
    expect(await storage.has(ITEMS.restTokens)).toBe(false);
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored.restTokens).toBeUndefined();
    expect((stored.settings as { token: string }).token).toBe('');
    expect(JSON.stringify(stored)).not.toContain('demo-token-alice');
  });

  it('moves REST tokens an earlier version left in storage.local into its own store, and signs in with them', async () => {
    const settings = {
      ...at(),
      restUrl: sim.restUrl,
      identityType: 'email',
      identityValue: 'alice@example.com',
    };
    const first = await startWith(settings);
    await first.signIn(aliceSignIn({ restUrl: sim.restUrl }));
    await connected(first);
    // What an earlier build kept: the same tokens under storage.local's restTokens, and nothing in the new store.
    const tokens = await storage.get(ITEMS.restTokens);
    expect(tokens).not.toBeNull();
    await fakeBrowser.storage.local.set({ restTokens: tokens });
    await storage.remove(ITEMS.restTokens);
    first.connection.stop();

    const second = newEngine();
    await second.start();
    await connected(second);
    expect(await storage.get(ITEMS.restTokens)).toEqual(tokens);
    expect((await fakeBrowser.storage.local.get('restTokens')).restTokens).toBeUndefined();
  });

  it('says the REST sign-in was refused with the iPBX message', async () => {
    const engine = await startWith({
      ...at(),
      restUrl: sim.restUrl,
      identityType: 'login',
      identityValue: 'alice',
    });
    await expect(engine.signIn(aliceSignIn({ restUrl: sim.restUrl, password: 'wrong' }))).rejects.toMatchObject({
      code: 'rejected',
    });
  });
});
