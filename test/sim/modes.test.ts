/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. Fault
 * modes: refused or unanswered auth, dropped connections, no pong, no WebSocket handshake.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { event, login, open, sleep, start } from './harness.ts';

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
