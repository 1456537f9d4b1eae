/**
 * Property-based tests (fast-check) on the wire codec: whatever the iPBX sends, decoding never throws, and what it
 * accepts is well-formed; ids keep their exact text whatever number syntax they come in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DIRECTIONS,
  decodeFrame,
  decodeSocketIoEvent,
  encodeAction,
  encodeSocketIoAction,
  IDENTITY_TYPES,
} from '../../src/shared/protocol.ts';

const scalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const eventName = fc.constantFrom(
  'auth',
  'Ringing',
  'ANSWERED',
  'hangup',
  'originateresponse',
  'pong',
  'error',
  'Other',
  '',
);
const frameObject = fc.record(
  {
    event: fc.oneof(eventName, scalar),
    uniqueId: scalar,
    from: scalar,
    to: scalar,
    direction: fc.oneof(fc.constantFrom(...DIRECTIONS, 'INCOMINGLOCAL', 'sideways'), scalar),
    line: scalar,
    queue: scalar,
    status: fc.oneof(fc.constantFrom('ok', 'error', 'OK'), scalar),
    actionid: scalar,
    response: fc.oneof(fc.constantFrom('Success', 'Error'), scalar),
    message: scalar,
  },
  { requiredKeys: [] },
);

describe('decodeFrame, for any input', () => {
  it('never throws on arbitrary text, binary data or JSON values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.uint8Array(), fc.anything()), (input) => {
        const decoded = decodeFrame(input);
        expect(typeof decoded.ok).toBe('boolean');
        if (!decoded.ok) expect(decoded.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts only well-formed call events: a non-empty text id, a known direction, text fields', () => {
    fc.assert(
      fc.property(frameObject, (obj) => {
        const decoded = decodeFrame(JSON.stringify(obj));
        if (!decoded.ok || decoded.event.event !== 'call') return;
        const ev = decoded.event;
        expect(typeof ev.uniqueId).toBe('string');
        expect(ev.uniqueId).not.toBe('');
        if (ev.direction !== undefined) expect(DIRECTIONS).toContain(ev.direction);
        for (const v of [ev.from, ev.to, ev.line, ev.queue]) if (v !== undefined) expect(typeof v).toBe('string');
        if (ev.type === 'ringing')
          expect(ev.from !== undefined && ev.to !== undefined && ev.direction !== undefined).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('keeps a numeric uniqueId as its exact source text, and sends it back unchanged', () => {
    const digits = fc.stringMatching(/^[1-9][0-9]{0,15}$/);
    const fraction = fc.stringMatching(/^[0-9]{1,6}$/);
    fc.assert(
      fc.property(digits, fc.option(fraction, { nil: undefined }), (whole, frac) => {
        const text = frac === undefined ? whole : `${whole}.${frac}`;
        const decoded = decodeFrame(`{"event":"Hangup","uniqueId":${text}}`);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok || decoded.event.event !== 'call') return;
        expect(decoded.event.uniqueId).toBe(text);
        expect(encodeAction({ action: 'hangupcall', uniqueid: decoded.event.uniqueId })).toBe(
          `{"action":"hangupcall","uniqueid":"${text}"}`,
        );
      }),
      { numRuns: 2_000 },
    );
  });
});

/** Issue 15: keys in any case, `event` or `EventName`, JSON frames or Socket.IO emits: one and the same event. */
describe('the vocabulary in any key case and either shape', () => {
  const name = fc.constantFrom(
    'NewCall',
    'Ringing',
    'Answered',
    'Hangup',
    'AttendedTransfer',
    'AgentLogin',
    'AgentLogout',
    'AgentPaused',
    'AgentUnPaused',
    'CDR',
    'auth',
    'originateresponse',
    'error',
    'pong',
    'QueueStats',
  );
  const value = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        '777888999',
        '444',
        '1412256225.1940',
        'support',
        'Oběd',
        'No user response',
        'ok',
        'Success',
        'a1',
      ),
    },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) },
    { weight: 2, arbitrary: fc.constantFrom(...DIRECTIONS, 'INCOMING', 'sideways') },
    { weight: 1, arbitrary: fc.constantFrom(null, true, '') },
  );
  const keys = [
    'uniqueId',
    'from',
    'to',
    'direction',
    'line',
    'queue',
    'reason',
    'pauseName',
    'targetUniqueId',
    'email',
    'login',
    'status',
    'actionid',
    'response',
    'message',
  ] as const;
  const fields = fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
  /** The same fields, every key in a random case, and the name under "event" or "EventName" (any case). */
  const spelled = (ev: string, f: Record<string, unknown>) =>
    fc
      .tuple(
        fc.constantFrom('event', 'EventName').chain((k) => fc.mixedCase(fc.constant(k))),
        fc.tuple(...Object.keys(f).map((k) => fc.mixedCase(fc.constant(k)))),
      )
      .map(([eventKey, spelledKeys]) => ({
        withName: Object.fromEntries([
          [eventKey, ev],
          ...Object.values(f).map((v, i) => [spelledKeys[i]!, v] as const),
        ]),
        withoutName: Object.fromEntries(Object.values(f).map((v, i) => [spelledKeys[i]!, v] as const)),
      }));
  const sample = fc.tuple(name, fields).chain(([ev, f]) => fc.tuple(fc.constant(ev), fc.constant(f), spelled(ev, f)));

  it('decodes every spelling and shape exactly as the canonical JSON frame', () => {
    fc.assert(
      fc.property(sample, ([ev, f, { withName, withoutName }]) => {
        const reference = decodeFrame(JSON.stringify({ event: ev, ...f }));
        expect(decodeFrame(JSON.stringify(withName))).toEqual(reference);
        expect(decodeSocketIoEvent('event', [withName])).toEqual(reference);
        expect(decodeSocketIoEvent(ev, [withoutName])).toEqual(reference);
        // A named event whose payload also names an event: the emitted name still decides.
        expect(decodeSocketIoEvent(ev, [withName])).toEqual(reference);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on arbitrary Socket.IO names and arguments', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), name, fc.constant('event'), fc.anything()),
        fc.array(fc.anything(), { maxLength: 3 }),
        (n, args) => {
          const decoded = decodeSocketIoEvent(n, args);
          expect(typeof decoded.ok).toBe('boolean');
          if (!decoded.ok) expect(decoded.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('sends the same actions in both dialects', () => {
    const text = fc.string({ maxLength: 20 });
    const action = fc.oneof(
      fc.record({
        action: fc.constant('auth' as const),
        token: text,
        identityType: fc.constantFrom(...IDENTITY_TYPES),
        identityValue: text,
      }),
      fc.record(
        { action: fc.constant('originate' as const), to: text, callerid: text, actionid: text },
        { requiredKeys: ['action', 'to', 'actionid'] },
      ),
      fc.record({ action: fc.constant('hangupcall' as const), uniqueid: text }),
      fc.record({
        action: fc.constant('transfer' as const),
        uniqueid: text,
        to: text,
        type: fc.constantFrom('blind' as const, 'attended' as const),
        data: fc.constant({}),
      }),
      fc.constant({ action: 'ping' as const }),
    );
    fc.assert(
      fc.property(action, (a) => {
        const [emitName, payload] = encodeSocketIoAction(a);
        expect({ action: emitName, ...payload }).toEqual(JSON.parse(encodeAction(a)));
      }),
      { numRuns: 1_000 },
    );
  });
});
