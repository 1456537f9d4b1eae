/**
 * Property-based tests (fast-check) on the wire codec: whatever the iPBX sends, decoding never throws, and what it
 * accepts is well-formed; ids keep their exact text whatever number syntax they come in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIRECTIONS, decodeFrame, encodeAction } from '../../src/shared/protocol.ts';

const scalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const eventName = fc.constantFrom('auth', 'Ringing', 'ANSWERED', 'hangup', 'originateresponse', 'pong', 'error', 'Other', '');
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
        if (ev.type === 'ringing') expect(ev.from !== undefined && ev.to !== undefined && ev.direction !== undefined).toBe(true);
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
        expect(encodeAction({ action: 'hangupcall', uniqueid: decoded.event.uniqueId })).toBe(`{"action":"hangupcall","uniqueid":"${text}"}`);
      }),
      { numRuns: 2_000 },
    );
  });
});
