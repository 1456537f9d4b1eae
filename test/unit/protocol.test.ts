import { describe, it, expect } from 'vitest';
import {
  decodeFrame,
  describeAction,
  encodeAction,
  MAX_FRAME_CHARS,
  PONG_FRAME,
  type CallEvent,
  type ClientAction,
  type Decoded,
  type PbxEvent,
} from '../../src/shared/protocol.ts';

/** Decodes a frame that must be accepted and returns its event. */
function decodeOk(data: unknown): PbxEvent {
  const decoded = decodeFrame(data);
  if (!decoded.ok) throw new Error(`expected the frame to be accepted, got: ${decoded.reason}`);
  return decoded.event;
}

/** Decodes a frame that must be dropped and returns the reason. */
function decodeFail(data: unknown): string {
  const decoded: Decoded = decodeFrame(data);
  if (decoded.ok) throw new Error(`expected the frame to be dropped, got: ${JSON.stringify(decoded.event)}`);
  return decoded.reason;
}

function decodeCall(data: string): CallEvent {
  const ev = decodeOk(data);
  if (ev.event !== 'call') throw new Error(`expected a call event, got ${ev.event}`);
  return ev;
}

describe('encodeAction', () => {
  it('encodes auth with the token and identity', () => {
    const frame = encodeAction({ action: 'auth', token: 'T0K', identityType: 'line', identityValue: '444' });
    expect(JSON.parse(frame)).toEqual({ action: 'auth', token: 'T0K', identityType: 'line', identityValue: '444' });
  });

  it('encodes originate with and without callerid', () => {
    expect(encodeAction({ action: 'originate', to: '777888999', actionid: 'a1' })).toBe(
      '{"action":"originate","to":"777888999","actionid":"a1"}',
    );
    expect(
      JSON.parse(encodeAction({ action: 'originate', to: '445', callerid: 'Jana <444>', actionid: 'a2' })),
    ).toEqual({
      action: 'originate',
      to: '445',
      callerid: 'Jana <444>',
      actionid: 'a2',
    });
  });

  it('writes "uniqueid" (lower case) in hangupcall and transfer', () => {
    expect(encodeAction({ action: 'hangupcall', uniqueid: '1412256225.1941' })).toBe(
      '{"action":"hangupcall","uniqueid":"1412256225.1941"}',
    );
    expect(encodeAction({ action: 'transfer', uniqueid: '1.2', to: '445', type: 'attended', data: {} })).toBe(
      '{"action":"transfer","uniqueid":"1.2","to":"445","type":"attended","data":{}}',
    );
  });

  it('encodes the keepalive ping, and the pong frame is exact', () => {
    expect(encodeAction({ action: 'ping' })).toBe('{"action":"ping"}');
    expect(PONG_FRAME).toBe('{"event":"pong"}');
  });
});

describe('decodeFrame: every event kind', () => {
  it('auth ok, with and without line', () => {
    expect(decodeOk('{"event":"auth","status":"ok","line":"444"}')).toEqual({ event: 'auth', ok: true, line: '444' });
    expect(decodeOk('{"event":"auth","status":"ok"}')).toEqual({ event: 'auth', ok: true });
  });

  it('auth error, with and without message', () => {
    expect(decodeOk('{"event":"auth","status":"error","message":"bad token"}')).toEqual({
      event: 'auth',
      ok: false,
      message: 'bad token',
    });
    expect(decodeOk('{"event":"auth","status":"error"}')).toEqual({ event: 'auth', ok: false, message: '' });
  });

  it('auth status is case-insensitive', () => {
    expect(decodeOk('{"event":"AUTH","status":"OK"}')).toEqual({ event: 'auth', ok: true });
    expect(decodeOk('{"event":"Auth","status":"Error","message":"x"}')).toEqual({
      event: 'auth',
      ok: false,
      message: 'x',
    });
  });

  it('originateresponse Success and Error, with message and uniqueId', () => {
    expect(decodeOk('{"event":"originateresponse","actionid":"a1","response":"Success","uniqueId":"17.5"}')).toEqual({
      event: 'originateresponse',
      actionid: 'a1',
      ok: true,
      uniqueId: '17.5',
    });
    expect(decodeOk('{"event":"OriginateResponse","actionid":"a2","response":"Error","message":"Busy"}')).toEqual({
      event: 'originateresponse',
      actionid: 'a2',
      ok: false,
      message: 'Busy',
    });
  });

  it('Ringing with every field', () => {
    expect(
      decodeOk(
        '{"event":"Ringing","from":"777888999","to":"444","uniqueId":"1412256225.1940","direction":"incoming","line":"444","queue":"support"}',
      ),
    ).toEqual({
      event: 'call',
      type: 'ringing',
      uniqueId: '1412256225.1940',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      line: '444',
      queue: 'support',
    });
  });

  it('Answered and Hangup (Hangup with a reason)', () => {
    expect(decodeOk('{"event":"Answered","from":"1","to":"2","uniqueId":"9","direction":"outgoing"}')).toEqual({
      event: 'call',
      type: 'answered',
      uniqueId: '9',
      from: '1',
      to: '2',
      direction: 'outgoing',
    });
    expect(decodeOk('{"event":"Hangup","uniqueId":"9","reason":"normal"}')).toEqual({
      event: 'call',
      type: 'hangup',
      uniqueId: '9',
      reason: 'normal',
    });
  });

  it('pong, error (with and without action)', () => {
    expect(decodeOk('{"event":"pong"}')).toEqual({ event: 'pong' });
    expect(decodeOk('{"event":"error","message":"No such call","action":"hangupcall"}')).toEqual({
      event: 'error',
      message: 'No such call',
      action: 'hangupcall',
    });
    expect(decodeOk('{"event":"error","message":"oops"}')).toEqual({ event: 'error', message: 'oops' });
    expect(decodeOk('{"event":"error"}')).toEqual({ event: 'error', message: '' });
  });

  it('a server ping {"action":"ping"} becomes {event:"ping"} (any case)', () => {
    expect(decodeOk('{"action":"ping"}')).toEqual({ event: 'ping' });
    expect(decodeOk('{"action":"PING"}')).toEqual({ event: 'ping' });
  });

  it('unknown events become {event:"unknown"} with the original name', () => {
    expect(decodeOk('{"event":"QueueMemberStatus","foo":1}')).toEqual({ event: 'unknown', name: 'QueueMemberStatus' });
  });

  it('truncates the name of an unknown event', () => {
    const ev = decodeOk(JSON.stringify({ event: 'x'.repeat(500) }));
    expect(ev).toEqual({ event: 'unknown', name: 'x'.repeat(60) });
  });
});

describe('decodeFrame: tolerance rules', () => {
  it('event names are case-insensitive', () => {
    expect(decodeCall('{"event":"RINGING","from":"1","to":"2","uniqueId":"u","direction":"incoming"}').type).toBe(
      'ringing',
    );
    expect(decodeCall('{"event":"ringing","from":"1","to":"2","uniqueId":"u","direction":"incoming"}').type).toBe(
      'ringing',
    );
    expect(decodeCall('{"event":"ANSWERED","uniqueId":"u"}').type).toBe('answered');
    expect(decodeCall('{"event":"hangUP","uniqueId":"u"}').type).toBe('hangup');
    expect(decodeOk('{"event":"PONG"}')).toEqual({ event: 'pong' });
  });

  it.each([
    ['incominglocal', 'incomingLocal'],
    ['INCOMINGLOCAL', 'incomingLocal'],
    ['OutgoingLocal', 'outgoingLocal'],
    ['INCOMING', 'incoming'],
    ['Outgoing', 'outgoing'],
  ] as const)('direction %s is read as %s', (raw, expected) => {
    const ev = decodeCall(JSON.stringify({ event: 'Ringing', from: '1', to: '2', uniqueId: 'u', direction: raw }));
    expect(ev.direction).toBe(expected);
  });

  it('keeps a numeric uniqueId as its exact source text', () => {
    const ev = decodeCall('{"event":"Hangup","uniqueId": 1412256225.1940}');
    expect(ev.uniqueId).toBe('1412256225.1940');
  });

  it('keeps numeric from, to and line as source text', () => {
    const ev = decodeCall(
      '{"event":"Ringing","from":777888999,"to":444,"uniqueId":1.10,"direction":"incoming","line":444}',
    );
    expect(ev).toEqual({
      event: 'call',
      type: 'ringing',
      uniqueId: '1.10',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      line: '444',
    });
  });

  it('keeps integers beyond 2^53 exact', () => {
    const ev = decodeCall(
      '{"event":"Ringing","from":9007199254740993,"to":12345678901234567890,"uniqueId":18446744073709551617,"direction":"outgoing"}',
    );
    expect(ev.from).toBe('9007199254740993');
    expect(ev.to).toBe('12345678901234567890');
    expect(ev.uniqueId).toBe('18446744073709551617');
  });

  it('keeps a numeric auth line and originateresponse uniqueId as text', () => {
    expect(decodeOk('{"event":"auth","status":"ok","line":444}')).toEqual({ event: 'auth', ok: true, line: '444' });
    const ev = decodeOk(
      '{"event":"originateresponse","actionid":"a1","response":"Success","uniqueId":1412256225.1940}',
    );
    expect(ev).toMatchObject({ uniqueId: '1412256225.1940' });
  });

  it('re-encoding a hangupcall with a numeric id yields the exact source text', () => {
    const ev = decodeCall('{"event":"Ringing","from":"1","to":"2","uniqueId":1412256225.1940,"direction":"incoming"}');
    const frame = encodeAction({ action: 'hangupcall', uniqueid: ev.uniqueId });
    expect(frame).toContain('"uniqueid":"1412256225.1940"');
    expect(frame).toBe('{"action":"hangupcall","uniqueid":"1412256225.1940"}');
  });

  it('ignores unknown fields', () => {
    const ev = decodeOk(
      '{"event":"Ringing","from":"1","to":"2","uniqueId":"u","direction":"incoming","extra":{"deep":[1,2]},"channel":"SIP/1"}',
    );
    expect(ev).toEqual({ event: 'call', type: 'ringing', uniqueId: 'u', from: '1', to: '2', direction: 'incoming' });
  });

  it('accepts Answered and Hangup without from, to and direction (an Answered without from is anonymous)', () => {
    expect(decodeOk('{"event":"Answered","uniqueId":"u"}')).toEqual({
      event: 'call',
      type: 'answered',
      uniqueId: 'u',
      from: '',
    });
    expect(decodeOk('{"event":"Hangup","uniqueId":"u"}')).toEqual({ event: 'call', type: 'hangup', uniqueId: 'u' });
  });

  it('reads an anonymous caller ("from": null or no from) as from "" on Ringing and Answered', () => {
    const anonymous = { event: 'call', type: 'ringing', uniqueId: 'u', from: '', to: '444', direction: 'incoming' };
    expect(decodeOk('{"event":"Ringing","from":null,"to":"444","uniqueId":"u","direction":"incoming"}')).toEqual(
      anonymous,
    );
    expect(decodeOk('{"event":"RINGING","to":"444","uniqueId":"u","direction":"incoming"}')).toEqual(anonymous);
    expect(decodeOk('{"event":"Answered","from":null,"to":"444","uniqueId":"u","direction":"incoming"}')).toEqual({
      ...anonymous,
      type: 'answered',
    });
    // A numeric id and a queue are kept as usual.
    expect(
      decodeOk(
        '{"event":"Ringing","from":null,"to":444,"uniqueId":1412256225.1940,"direction":"incoming","queue":"support"}',
      ),
    ).toEqual({
      ...anonymous,
      uniqueId: '1412256225.1940',
      queue: 'support',
    });
  });

  it('still drops an anonymous Ringing without uniqueId, and a from of a wrong type', () => {
    expect(decodeFail('{"event":"Ringing","from":null,"to":"444","direction":"incoming"}')).toBe(
      'ringing: missing "uniqueId"',
    );
    expect(decodeFail('{"event":"Ringing","from":null,"to":"444","uniqueId":null,"direction":"incoming"}')).toBe(
      'ringing: missing "uniqueId"',
    );
    expect(decodeFail('{"event":"Ringing","from":false,"to":"444","uniqueId":"u","direction":"incoming"}')).toBe(
      'ringing: "from" must be a string or number',
    );
    expect(decodeFail('{"event":"Answered","from":[],"uniqueId":"u"}')).toBe(
      'answered: "from" must be a string or number',
    );
  });

  it('treats null optional fields as absent', () => {
    expect(decodeOk('{"event":"Hangup","uniqueId":"u","from":null,"queue":null}')).toEqual({
      event: 'call',
      type: 'hangup',
      uniqueId: 'u',
    });
  });

  it('does not carry a reason on Ringing or Answered', () => {
    const ev = decodeCall('{"event":"Answered","uniqueId":"u","reason":"whatever"}');
    expect(ev.reason).toBeUndefined();
  });

  it('accepts a frame of exactly MAX_FRAME_CHARS characters', () => {
    const base = '{"event":"pong","pad":""}';
    const frame = base.replace('""', `"${'x'.repeat(MAX_FRAME_CHARS - base.length)}"`);
    expect(frame.length).toBe(MAX_FRAME_CHARS);
    expect(decodeOk(frame)).toEqual({ event: 'pong' });
  });
});

describe('decodeFrame: dropped frames', () => {
  const RINGING = { event: 'Ringing', from: '1', to: '2', uniqueId: 'u', direction: 'incoming' };

  it('invalid JSON', () => {
    expect(decodeFail('{"event":')).toMatch(/invalid JSON/);
    expect(decodeFail('not json')).toMatch(/invalid JSON/);
    expect(decodeFail('')).toMatch(/invalid JSON/);
  });

  it('binary frames (ArrayBuffer, Uint8Array, Blob-like)', () => {
    expect(decodeFail(new ArrayBuffer(8))).toBe('binary frame');
    expect(decodeFail(new TextEncoder().encode('{"event":"pong"}'))).toBe('binary frame');
    expect(decodeFail(undefined)).toBe('binary frame');
    expect(decodeFail({ event: 'pong' })).toBe('binary frame');
  });

  it('oversized frames, without parsing them', () => {
    const frame = `{"event":"pong","pad":"${'x'.repeat(MAX_FRAME_CHARS)}"}`;
    expect(decodeFail(frame)).toMatch(/too large/);
    // Not even valid JSON: the size check comes first.
    expect(decodeFail('['.repeat(MAX_FRAME_CHARS + 1))).toMatch(/too large/);
  });

  it.each(['[]', '[{"event":"pong"}]', '42', '1412256225.1940', '"Ringing"', 'null', 'true'])(
    'non-object JSON %s',
    (frame) => {
      expect(decodeFail(frame)).toBe('frame is not a JSON object');
    },
  );

  it('missing "event"', () => {
    expect(decodeFail('{}')).toBe('missing "event"');
    expect(decodeFail('{"action":"originate"}')).toBe('missing "event"');
  });

  it('"event" that is not a string (a number is its text, so merely unknown)', () => {
    expect(decodeFail('{"event":true}')).toBe('"event" must be a string');
    expect(decodeFail('{"event":null}')).toBe('"event" must be a string');
    expect(decodeOk('{"event":42}')).toEqual({ event: 'unknown', name: '42' });
    expect(decodeFail('{"event":{"name":"Ringing"}}')).toBe('"event" must be a string');
  });

  it('call events without uniqueId, or with an empty one', () => {
    for (const name of ['Ringing', 'Answered', 'Hangup']) {
      const { uniqueId: _omit, ...rest } = { ...RINGING, event: name };
      expect(decodeFail(JSON.stringify(rest))).toMatch(/missing "uniqueId"/);
    }
    expect(decodeFail(JSON.stringify({ ...RINGING, uniqueId: '' }))).toMatch(/empty "uniqueId"/);
    expect(decodeFail(JSON.stringify({ ...RINGING, uniqueId: null }))).toMatch(/missing "uniqueId"/);
  });

  it.each(['to', 'direction'] as const)('Ringing without %s', (key) => {
    const frame: Record<string, string> = { ...RINGING };
    delete frame[key];
    expect(decodeFail(JSON.stringify(frame))).toBe(`ringing: missing "${key}"`);
  });

  it('wrongly typed fields', () => {
    expect(decodeFail(JSON.stringify({ ...RINGING, uniqueId: true }))).toBe(
      'ringing: "uniqueId" must be a string or number',
    );
    expect(decodeFail(JSON.stringify({ ...RINGING, from: {} }))).toBe('ringing: "from" must be a string or number');
    expect(decodeFail(JSON.stringify({ ...RINGING, to: ['444'] }))).toMatch(/"to" must be a string or number/);
    expect(decodeFail('{"event":"Hangup","uniqueId":"u","line":false}')).toMatch(/"line" must be a string or number/);
    expect(decodeFail('{"event":"Answered","uniqueId":"u","queue":{}}')).toMatch(/"queue" must be a string or number/);
    expect(decodeFail('{"event":"Answered","uniqueId":"u","direction":true}')).toMatch(
      /"direction" must be a string or number/,
    );
    expect(decodeFail('{"event":"auth","status":"ok","line":[]}')).toMatch(/"line" must be a string or number/);
    expect(decodeFail('{"event":"auth","status":true}')).toMatch(/"status" must be a string or number/);
  });

  it('bad direction, on Ringing and on Answered', () => {
    expect(decodeFail(JSON.stringify({ ...RINGING, direction: 'sideways' }))).toBe(
      'ringing: unknown direction "sideways"',
    );
    expect(decodeFail('{"event":"Answered","uniqueId":"u","direction":"inbound"}')).toMatch(/unknown direction/);
  });

  it('bad or missing auth status', () => {
    expect(decodeFail('{"event":"auth","status":"maybe"}')).toBe('auth: unknown status "maybe"');
    expect(decodeFail('{"event":"auth"}')).toBe('auth: missing "status"');
  });

  it('originateresponse without actionid or response, or with an unknown response', () => {
    expect(decodeFail('{"event":"originateresponse","response":"Success"}')).toMatch(/missing "actionid"/);
    expect(decodeFail('{"event":"originateresponse","actionid":"a1"}')).toMatch(/missing "response"/);
    expect(decodeFail('{"event":"originateresponse","actionid":"a1","response":"Maybe"}')).toMatch(/unknown response/);
  });

  it('every reason is a short, non-empty string', () => {
    const bad: unknown[] = [
      '{',
      new ArrayBuffer(1),
      '[]',
      '{}',
      '{"event":"Ringing"}',
      'x'.repeat(MAX_FRAME_CHARS + 1),
    ];
    for (const frame of bad) {
      const reason = decodeFail(frame);
      expect(typeof reason).toBe('string');
      expect(reason.length).toBeGreaterThan(0);
      expect(reason.length).toBeLessThan(200);
    }
  });
});

describe('describeAction', () => {
  const actions: ClientAction[] = [
    { action: 'auth', token: 'SECRET-TOKEN-123', identityType: 'email', identityValue: 'jana@example.com' },
    { action: 'originate', to: '777888999', actionid: 'a1' },
    { action: 'hangupcall', uniqueid: '1.2' },
    { action: 'transfer', uniqueid: '1.2', to: '445', type: 'blind', data: {} },
    { action: 'ping' },
  ];

  it('describes each action briefly', () => {
    expect(actions.map(describeAction)).toEqual([
      'auth (email)',
      'originate a1',
      'hangupcall 1.2',
      'transfer blind 1.2',
      'ping',
    ]);
  });

  it('never contains the token', () => {
    for (const a of actions) expect(describeAction(a)).not.toContain('SECRET-TOKEN-123');
  });
});
