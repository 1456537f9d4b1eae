/**
 * The simulator's Socket.IO dialect (issue 15 §3) against the official socket.io-client: the same protocol as the
 * JSON frames, emitted as named events (or one 'event' message), and understood by the extension's own codec.
 */
import { describe, expect, it } from 'vitest';
import { decodeSocketIoEvent } from '../../src/shared/protocol.ts';
import { asData, event, IoClient, ioLogin, ioOpen, start, wsLogin } from './clients.js';

describe('Socket.IO: auth and keepalive', () => {
  it('serves /socket.io/ beside /ws: auth with a static token answers a named "auth" event', async () => {
    const sim = await start();
    const c = await ioOpen(sim);
    c.emit('auth', { token: 'demo-token-bob', identityType: 'line', identityValue: '445' });
    expect(await c.payload('auth')).toEqual({ status: 'ok', line: '445' });
    expect(sim.authenticatedCount()).toBe(1);
    const frame = await sim.waitForFrame((f) => f.transport === 'socket.io' && f.data?.action === 'auth');
    expect(frame.raw).toBe('["auth",{"token":"demo-token-bob","identityType":"line","identityValue":"445"}]');
    const state = asData(await (await fetch(`${sim.httpUrl}/control/state`)).json());
    expect(state.connections).toEqual([expect.objectContaining({ transport: 'socket.io', user: 'bob' })]);
    expect(JSON.stringify(state)).not.toContain('demo-token-bob');
  });

  it('refuses a bad token and requests before auth, with "auth" and "error" events', async () => {
    const sim = await start();
    const c = await ioOpen(sim);
    c.emit('ping');
    expect(await c.payload('error')).toEqual({ message: 'Not authenticated', action: 'ping' });
    c.emit('auth', { token: 'nope', identityType: 'login', identityValue: 'alice' });
    expect(await c.payload('auth')).toEqual({ status: 'error', message: 'Invalid token' });
    expect(sim.authenticatedCount()).toBe(0);
  });

  it('answers emit("ping") with emit("pong"), unless ignorePing', async () => {
    const sim = await start();
    const c = await ioLogin(sim, 'alice');
    c.emit('ping');
    expect((await c.waitFor((e) => e.name === 'pong')).args).toEqual([{}]);
    sim.setModes({ ignorePing: true });
    c.emit('ping');
    await sim.waitForFrame(() => sim.received.filter((x) => x.data?.action === 'ping').length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.emits.items.filter((e) => e.name === 'pong')).toHaveLength(1);
  });

  it('also works over HTTP long-polling (a Firefox event page has XHR)', async () => {
    const sim = await start();
    const c = await ioOpen(sim, ['polling']);
    c.emit('auth', { token: 'demo-token-alice', identityType: 'email', identityValue: 'alice@example.com' });
    expect(await c.payload('auth')).toEqual({ status: 'ok', line: '444' });
  });
});

describe('Socket.IO: calls', () => {
  it('originate: originateresponse, then NewCall, Ringing and Answered as named events without the event key', async () => {
    const sim = await start();
    const c = await ioLogin(sim, 'alice');
    c.emit('originate', { to: '777888999', callerid: 'Alice <444>', actionid: 'a1' });
    const response = await c.payload('originateresponse');
    expect(response).toMatchObject({ actionid: 'a1', response: 'Success' });
    const id = response.uniqueId;
    const fields = { from: '444', to: '777888999', uniqueId: id, direction: 'outgoing', line: '444' };
    expect(await c.payload('NewCall')).toEqual(fields);
    expect(await c.payload('Ringing')).toEqual(fields);
    expect(await c.payload('Answered')).toEqual(fields);
    expect(c.emits.items.map((e) => e.name)).toEqual(['auth', 'originateresponse', 'NewCall', 'Ringing', 'Answered']);

    c.emit('hangupcall', { uniqueid: id });
    expect(await c.payload('Hangup')).toEqual({ ...fields, reason: 'hangup' });
    expect(sim.calls()).toEqual([]);
  });

  it('an attended transfer completed over Socket.IO sends AttendedTransfer, then both Hangups', async () => {
    const sim = await start();
    const alice = await ioLogin(sim, 'alice');
    const id = sim.ring({ from: '+420777888999' });
    sim.answer(id);
    await alice.payload('Answered', { uniqueId: id });
    alice.emit('transfer', { uniqueid: id, to: '445', type: 'attended', data: {} });
    const consult = await alice.payload('Answered', { to: '445' });
    alice.emit('hangupcall', { uniqueid: id });
    expect(await alice.payload('AttendedTransfer')).toEqual({
      from: '+420777888999',
      to: '445',
      uniqueId: id,
      targetUniqueId: consult.uniqueId,
      direction: 'incoming',
      line: '444',
    });
    await alice.payload('Hangup', { uniqueId: consult.uniqueId, reason: 'transferred' });
    const names = alice.emits.items.map((e) => e.name);
    expect(names.indexOf('AttendedTransfer')).toBeLessThan(names.lastIndexOf('Hangup'));
  });

  it('a ring reaches the user on both transports at once; errors come as "error" events', async () => {
    const sim = await start();
    const io = await ioLogin(sim, 'alice');
    const ws = await wsLogin(sim, 'alice');
    const id = sim.ring({ from: '602123456', queue: 'support' });
    expect(await io.payload('Ringing')).toEqual({
      from: '602123456',
      to: '444',
      uniqueId: id,
      direction: 'incoming',
      line: '444',
      queue: 'support',
    });
    await ws.waitFor(event('Ringing', { uniqueId: id }));
    io.emit('hangupcall', { uniqueid: '1.2' });
    expect(await io.payload('error')).toEqual({ message: 'No such call', action: 'hangupcall' });
    io.emit('transfer', { uniqueid: id, to: '445', type: 'sideways', data: {} });
    expect(await io.payload('error', { action: 'transfer' })).toEqual({
      message: 'Invalid transfer type',
      action: 'transfer',
    });
  });
});

describe('Socket.IO: shapes and styles', () => {
  it('socketIoStyle "message": one "event" message carrying the whole object', async () => {
    const sim = await start({ modes: { socketIoStyle: 'message' } });
    const c = await ioOpen(sim);
    c.emit('auth', { token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });
    expect(await c.payload('event', { event: 'auth' })).toEqual({ event: 'auth', status: 'ok', line: '444' });
    const id = sim.ring({ from: '777888999' });
    expect(await c.payload('event', { event: 'Ringing' })).toEqual({
      event: 'Ringing',
      from: '777888999',
      to: '444',
      uniqueId: id,
      direction: 'incoming',
      line: '444',
    });
    expect(c.emits.items.every((e) => e.name === 'event')).toBe(true);
  });

  it('the webhook shape: PascalCase payloads, named or as one message with EventName', async () => {
    const sim = await start();
    const c = await ioLogin(sim, 'alice');
    const id = sim.ring({ from: '777888999', queue: 'support', shape: 'webhook' });
    expect(await c.payload('NewCall')).toEqual({
      From: '777888999',
      To: '444',
      UniqueId: id,
      Direction: 'incoming',
      Line: '444',
      Queue: 'support',
    });
    sim.setModes({ socketIoStyle: 'message' });
    sim.hangup(id, 'No user response');
    expect(await c.payload('event', { EventName: 'Hangup' })).toMatchObject({
      EventName: 'Hangup',
      UniqueId: id,
      Reason: 'No user response',
    });
  });

  it('numericIds sends ids as JS numbers: the digits a number cannot hold are lost, as docs/protocol.md says', async () => {
    const sim = await start({ clock: () => 1412256225000, modes: { numericIds: true } });
    const c = await ioLogin(sim, 'alice');
    sim.ring({ from: '777888999' });
    expect(await c.payload('Ringing')).toMatchObject({ uniqueId: 1412256225.194, from: 777888999, to: 444, line: 444 });
  });

  it('everything the simulator emits decodes with the extension’s codec, in both styles and both shapes', async () => {
    for (const socketIoStyle of ['named', 'message'] as const) {
      for (const eventShape of ['socket', 'webhook'] as const) {
        const sim = await start({ modes: { socketIoStyle, eventShape, cdr: true } });
        const c = await ioLogin(sim, 'alice');
        const id = sim.ring({ from: '777888999', queue: 'support' });
        sim.answerElsewhere(id);
        sim.agent('pause', { queue: 'support', reason: 'Oběd' });
        c.emit('ping');
        await c.waitFor((e) => e.name === 'pong' || (e.name === 'event' && asData(e.args[0]).event === 'pong'));
        const decoded = c.emits.items.map((e) => decodeSocketIoEvent(e.name, e.args));
        expect(decoded.every((d) => d.ok)).toBe(true);
        expect(decoded.map((d) => (d.ok ? d.event : null))).toEqual([
          { event: 'auth', ok: true, line: '444' },
          {
            event: 'call',
            type: 'newcall',
            uniqueId: id,
            from: '777888999',
            to: '444',
            direction: 'incoming',
            line: '444',
            queue: 'support',
          },
          {
            event: 'call',
            type: 'ringing',
            uniqueId: id,
            from: '777888999',
            to: '444',
            direction: 'incoming',
            line: '444',
            queue: 'support',
          },
          {
            event: 'call',
            type: 'hangup',
            uniqueId: id,
            from: '777888999',
            to: '444',
            direction: 'incoming',
            line: '444',
            queue: 'support',
            reason: 'Answered elsewhere',
          },
          { event: 'cdr' },
          {
            event: 'agent',
            type: 'paused',
            queue: 'support',
            pauseName: 'Oběd',
            line: '444',
            login: 'alice',
            email: 'alice@example.com',
          },
          { event: 'pong' },
        ]);
      }
    }
  });
});

describe('Socket.IO: faults', () => {
  it('answers bad emits with "error" and keeps the connection', async () => {
    const sim = await start();
    const c = await ioLogin(sim, 'alice');
    c.socket.emit('originate', 'not an object');
    expect(await c.payload('error', { message: 'Payload must be a JSON object' })).toEqual({
      message: 'Payload must be a JSON object',
      action: 'originate',
    });
    c.socket.emit('originate', Buffer.from([1, 2, 3]));
    expect(await c.payload('error', { message: 'Binary frames are not supported' })).toMatchObject({
      action: 'originate',
    });
    c.emit('originate', { to: '1', actionid: 'x', pad: 'x'.repeat(300 * 1024) });
    expect(await c.payload('error', { message: 'Frame too large' })).toMatchObject({ action: 'originate' });
    c.emit('dance', {});
    expect(await c.payload('error', { message: 'Unknown action' })).toEqual({
      message: 'Unknown action',
      action: 'dance',
    });
    c.emit('ping');
    await c.waitFor((e) => e.name === 'pong');
    expect(c.socket.connected).toBe(true);
  });

  it('dropAfterAuthMs and dropConnections disconnect Socket.IO clients too', async () => {
    const sim = await start({ modes: { dropAfterAuthMs: 50 } });
    const c = await ioLogin(sim, 'alice');
    expect(await c.disconnected).toBe('io server disconnect');
    sim.setModes({ dropAfterAuthMs: null });
    const d = await ioLogin(sim, 'alice');
    sim.dropConnections();
    expect(await d.disconnected).toBe('io server disconnect');
  });

  it('noHandshake holds the Socket.IO upgrade unanswered: the client times out', async () => {
    const sim = await start({ modes: { noHandshake: true } });
    await expect(IoClient.open(sim.socketIoUrl, ['websocket'], 300)).rejects.toThrow(/timeout/);
    sim.setModes({ noHandshake: false });
    await ioLogin(sim, 'alice');
  });

  it('emitRaw reaches only Socket.IO connections (of one user); sendRaw only WebSockets', async () => {
    const sim = await start();
    const alice = await ioLogin(sim, 'alice');
    const bob = await ioLogin(sim, 'bob');
    const ws = await wsLogin(sim, 'alice');
    sim.emitRaw('Ringing', ['garbage', 42], 'alice');
    expect((await alice.waitFor((e) => e.name === 'Ringing')).args).toEqual(['garbage', 42]);
    expect(decodeSocketIoEvent('Ringing', ['garbage', 42]).ok).toBe(false);
    sim.sendRaw('{"event":"pong"}', '444');
    await ws.waitFor(event('pong'));
    await new Promise((r) => setTimeout(r, 50));
    expect(bob.emits.items.map((e) => e.name)).toEqual(['auth']);
    expect(alice.emits.items.map((e) => e.name)).toEqual(['auth', 'Ringing']);
    expect(() => sim.emitRaw('x', [], 'nobody')).toThrow(/no user nobody/);
  });
});
