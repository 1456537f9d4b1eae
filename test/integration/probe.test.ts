/**
 * "Test connection" asks which dialect answers at the iPBX URL (issue 15 §3): the real transports against the real
 * simulator, which serves a plain WebSocket at /ws and Socket.IO at /socket.io/ on one port.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeDialects } from '../../src/background/transport/probe.ts';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { pbxUrl, realTransports, startWith, stopEngines } from './harness.ts';

let sim: Simulator;

beforeEach(async () => {
  fakeBrowser.reset();
  sim = await startSimulator();
});

afterEach(async () => {
  stopEngines();
  await sim.close();
});

describe('which dialect answers where', () => {
  it('at /ws: the plain WebSocket, and Socket.IO at its default path on the same host', async () => {
    expect(await probeDialects(sim.wsUrl, realTransports())).toEqual([
      { dialect: 'websocket', url: sim.wsUrl },
      { dialect: 'socket.io', url: pbxUrl(sim, 'socket.io') },
    ]);
  });

  it('at /socket.io/: only Socket.IO (its server refuses a plain WebSocket upgrade)', async () => {
    expect(await probeDialects(pbxUrl(sim, 'socket.io'), realTransports())).toEqual([
      { dialect: 'socket.io', url: pbxUrl(sim, 'socket.io') },
    ]);
  });

  it('where nothing listens: none', async () => {
    const url = sim.wsUrl;
    await sim.close();
    expect(await probeDialects(url, realTransports(), 2_000)).toEqual([]);
  });

  it('the engine probes the URL of its settings, and sends no token for it', async () => {
    const engine = await startWith({ pbxUrl: sim.wsUrl, identityValue: 'alice' });
    const before = sim.received.length;
    expect(await engine.probeDialects()).toEqual({
      url: sim.wsUrl,
      answered: [
        { dialect: 'websocket', url: sim.wsUrl },
        { dialect: 'socket.io', url: pbxUrl(sim, 'socket.io') },
      ],
    });
    expect(sim.received.length).toBe(before);
  });
});
