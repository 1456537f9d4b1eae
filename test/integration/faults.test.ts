/**
 * A misbehaving iPBX and a flaky network, against the real engine: every case ends with the engine responsive, the
 * connection recovered where possible, the call list correct, and nothing thrown.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { connected, DIALECTS, logs, newEngine, pbxUrl, sendEvent, startWith, stopEngines, until } from './harness.ts';

let sim: Simulator;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeEach(async () => {
  fakeBrowser.reset();
  logs.length = 0;
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  sim = await startSimulator({ modes: { answerDelayMs: 100 } });
});

afterEach(async () => {
  stopEngines();
  await sim.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe.each(DIALECTS)('over %s', (dialect) => {
  const alice = () => ({
    pbxUrl: pbxUrl(sim, dialect),
    transport: dialect,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
  });
  const raw = (frame: Record<string, unknown>) => sendEvent(sim, dialect, frame);

  describe('a hostile or broken iPBX', () => {
    it('a 10 MB frame is dropped unparsed; the connection and the calls stay', async () => {
      const engine = await startWith(alice());
      await connected(engine);
      const id = sim.ring({ from: '777888999', line: '444' });
      await until(
        () => engine.calls.calls.get(id),
        (c) => c !== undefined,
        'call',
      );
      const junk = 'x'.repeat(10 * 1024 * 1024);
      if (dialect === 'websocket') sim.sendRaw(`{"event":"Ringing","junk":"${junk}"}`);
      else sim.emitRaw('Ringing', [{ junk }]);
      await until(() => logs.some((l) => l.includes('too large')), Boolean, 'the drop logged');
      expect(engine.connection.status.state).toBe('connected');
      expect([...engine.calls.calls.keys()]).toEqual([id]);
    });

    it('Hangup before Ringing, duplicates and reordering leave no ghost calls', async () => {
      const engine = await startWith(alice());
      await connected(engine);
      const call = { from: '777888999', to: '444', direction: 'incoming', line: '444' };
      raw({ event: 'Hangup', uniqueId: 'a.1' });
      raw({ event: 'Ringing', uniqueId: 'a.1', ...call });
      raw({ event: 'Answered', uniqueId: 'a.1', ...call });
      raw({ event: 'Ringing', uniqueId: 'b.1', ...call });
      raw({ event: 'Ringing', uniqueId: 'b.1', ...call });
      raw({ event: 'Answered', uniqueId: 'b.1' });
      raw({ event: 'Ringing', uniqueId: 'b.1', ...call });
      raw({ event: 'HANGUP', uniqueId: 'b.1' });
      raw({ event: 'hangup', uniqueId: 'b.1' });
      raw({ event: 'Answered', uniqueId: 'c.1', ...call });
      await until(
        () => engine.calls.calls.get('c.1'),
        (c) => c !== undefined,
        'last event applied',
      );
      expect([...engine.calls.calls.keys()]).toEqual(['c.1']);
      expect(engine.calls.calls.get('c.1')?.state).toBe('answered');
    });

    it("ignores another line's events", async () => {
      const engine = await startWith(alice());
      await connected(engine);
      raw({ event: 'Ringing', uniqueId: 'o.1', from: '777888999', to: '999', direction: 'incoming', line: '999' });
      const mine = sim.ring({ from: '602123456', line: '444' });
      await until(
        () => engine.calls.calls.get(mine),
        (c) => c !== undefined,
        'own call',
      );
      expect(engine.calls.calls.get('o.1')).toBeUndefined();
      expect(logs.some((l) => l.includes('event for line 999'))).toBe(true);
    });

    it('auth never answered: times out, tells the user, and retries until it works', async () => {
      sim.setModes({ neverAnswerAuth: true });
      const engine = await startWith(alice());
      await until(
        () => engine.connection.status.reason,
        (r) => r === 'reasonAuthTimeout',
        'auth timeout',
        5_000,
      );
      expect(engine.connection.status.state).toBe('disconnected');
      expect(engine.connection.status.retryAt).toBeGreaterThan(Date.now() - 1_000);
      sim.setModes({ neverAnswerAuth: false });
      await connected(engine, 10_000);
    });

    it('the socket closed during auth is reported and retried', async () => {
      sim.setModes({ authDelayMs: 500 });
      const engine = await startWith(alice());
      await until(
        () => engine.connection.status.state,
        (s) => s === 'authenticating',
        'authenticating',
      );
      sim.dropConnections();
      await until(
        () => engine.connection.status.reason,
        (r) => r === 'reasonClosedDuringAuth',
        'closed during auth',
      );
      sim.setModes({ authDelayMs: 0 });
      await connected(engine, 10_000);
    });

    it('a server that accepts TCP but never completes the handshake times out and is retried', async () => {
      sim.setModes({ noHandshake: true });
      const engine = await startWith(alice());
      await until(
        () => engine.connection.status.reason,
        (r) => r === 'reasonHandshakeTimeout',
        'handshake timeout',
        5_000,
      );
      sim.setModes({ noHandshake: false });
      await connected(engine, 10_000);
    });

    it('a dropped connection comes back by itself and keeps the calls', async () => {
      const engine = await startWith(alice());
      await connected(engine);
      const id = sim.ring({ from: '777888999', line: '444' });
      await until(
        () => engine.calls.calls.get(id),
        (c) => c !== undefined,
        'call',
      );
      sim.dropConnections();
      await until(
        () => engine.connection.status.reason,
        (r) => r === 'reasonConnectionLost',
        'lost',
      );
      await connected(engine, 10_000);
      expect(engine.calls.calls.get(id)).toBeDefined();
      sim.hangup(id);
      await until(
        () => engine.calls.calls.get(id),
        (c) => c === undefined,
        'hung up after reconnect',
      );
    });
  });

  describe('the browser and the worker', () => {
    it('offline waits without retrying; online reconnects at once', async () => {
      const engine = await startWith(alice());
      await connected(engine);
      engine.connection.setOnline(false);
      expect(engine.connection.status).toMatchObject({ state: 'disconnected', reason: 'reasonOffline' });
      const auths = sim.received.filter((f) => f.data?.action === 'auth').length;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(sim.received.filter((f) => f.data?.action === 'auth').length).toBe(auths);
      engine.connection.setOnline(true);
      await connected(engine);
    });

    it('a worker stopped during an attended transfer still shows the consultation after restart', async () => {
      const first = await startWith(alice());
      await connected(first);
      const id = sim.ring({ from: '777888999', line: '444' });
      sim.answer(id);
      await until(
        () => first.calls.calls.get(id)?.state,
        (s) => s === 'answered',
        'answered',
      );
      await first.transfer(id, '445', 'attended');
      await until(
        () => first.consultations[0]?.consultId,
        (c) => c !== undefined,
        'consultation call',
      );
      await first.flushed();
      first.connection.stop();
      expect((await fakeBrowser.storage.session.get('consultations')).consultations).toBeDefined();

      const second = newEngine();
      await second.start();
      expect(second.snapshot().consultations).toEqual([expect.objectContaining({ uniqueId: id, to: '445' })]);
      await connected(second);
      // Completing works from the new worker: hanging up the original call.
      await second.hangup(id);
      await until(
        () => second.consultations.length,
        (n) => n === 0,
        'consultation ended',
      );
    });

    it('a worker stopped while an originate awaits its response: the call still shows up from its events', async () => {
      const first = await startWith(alice());
      await connected(first);
      // The far end answers after the new worker is up (as a person would, seconds later); the Ringing goes to the
      // stopped one and is lost.
      sim.setModes({ answerDelayMs: 1_500 });
      const pending = first.originate('777888999');
      first.connection.stop();
      await expect(pending).rejects.toBeDefined();
      const second = newEngine();
      await second.start();
      await connected(second);
      // Nothing was lost or doubled: the one originate that was sent.
      expect(sim.received.filter((f) => f.data?.action === 'originate').map((f) => f.data?.to)).toEqual(['777888999']);
      expect(second.connection.status.state).toBe('connected');
      // The call the originate placed reaches the new worker from its events, with its parties.
      const call = await until(
        () => [...second.calls.calls.values()].find((c) => c.to === '777888999'),
        (c) => c !== undefined,
        'the originated call in the second engine',
      );
      expect(call).toMatchObject({ from: '444', to: '777888999', direction: 'outgoing', state: 'answered' });
      expect([...second.calls.calls.keys()]).toEqual([call!.uniqueId]);
    });
  });
});
