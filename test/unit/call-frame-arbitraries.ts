/**
 * What the iPBX may send, as fast-check arbitraries for call-reducer.property.test.ts: call events as raw frame text
 * (any case and field order, bare numeric ids, anonymous callers), the platform's webhook spelling, agent events,
 * garbage, and steps that mix frames with prunes and the user's hang-ups.
 */
import fc from 'fast-check';
import { STALE_ANSWERED_MS, STALE_RINGING_MS, TOMBSTONE_TTL_MS } from '../../src/background/call-reducer.ts';
import { DIRECTIONS } from '../../src/shared/protocol.ts';

/** A small pool, so that events of one call meet. Two of them differ only in a trailing zero: distinct ids. */
export const ID_POOL = ['1412256225.1940', '1412256225.194', '42', 'sip-7.1'] as const;
export const NUMERIC = /^-?\d+(\.\d+)?$/;

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
export const callFrame = fc
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

export type Step =
  | { kind: 'frame'; text: string; advance: number }
  | { kind: 'prune'; advance: number }
  /** The extension sent hangupcall for a call. */
  | { kind: 'hangupRequested'; uniqueId: string; advance: number };
const advance = fc.constantFrom(0, 0, 1_000, 60_000, STALE_RINGING_MS, TOMBSTONE_TTL_MS + 1, STALE_ANSWERED_MS);
export const step: fc.Arbitrary<Step> = fc.oneof(
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
