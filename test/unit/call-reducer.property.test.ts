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
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callReducer,
  EMPTY_CALL_STATE,
  MAX_ENDINGS,
  restoreCallState,
  storedCallState,
  STALE_ANSWERED_MS,
  STALE_RINGING_MS,
  TOMBSTONE_TTL_MS,
  type CallState,
} from '../../src/background/call-reducer.ts';
import { MAX_QUEUES } from '../../src/background/agent-state.ts';
import { isMissed } from '../../src/shared/calls.ts';
import { DIRECTIONS, decodeFrame, type AgentEvent, type CallEvent } from '../../src/shared/protocol.ts';

const T0 = 1_700_000_000_000;

/** A small pool, so that events of one call meet. Two of them differ only in a trailing zero: distinct ids. */
const ID_POOL = ['1412256225.1940', '1412256225.194', '42', 'sip-7.1'] as const;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A JSON value as raw text: numbers can go bare, the way a PBX writes them, and keep their exact text. */
const idText = fc
  .constantFrom(...ID_POOL)
  .chain((id) => (NUMERIC.test(id) ? fc.constantFrom(JSON.stringify(id), id) : fc.constant(JSON.stringify(id))));
const quoted = (...values: string[]) => fc.constantFrom(...values.map((v) => JSON.stringify(v)));
const absent = fc.constant(undefined);

const eventName = fc.constantFrom('ringing', 'answered', 'hangup').chain((name) => fc.mixedCase(fc.constant(name)));
const direction = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...DIRECTIONS)
      .chain((d) => fc.mixedCase(fc.constant(d)))
      .map((d) => JSON.stringify(d)),
  },
  { weight: 1, arbitrary: quoted('sideways', '') },
  { weight: 2, arbitrary: absent },
);
const from = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('"777888999"', '777888999', '"+420 602 123 456"', '445') },
  // Anonymous callers: null, missing, empty or a PBX's word for it.
  { weight: 2, arbitrary: fc.constantFrom('null', '""', '"anonymous"') },
  { weight: 1, arbitrary: absent },
  { weight: 1, arbitrary: fc.constantFrom('true', '{}', '[]') },
);
const to = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('"444"', '444') },
  { weight: 1, arbitrary: absent },
  { weight: 1, arbitrary: fc.constant('null') },
);
const optionalText = (...values: string[]) => fc.oneof(absent, fc.constant('null'), quoted(...values));

/** A call event as raw frame text, fields in any order, with an unknown field now and then. */
const callFrame = fc
  .record({
    event: eventName.map((n) => JSON.stringify(n)),
    uniqueId: fc.oneof(
      { weight: 12, arbitrary: idText },
      { weight: 1, arbitrary: fc.constantFrom('null', '""', 'true') },
      { weight: 1, arbitrary: absent },
    ),
    from,
    to,
    direction,
    line: optionalText('444', '445'),
    queue: optionalText('support', 'sales & more #1'),
    reason: optionalText('busy'),
    channel: fc.oneof(absent, fc.constant('{"sip":[1,2]}')),
  })
  .chain((fields) => fc.shuffledSubarray(Object.entries(fields), { minLength: Object.keys(fields).length }))
  .map(
    (entries) =>
      `{${entries
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
        .join(',')}}`,
  );

const garbage = fc.oneof(
  fc.constantFrom(
    '{"event":',
    'not json',
    '',
    '[]',
    'null',
    '1412256225.1940',
    '{"event":null,"uniqueId":"42"}',
    '{"event":["Ringing"],"uniqueId":"42"}',
    '{"event":"Dial","uniqueId":"42","from":"1","to":"2","direction":"incoming"}',
    '{"event":"pong"}',
    '{"event":"auth","status":"ok","line":"444"}',
    '{"event":"originateresponse","actionid":"a1","response":"Success","uniqueId":"42"}',
    '{"event":"Hangup"}',
    '{"event":"Hangup","uniqueId":""}',
    '{"event":"Answered","uniqueId":"42","queue":{}}',
    '{"event":"Ringing","uniqueId":"42","from":"1","to":"2","direction":"sideways"}',
    '{"event":"Ringing","uniqueId":"42","from":"1","direction":"incoming"}',
  ),
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 2 }),
);

/**
 * Issue 15's vocabulary as the platform's webhooks write it: PascalCase or any case, "EventName" or "event", NewCall
 * and AttendedTransfer among the call events, Hangup reasons, and agent events.
 */
const spell = (entries: [string, string | undefined][]) =>
  fc
    .tuple(
      fc.constantFrom('event', 'EventName', 'EVENTNAME'),
      fc.tuple(...entries.map(([k]) => fc.mixedCase(fc.constant(k)))),
    )
    .map(([eventKey, keys]) => [eventKey, keys] as const);
const webhookCallFrame = fc
  .record({
    name: fc
      .constantFrom('NewCall', 'AttendedTransfer', 'Ringing', 'Answered', 'Hangup')
      .chain((n) => fc.mixedCase(fc.constant(n))),
    uniqueId: idText,
    from,
    to,
    direction,
    line: optionalText('444'),
    queue: optionalText('support'),
    reason: optionalText('No user response', 'Answered elsewhere', 'busy'),
    targetUniqueId: fc.oneof(absent, idText),
  })
  .chain(({ name, ...fields }) => {
    const entries = Object.entries(fields);
    return spell(entries).map(([eventKey, keys]) => {
      const parts = entries.flatMap(([, v], i) => (v === undefined ? [] : [`${JSON.stringify(keys[i])}:${v}`]));
      return `{${JSON.stringify(eventKey)}:${JSON.stringify(name)},${parts.join(',')}}`;
    });
  });
const agentFrame = fc
  .record({
    name: fc.constantFrom('AgentLogin', 'AgentLogout', 'AgentPaused', 'AgentUnPaused'),
    queue: fc.oneof(
      { weight: 8, arbitrary: quoted('support', 'sales') },
      { weight: 1, arbitrary: fc.constantFrom('null', '""') },
    ),
    pauseName: optionalText('Oběd', 'Porada'),
  })
  .map(
    ({ name, queue, pauseName }) =>
      `{"EventName":"${name}","Queue":${queue}${pauseName === undefined ? '' : `,"PauseName":${pauseName}`}}`,
  );

type Step =
  | { kind: 'frame'; text: string; advance: number }
  | { kind: 'prune'; advance: number }
  /** The extension sent hangupcall for a call. */
  | { kind: 'hangupRequested'; uniqueId: string; advance: number };
const advance = fc.constantFrom(0, 0, 1_000, 60_000, STALE_RINGING_MS, TOMBSTONE_TTL_MS + 1, STALE_ANSWERED_MS);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('frame' as const), text: callFrame, advance: fc.constantFrom(0, 1_000) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('frame' as const), text: garbage, advance: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prune' as const), advance }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('frame' as const),
      text: webhookCallFrame,
      advance: fc.constantFrom(0, 1_000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('frame' as const), text: agentFrame, advance: fc.constantFrom(0, 1_000) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('hangupRequested' as const),
      uniqueId: fc.constantFrom(...ID_POOL),
      advance: fc.constant(0),
    }),
  },
);

/** The invariants of any state, at time `now`. */
function checkState(s: CallState, now: number): void {
  for (const [id, c] of [...s.calls]) {
    expect(c.uniqueId).toBe(id);
    expect(ID_POOL).toContain(id);
    expect(['new', 'ringing', 'answered']).toContain(c.state);
    expect(c.state === 'answered').toBe(c.answeredAt !== undefined);
    if (c.answeredAt !== undefined) expect(c.answeredAt).toBeGreaterThanOrEqual(c.startedAt);
    expect(c.startedAt).toBeLessThanOrEqual(now);
    expect(DIRECTIONS).toContain(c.direction);
    expect(typeof c.from).toBe('string');
    expect(typeof c.to).toBe('string');
    expect(s.ended.get(id)).toBeUndefined();
  }
  for (const [id, at] of [...s.ended]) {
    expect(ID_POOL).toContain(id);
    expect(at).toBeLessThanOrEqual(now);
  }
  expect(s.endings.length).toBeLessThanOrEqual(MAX_ENDINGS);
  for (const e of s.endings) expect(e.endedAt).toBeLessThanOrEqual(now);
  expect(s.agents.size).toBeLessThanOrEqual(MAX_QUEUES);
  for (const [queue, a] of s.agents) {
    expect(a.queue).toBe(queue);
    if (a.pauseName !== undefined) expect(a.state).toBe('paused');
  }
  // What the worker keeps in storage.session comes back unchanged.
  const stored = storedCallState(s);
  expect(storedCallState(restoreCallState(JSON.parse(JSON.stringify(stored))))).toEqual(stored);
}

/** What one decoded call event may do to the state. */
function checkEvent(prev: CallState, next: CallState, ev: CallEvent, at: number): void {
  const id = ev.uniqueId;
  // One event touches one call: every other call and tombstone is the very same.
  for (const other of new Set([...[...prev.calls.keys()], ...[...next.calls.keys()]])) {
    if (other !== id) expect(next.calls.get(other)).toBe(prev.calls.get(other));
  }
  for (const [other, t] of [...prev.ended]) if (other !== id) expect(next.ended.get(other)).toBe(t);
  expect(next.agents).toBe(prev.agents);
  if (ev.type === 'hangup') {
    expect(next.calls.get(id)).toBeUndefined();
    expect(next.ended.get(id)).toBeDefined();
    // A repeated Hangup keeps the first end time.
    if (prev.ended.get(id) !== undefined && prev.calls.get(id) === undefined) expect(next).toBe(prev);
    const known = prev.calls.get(id);
    if (known === undefined) {
      expect(next.endings).toBe(prev.endings);
    } else {
      // The call's ending: the call as it was, the reason as the iPBX wrote it, missed by the rule.
      const { endedAt, reason, missed, ...call } = next.endings[next.endings.length - 1]!;
      expect(call).toEqual(known);
      expect({ endedAt, reason, missed }).toEqual({
        endedAt: at,
        reason: ev.reason,
        missed: isMissed(known, ev.reason),
      });
    }
    return;
  }
  if (ev.type === 'attendedtransfer') {
    // Never creates a call; the outcome goes on the call (or its ending), nothing else of it changes.
    expect(next.calls.has(id)).toBe(prev.calls.has(id));
    const known = prev.calls.get(id);
    if (known !== undefined) {
      const { transferred, ...rest } = next.calls.get(id)!;
      const { transferred: before, ...knownRest } = known;
      expect(rest).toEqual(knownRest);
      expect(transferred).toEqual(before ?? expect.objectContaining({ at }));
    }
    return;
  }
  if (prev.ended.get(id) !== undefined) {
    // Late or repeated event of an ended call: nothing at all.
    expect(next).toBe(prev);
    return;
  }
  const known = prev.calls.get(id);
  const call = next.calls.get(id);
  if (known === undefined) {
    if (ev.from === undefined || ev.to === undefined || ev.direction === undefined) {
      expect(next).toBe(prev);
      return;
    }
    // Created with exactly the parties of the event; an anonymous caller is a call like any other.
    expect(call).toEqual({
      uniqueId: id,
      from: ev.from,
      to: ev.to,
      direction: ev.direction,
      state: ev.type === 'newcall' ? 'new' : ev.type,
      startedAt: at,
      ...(ev.type === 'answered' ? { answeredAt: at } : {}),
      ...(ev.line !== undefined ? { line: ev.line } : {}),
      ...(ev.queue !== undefined ? { queue: ev.queue } : {}),
    });
    return;
  }
  expect(call).toBeDefined();
  if (known.state === 'new') {
    // A set-up call: a NewCall again changes nothing but line and queue; Ringing or Answered show it, starting now.
    if (ev.type === 'newcall') expect(call!.state).toBe('new');
    else
      expect(call).toMatchObject({
        state: ev.type,
        startedAt: at,
        direction: ev.direction ?? known.direction,
        to: ev.to ?? known.to,
      });
    if (ev.type !== 'newcall' && ev.from !== undefined && ev.from !== '') expect(call!.from).toBe(ev.from);
    expect(call!.line).toBe(ev.line ?? known.line);
    expect(call!.queue).toBe(ev.queue ?? known.queue);
    return;
  }
  // A known call that rang: the parties and the start never change; answered is final; answeredAt never moves.
  expect({ from: call!.from, to: call!.to, direction: call!.direction, startedAt: call!.startedAt }).toEqual({
    from: known.from,
    to: known.to,
    direction: known.direction,
    startedAt: known.startedAt,
  });
  if (known.state === 'answered') expect(call!.answeredAt).toBe(known.answeredAt);
  if (ev.type === 'answered') expect(call!.state).toBe('answered');
  if (ev.type === 'answered' && known.state === 'ringing') expect(call!.answeredAt).toBe(at);
  if (ev.type === 'ringing' || ev.type === 'newcall') expect(call!.state).toBe(known.state);
  expect(call!.line).toBe(ev.line ?? known.line);
  expect(call!.queue).toBe(ev.queue ?? known.queue);
}

function checkAgent(prev: CallState, next: CallState, ev: AgentEvent): void {
  expect(next.calls).toBe(prev.calls);
  expect(next.ended).toBe(prev.ended);
  expect(next.endings).toBe(prev.endings);
  const state = { login: 'loggedIn', unpaused: 'loggedIn', logout: 'loggedOut', paused: 'paused' }[ev.type];
  expect(next.agents.get(ev.queue)).toMatchObject({ queue: ev.queue, state });
  expect(next.agents.get(ev.queue)?.pauseName).toBe(ev.type === 'paused' ? ev.pauseName : undefined);
  for (const [queue, a] of prev.agents) if (queue !== ev.queue) expect(next.agents.get(queue)).toBe(a);
}

function checkHangupRequested(prev: CallState, next: CallState, id: string): void {
  const known = prev.calls.get(id);
  if (known === undefined || known.hangupRequested) {
    expect(next).toBe(prev);
    return;
  }
  expect(next.calls.get(id)).toEqual({ ...known, hangupRequested: true });
  for (const [other, c] of prev.calls) if (other !== id) expect(next.calls.get(other)).toBe(c);
  expect(next.ended).toBe(prev.ended);
}

function checkPrune(prev: CallState, next: CallState, now: number): void {
  expect([...next.ended]).toEqual([...prev.ended].filter(([, t]) => now - t < TOMBSTONE_TTL_MS));
  const live = [...prev.calls.values()].filter((c) =>
    c.state === 'answered' ? now - c.answeredAt! < STALE_ANSWERED_MS : now - c.startedAt < STALE_RINGING_MS,
  );
  expect([...next.calls.keys()].sort()).toEqual(live.map((c) => c.uniqueId).sort());
  for (const c of live) expect(next.calls.get(c.uniqueId)).toBe(c);
}

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
