/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly.
 * Robustness: bad input, oversized frames and half-open handshakes; sendRaw and waitForFrame; no secrets in the log.
 */
import { connect as connectTcp } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { event, login, open, postJson, start } from './harness.ts';

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
