/** The Socket.IO dialect of the codec (issue 15 §3): emits out, named events or one 'event' message in. */
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  decodeSocketIoEvent,
  encodeAction,
  encodeSocketIoAction,
  MAX_FRAME_CHARS,
  SOCKET_IO_PONG,
  type ClientAction,
  type Decoded,
} from '../../src/shared/protocol.ts';

function ok(decoded: Decoded) {
  if (!decoded.ok) throw new Error(`expected the event to be accepted, got: ${decoded.reason}`);
  return decoded.event;
}

function reason(decoded: Decoded): string {
  if (decoded.ok) throw new Error(`expected the event to be dropped, got: ${JSON.stringify(decoded.event)}`);
  return decoded.reason;
}

describe('encodeSocketIoAction', () => {
  it('emits each action by its name with exactly the JSON frame’s payload (without "action")', () => {
    const actions: ClientAction[] = [
      { action: 'auth', token: 'T0K', identityType: 'login', identityValue: 'alice' },
      { action: 'originate', to: '777888999', actionid: 'a1' },
      { action: 'originate', to: '445', callerid: 'Alice <444>', actionid: 'a2' },
      { action: 'hangupcall', uniqueid: '1412256225.1940' },
      { action: 'transfer', uniqueid: '1.2', to: '445', type: 'attended', data: {} },
    ];
    for (const action of actions) {
      const [name, payload] = encodeSocketIoAction(action);
      const { action: frameName, ...framePayload } = JSON.parse(encodeAction(action)) as Record<string, unknown>;
      expect(name).toBe(frameName);
      expect(payload).toEqual(framePayload);
    }
  });

  it('writes the documented payloads', () => {
    expect(encodeSocketIoAction({ action: 'auth', token: 'T', identityType: 'line', identityValue: '444' })).toEqual([
      'auth',
      { token: 'T', identityType: 'line', identityValue: '444' },
    ]);
    expect(encodeSocketIoAction({ action: 'originate', to: '1', actionid: 'a' })).toEqual([
      'originate',
      { to: '1', actionid: 'a' },
    ]);
    expect(encodeSocketIoAction({ action: 'hangupcall', uniqueid: '9' })).toEqual(['hangupcall', { uniqueid: '9' }]);
    expect(encodeSocketIoAction({ action: 'transfer', uniqueid: '9', to: '445', type: 'blind', data: {} })).toEqual([
      'transfer',
      { uniqueid: '9', to: '445', type: 'blind', data: {} },
    ]);
  });

  it('ping has no payload; the answer to the iPBX’s ping is emit("pong")', () => {
    expect(encodeSocketIoAction({ action: 'ping' })).toEqual(['ping']);
    expect(SOCKET_IO_PONG).toEqual(['pong']);
  });
});

describe('decodeSocketIoEvent: named events', () => {
  it('the name is the event; the payload its fields, in either key spelling', () => {
    const fields = { from: '777888999', to: '444', uniqueId: '1.1', direction: 'incoming', queue: 'support' };
    const expected = ok(decodeFrame(JSON.stringify({ event: 'Ringing', ...fields })));
    expect(ok(decodeSocketIoEvent('Ringing', [fields]))).toEqual(expected);
    expect(
      ok(
        decodeSocketIoEvent('ringing', [
          { From: '777888999', To: '444', UniqueId: '1.1', Direction: 'incoming', Queue: 'support' },
        ]),
      ),
    ).toEqual(expected);
  });

  it('auth, originateresponse, pong, ping, error and the new vocabulary', () => {
    expect(ok(decodeSocketIoEvent('auth', [{ status: 'ok', line: '444' }]))).toEqual({
      event: 'auth',
      ok: true,
      line: '444',
    });
    expect(ok(decodeSocketIoEvent('auth', [{ status: 'error', message: 'Invalid token' }]))).toEqual({
      event: 'auth',
      ok: false,
      message: 'Invalid token',
    });
    expect(
      ok(decodeSocketIoEvent('originateresponse', [{ actionid: 'a1', response: 'Success', uniqueId: '2' }])),
    ).toEqual({
      event: 'originateresponse',
      actionid: 'a1',
      ok: true,
      uniqueId: '2',
    });
    expect(ok(decodeSocketIoEvent('pong', []))).toEqual({ event: 'pong' });
    expect(ok(decodeSocketIoEvent('ping', []))).toEqual({ event: 'ping' });
    expect(ok(decodeSocketIoEvent('error', [{ message: 'No such call', action: 'hangupcall' }]))).toEqual({
      event: 'error',
      message: 'No such call',
      action: 'hangupcall',
    });
    expect(ok(decodeSocketIoEvent('AgentPaused', [{ Queue: 'support', PauseName: 'Oběd' }]))).toEqual({
      event: 'agent',
      type: 'paused',
      queue: 'support',
      pauseName: 'Oběd',
    });
    expect(ok(decodeSocketIoEvent('CDR', [{ UniqueId: '1' }]))).toEqual({ event: 'cdr' });
    expect(ok(decodeSocketIoEvent('NewCall', [{ UniqueId: '1', From: null }]))).toEqual({
      event: 'call',
      type: 'newcall',
      uniqueId: '1',
      from: '',
    });
    expect(ok(decodeSocketIoEvent('Whatever', [{}]))).toEqual({ event: 'unknown', name: 'Whatever' });
  });

  it('the emitted name wins over an "event" or "EventName" inside the payload', () => {
    expect(ok(decodeSocketIoEvent('Hangup', [{ event: 'Ringing', EventName: 'Answered', uniqueId: '1' }]))).toEqual({
      event: 'call',
      type: 'hangup',
      uniqueId: '1',
    });
  });

  it('numbers become their String(): Socket.IO’s JSON.parse already lost what a number cannot hold', () => {
    const ev = ok(
      decodeSocketIoEvent('Ringing', [
        { from: 777888999, to: 444, uniqueId: 1412256225.194, direction: 'incoming', line: 444 },
      ]),
    );
    expect(ev).toEqual({
      event: 'call',
      type: 'ringing',
      uniqueId: '1412256225.194',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      line: '444',
    });
    // The source text 1412256225.1940 cannot come back: that is why an iPBX on Socket.IO must send ids as strings.
    expect(ok(decodeSocketIoEvent('Hangup', [{ uniqueId: JSON.parse('1412256225.1940') as number }]))).toMatchObject({
      uniqueId: '1412256225.194',
    });
  });

  it('keeps the tolerance rules: required fields, types, directions, anonymous callers', () => {
    expect(reason(decodeSocketIoEvent('Ringing', [{ uniqueId: '1', direction: 'incoming' }]))).toBe(
      'ringing: missing "to"',
    );
    expect(reason(decodeSocketIoEvent('Hangup', [{ uniqueId: '' }]))).toBe('hangup: empty "uniqueId"');
    expect(reason(decodeSocketIoEvent('Hangup', [{ uniqueId: true }]))).toMatch(/must be a string or number/);
    expect(reason(decodeSocketIoEvent('Ringing', [{ uniqueId: '1', to: '444', direction: 'sideways' }]))).toMatch(
      /unknown direction/,
    );
    expect(
      reason(decodeSocketIoEvent('Ringing', [{ uniqueId: '1', to: '444', direction: 'incoming', from: { n: 1 } }])),
    ).toMatch(/"from" must be/);
    expect(
      ok(decodeSocketIoEvent('Ringing', [{ uniqueId: '1', to: '444', direction: 'incoming', from: null }])),
    ).toMatchObject({ from: '' });
  });

  it('drops a payload that is not an object, binary, too large, or an event without a name', () => {
    expect(reason(decodeSocketIoEvent('Ringing', ['text']))).toBe('"Ringing" payload is not an object');
    expect(reason(decodeSocketIoEvent('Ringing', [[1, 2]]))).toBe('"Ringing" payload is not an object');
    expect(reason(decodeSocketIoEvent('Ringing', [new Uint8Array([1, 2])]))).toBe('binary payload');
    expect(reason(decodeSocketIoEvent('Ringing', [new ArrayBuffer(4)]))).toBe('binary payload');
    expect(reason(decodeSocketIoEvent('Hangup', [{ uniqueId: '1', pad: 'x'.repeat(MAX_FRAME_CHARS) }]))).toMatch(
      /too large/,
    );
    expect(reason(decodeSocketIoEvent('', [{}]))).toBe('Socket.IO event without a name');
    expect(reason(decodeSocketIoEvent(42, [{}]))).toBe('Socket.IO event without a name');
    expect(reason(decodeSocketIoEvent('Hangup', [{ uniqueId: 10n }]))).toBe('payload is not JSON');
  });
});

describe('decodeSocketIoEvent: one "event" message carrying the whole object', () => {
  it('reads the event name from "event" or "EventName" inside, in any case', () => {
    expect(ok(decodeSocketIoEvent('event', [{ event: 'Hangup', uniqueId: '1', reason: 'busy' }]))).toEqual({
      event: 'call',
      type: 'hangup',
      uniqueId: '1',
      reason: 'busy',
    });
    expect(ok(decodeSocketIoEvent('event', [{ EventName: 'AgentLogin', Queue: 'sales' }]))).toEqual({
      event: 'agent',
      type: 'login',
      queue: 'sales',
    });
    expect(ok(decodeSocketIoEvent('EVENT', [{ EventName: 'auth', Status: 'ok' }]))).toEqual({
      event: 'auth',
      ok: true,
    });
  });

  it('drops a message without an object, or an object without an event name', () => {
    expect(reason(decodeSocketIoEvent('event', []))).toBe('"event" message without an event object');
    expect(reason(decodeSocketIoEvent('event', ['Ringing']))).toBe('"event" message without an event object');
    expect(reason(decodeSocketIoEvent('event', [{ uniqueId: '1' }]))).toBe('missing "event"');
  });
});
