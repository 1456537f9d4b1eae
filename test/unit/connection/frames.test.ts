/**
 * The connection (src/background/connection.ts) over both dialects. Frames from the iPBX: which events reach the
 * listeners, unsubscribing, malformed frames, and what an old socket or a late token brings.
 */
import { it, expect } from 'vitest';
import type { TokenSource } from '../../../src/background/tokens.ts';
import type { PbxEvent } from '../../../src/shared/protocol.ts';
import { WIRE } from './fake-sockets.ts';
import { describeOverDialects, dialect, settle, setup, target } from './harness.ts';

describeOverDialects('Connection: frames from the iPBX', () => {
  it('passes call events to the listeners', async () => {
    const { events, connect } = setup();
    const s = await connect();
    s.receive({ event: 'Ringing', from: 777888999, to: '444', uniqueId: 1412256225.194, direction: 'INCOMING' });
    s.receive('{"event":"Hangup","uniqueId":1412256225.1940}');
    expect(events).toEqual([
      {
        event: 'call',
        type: 'ringing',
        uniqueId: '1412256225.194',
        from: '777888999',
        to: '444',
        direction: 'incoming',
      },
      // A JSON frame keeps the number's text; socket.io-client has parsed it into a double already (the documented
      // limit of the Socket.IO dialect).
      { event: 'call', type: 'hangup', uniqueId: dialect === 'websocket' ? '1412256225.1940' : '1412256225.194' },
    ]);
  });

  it('passes originateresponse and error frames; keeps pong, ping and unknown events to itself', async () => {
    const { events, connect, log } = setup();
    const s = await connect();
    s.receive({ event: 'originateresponse', actionid: 'a1', response: 'Success' });
    s.receive({ event: 'error', message: 'No such call', action: 'hangupcall' });
    s.receive({ event: 'pong' });
    s.receive({ event: 'QueueStats', calls: 3 });
    s.receive({ EventName: 'QUEUESTATS', calls: 4 });
    s.receive({ event: 'auth', status: 'ok' });
    expect(events).toEqual([
      { event: 'originateresponse', actionid: 'a1', ok: true },
      { event: 'error', message: 'No such call', action: 'hangupcall' },
    ]);
    // One line per unknown event name (any case), not one per frame.
    expect(log.info.mock.calls.filter(([m]) => m.startsWith('ignored unknown event'))).toEqual([
      ['ignored unknown event "QueueStats"'],
    ]);
  });

  it('a listener can unsubscribe', async () => {
    const { conn, connect } = setup();
    const seen: PbxEvent[] = [];
    const off = conn.onEvent((e) => seen.push(e));
    const s = await connect();
    s.receive({ event: 'Hangup', uniqueId: '1' });
    off();
    s.receive({ event: 'Hangup', uniqueId: '2' });
    expect(seen).toHaveLength(1);
  });

  it('drops a malformed frame with a logged reason and stays connected', async () => {
    const { conn, events, sockets, connect, log } = setup();
    const s = await connect();
    s.receive('this is not JSON');
    s.receive(new ArrayBuffer(4));
    s.receive({ event: 'Ringing', uniqueId: '1' });
    s.receive('[1,2,3]');
    const reasons = {
      websocket: [/^invalid JSON/, 'binary frame', 'ringing: missing "to"', 'frame is not a JSON object'],
      'socket.io': [
        '"event" message without an event object',
        'binary payload',
        'ringing: missing "to"',
        '"event" message without an event object',
      ],
    }[dialect];
    for (const reason of reasons) {
      expect(log.warn).toHaveBeenCalledWith(
        typeof reason === 'string'
          ? `dropped a frame from the iPBX: ${reason}`
          : expect.stringMatching(new RegExp(`^dropped a frame from the iPBX: ${reason.source.slice(1)}`)),
      );
    }
    expect(conn.status.state).toBe('connected');
    expect(events).toEqual([]);
    expect(sockets).toHaveLength(1);
    expect(s.closedByClient).toBeNull();

    // Still fully working afterwards.
    s.receive({ event: 'Hangup', uniqueId: '2' });
    expect(events).toHaveLength(1);
  });

  it('ignores every event of an old socket after a reconfigure', async () => {
    const { conn, sockets, socket, events, statuses } = setup();
    conn.configure(target());
    await settle();
    const old = socket();
    old.open();
    conn.configure(target({ url: 'wss://other.test/ws', identityValue: '445' }));
    await settle();
    expect(sockets).toHaveLength(2);
    expect(old.closedByClient).not.toBeNull();
    const fresh = socket();
    expect(fresh.url).toBe(WIRE[dialect].url('wss://other.test/ws'));

    const before = statuses.length;
    old.open();
    old.receive({ event: 'auth', status: 'ok', line: '444' });
    old.receive({ event: 'Hangup', uniqueId: '1' });
    old.receive({ action: 'ping' });
    old.serverClose(1006);
    expect(statuses).toHaveLength(before);
    expect(conn.status.state).toBe('connecting');
    expect(events).toEqual([]);

    fresh.open();
    expect(fresh.frames()[0]).toMatchObject({ action: 'auth', identityValue: '445' });
    fresh.receive({ event: 'auth', status: 'ok', line: '445' });
    expect(conn.status).toMatchObject({ state: 'connected', line: '445' });
  });

  it('ignores a token that arrives after the settings changed', async () => {
    let release: (t: string) => void = () => {};
    const slow: TokenSource = {
      current: () => new Promise<string>((resolve) => (release = resolve)),
      renew: async () => false,
      refreshIfDue: async () => {},
    };
    const { conn, sockets } = setup();
    conn.configure(target({ tokens: slow }));
    conn.configure({ problem: 'cfgNoUrl' });
    release('late');
    await settle();
    expect(sockets).toHaveLength(0);
    expect(conn.status.state).toBe('misconfigured');
  });
});
