/**
 * Property-based tests (fast-check) of the whole path a frame takes into the call store: raw text through the real
 * codec (decodeFrame) into the real reducer (callReducer), as the engine does it. Whatever the iPBX sends (valid
 * events in any case and order, duplicates, numeric ids, anonymous callers, garbage), the state stays consistent:
 * - every call is stored under its own uniqueId, exactly as the iPBX wrote it, with a known direction;
 * - a call is new (set up), ringing or answered, and answered exactly when it has answeredAt (never before startedAt);
 * - no id is both live and ended; an ended id stays ended (its events change nothing) until a prune forgets its
 *   tombstone, and tombstones disappear only by prune, only after TOMBSTONE_TTL_MS;
 * - a call is created only by a NewCall, Ringing or Answered that names the parties, with exactly those parties, which
 *   never change once it rang; answered never goes back to ringing, ringing never to new, answeredAt never moves;
 * - AttendedTransfer never creates a call; a Hangup of a known call leaves its ending, missed exactly by the rule;
 * - agent events change only the agent state of their queue; the user's hang-up marks only its call;
 * - one event touches one call only; a repeated event changes nothing;
 * - what the worker persists (JSON in storage.session) restores to the same state.
 * The frames are generated in call-frame-arbitraries.ts, the invariants checked in call-state-invariants.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callReducer, EMPTY_CALL_STATE, type CallState } from '../../src/background/call-reducer.ts';
import { DIRECTIONS, decodeFrame } from '../../src/shared/protocol.ts';
import { callFrame, ID_POOL, NUMERIC, step } from './call-frame-arbitraries.ts';
import { checkAgent, checkEvent, checkHangupRequested, checkPrune, checkState } from './call-state-invariants.ts';

const T0 = 1_700_000_000_000;

describe('frames → decodeFrame → callReducer, any sequence', () => {
  it('keeps the call state consistent after every step', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let s: CallState = EMPTY_CALL_STATE;
        let now = T0;
        for (const st of steps) {
          now += st.advance;
          const prev = s;
          if (st.kind === 'prune') {
            s = callReducer(s, { type: 'prune', now });
            checkPrune(prev, s, now);
          } else if (st.kind === 'hangupRequested') {
            s = callReducer(s, { type: 'hangupRequested', uniqueId: st.uniqueId });
            checkHangupRequested(prev, s, st.uniqueId);
          } else {
            const decoded = decodeFrame(st.text);
            // What the engine does: call events go to the reducer; anything else leaves the calls alone.
            if (decoded.ok && decoded.event.event === 'call') {
              const ev = decoded.event;
              expect(ID_POOL).toContain(ev.uniqueId);
              s = callReducer(s, { type: 'event', event: ev, at: now });
              checkEvent(prev, s, ev, now);
              // The same frame again (a duplicate) changes nothing.
              expect(callReducer(s, { type: 'event', event: ev, at: now })).toBe(s);
            } else if (decoded.ok && decoded.event.event === 'agent') {
              const ev = decoded.event;
              s = callReducer(s, { type: 'event', event: ev, at: now });
              checkAgent(prev, s, ev);
              expect(callReducer(s, { type: 'event', event: ev, at: now + 1 })).toBe(s);
            } else if (!decoded.ok) {
              expect(decoded.reason.length).toBeGreaterThan(0);
            }
          }
          // Tombstones leave only by prune: an ended id cannot come back without one.
          if (st.kind === 'frame') for (const id of [...prev.ended.keys()]) expect(s.ended.get(id)).toBeDefined();
          checkState(s, now);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a call event is decoded whenever it has a uniqueId, and, for Ringing, to and a known direction', () => {
    fc.assert(
      fc.property(callFrame, (text) => {
        const raw = JSON.parse(text) as Record<string, unknown>;
        const decoded = decodeFrame(text);
        const id = raw.uniqueId;
        const hasId = (typeof id === 'string' && id !== '') || typeof id === 'number';
        const textual = (k: string) =>
          raw[k] === undefined || raw[k] === null || typeof raw[k] === 'string' || typeof raw[k] === 'number';
        const dir = raw.direction;
        const dirOk =
          dir === undefined ||
          dir === null ||
          (typeof dir === 'string' && DIRECTIONS.some((d) => d.toLowerCase() === dir.toLowerCase()));
        const isRinging = String(raw.event).toLowerCase() === 'ringing';
        const ringingOk = !isRinging || (raw.to !== undefined && raw.to !== null && dir !== undefined && dir !== null);
        const expected = hasId && dirOk && ringingOk && ['from', 'to', 'line', 'queue', 'reason'].every(textual);
        expect(decoded.ok).toBe(expected);
        if (!decoded.ok || decoded.event.event !== 'call') return;
        // An anonymous caller (null or no from) on Ringing or Answered is '' and the event is kept.
        if (decoded.event.type !== 'hangup' && (raw.from === null || raw.from === undefined))
          expect(decoded.event.from).toBe('');
      }),
      { numRuns: 1_000 },
    );
  });

  it('complete calls, interleaved, duplicated and reordered: every call hung up is gone, every other one is there', () => {
    // Per id: Ringing, maybe Answered, maybe Hangup; then all frames shuffled, some duplicated.
    const script = fc.uniqueArray(fc.constantFrom(...ID_POOL), { minLength: 1 }).chain((ids) =>
      fc
        .tuple(
          ...ids.map((id) =>
            fc.record({ id: fc.constant(id), answered: fc.boolean(), hungUp: fc.boolean(), anonymous: fc.boolean() }),
          ),
        )
        .chain((calls) => {
          const frames = calls.flatMap((c) => {
            const uid = NUMERIC.test(c.id) ? c.id : JSON.stringify(c.id);
            const fromField = c.anonymous ? '"from":null,' : '"from":"777888999",';
            const out = [`{"event":"Ringing",${fromField}"to":"444","uniqueId":${uid},"direction":"incoming"}`];
            if (c.answered) out.push(`{"event":"ANSWERED","uniqueId":${uid}}`);
            if (c.hungUp) out.push(`{"event":"hangup","uniqueId":${uid},"reason":"normal"}`);
            return out;
          });
          return fc.tuple(
            fc.constant(calls),
            fc.shuffledSubarray([...frames, ...frames], { minLength: frames.length * 2 }),
            fc.array(fc.nat(frames.length * 2 - 1), { maxLength: 6 }),
          );
        })
        .map(([calls, shuffled, drop]) => {
          // Dropping some duplicates keeps at least one copy of each frame.
          const dropped = new Set(drop);
          const seen = new Set<string>();
          const kept = shuffled.filter((f, i) => {
            if (!seen.has(f)) {
              seen.add(f);
              return true;
            }
            return !dropped.has(i);
          });
          return { calls, frames: kept };
        }),
    );
    fc.assert(
      fc.property(script, ({ calls, frames }) => {
        let s: CallState = EMPTY_CALL_STATE;
        frames.forEach((text, i) => {
          const decoded = decodeFrame(text);
          expect(decoded.ok).toBe(true);
          if (decoded.ok && decoded.event.event === 'call')
            s = callReducer(s, { type: 'event', event: decoded.event, at: T0 + i });
          checkState(s, T0 + i);
        });
        for (const c of calls) {
          if (c.hungUp) {
            expect(s.calls.get(c.id)).toBeUndefined();
            expect(s.ended.get(c.id)).toBeDefined();
            continue;
          }
          const call = s.calls.get(c.id);
          expect(call).toBeDefined();
          expect(call!.from).toBe(c.anonymous ? '' : '777888999');
          // Answered is kept even when its frame came before the Ringing... unless it came first of all: then it
          // named no parties and was ignored, and the later Ringing shows the call ringing.
          const ringingAt = frames.findIndex(
            (f) =>
              f.includes('"Ringing"') && f.includes(`"uniqueId":${NUMERIC.test(c.id) ? c.id : JSON.stringify(c.id)},`),
          );
          const answeredAfter = frames.some(
            (f, i) =>
              i > ringingAt &&
              f.includes('"ANSWERED"') &&
              f.includes(`"uniqueId":${NUMERIC.test(c.id) ? c.id : JSON.stringify(c.id)}}`),
          );
          expect(call!.state).toBe(answeredAfter ? 'answered' : 'ringing');
        }
        expect([...s.calls.keys()].sort()).toEqual(
          calls
            .filter((c) => !c.hungUp)
            .map((c) => c.id)
            .sort(),
        );
      }),
      { numRuns: 500 },
    );
  });
});
