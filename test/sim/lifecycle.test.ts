/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. Starting,
 * stopping and restarting: uniqueIds across a restart, the port freed at once or busy, and the documented defaults.
 */
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../sim/simulator.js';
import { clients, event, login, sims, start, TestClient } from './harness.ts';

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
