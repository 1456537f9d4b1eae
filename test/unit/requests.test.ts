import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { ACCEPT_GRACE_MS, ORIGINATE_TIMEOUT_MS, PendingRequests, RequestError } from '../../src/background/requests.ts';
import { systemTimers as timers } from '../../src/background/timers.ts';
import type { CallEvent } from '../../src/shared/protocol.ts';

type Outcome<T> = { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown };

/** Follows a promise so a test can look at its state synchronously after advancing the clock. */
function track<T>(p: Promise<T>): { readonly outcome: Outcome<T> } {
  const box: { outcome: Outcome<T> } = { outcome: { state: 'pending' } };
  p.then(
    (value) => (box.outcome = { state: 'resolved', value }),
    (error: unknown) => (box.outcome = { state: 'rejected', error }),
  );
  return box;
}

function rejection(outcome: Outcome<unknown>): RequestError {
  if (outcome.state !== 'rejected') throw new Error(`expected a rejection, got ${outcome.state}`);
  if (!(outcome.error instanceof RequestError)) throw new Error('expected a RequestError');
  return outcome.error;
}

function call(type: CallEvent['type'], uniqueId: string): CallEvent {
  return type === 'ringing'
    ? { event: 'call', type, uniqueId, from: '444', to: '445', direction: 'outgoingLocal' }
    : { event: 'call', type, uniqueId };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('RequestError', () => {
  it('carries code and detail', () => {
    const e = new RequestError('errPbxRefused', 'Busy');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('RequestError');
    expect(e.code).toBe('errPbxRefused');
    expect(e.detail).toBe('Busy');
    expect(e.message).toBe('errPbxRefused: Busy');
    expect(new RequestError('errNoSuchCall').message).toBe('errNoSuchCall');
  });
});

describe('PendingRequests: originate', () => {
  it('pairs the response by actionid', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1'));
    const b = track(r.waitForOriginate('a2'));
    expect(r.onOriginateResponse('a2', true, undefined, '17.3')).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.outcome.state).toBe('pending');
    expect(b.outcome).toEqual({ state: 'resolved', value: { uniqueId: '17.3' } });
    expect(r.onOriginateResponse('a1', true)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.outcome).toEqual({ state: 'resolved', value: {} });
  });

  it('ignores a response for an unknown or already answered actionid', () => {
    const r = new PendingRequests(timers);
    expect(r.onOriginateResponse('nobody', true)).toBe(false);
    void r.waitForOriginate('a1');
    expect(r.onOriginateResponse('a1', true)).toBe(true);
    expect(r.onOriginateResponse('a1', true)).toBe(false);
  });

  it('an Error response rejects with errPbxRefused and the iPBX message', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1'));
    r.onOriginateResponse('a1', false, 'Extension does not exist');
    await vi.advanceTimersByTimeAsync(0);
    const e = rejection(a.outcome);
    expect(e.code).toBe('errPbxRefused');
    expect(e.detail).toBe('Extension does not exist');
  });

  it('an Error response without a message still explains itself', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1'));
    r.onOriginateResponse('a1', false, '');
    await vi.advanceTimersByTimeAsync(0);
    expect(rejection(a.outcome).detail).toBe('Error');
  });

  it(`times out after ORIGINATE_TIMEOUT_MS (${ORIGINATE_TIMEOUT_MS} ms) with errOriginateTimeout`, async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1'));
    await vi.advanceTimersByTimeAsync(ORIGINATE_TIMEOUT_MS - 1);
    expect(a.outcome.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(rejection(a.outcome).code).toBe('errOriginateTimeout');
    // Forgotten: a late response finds nothing.
    expect(r.onOriginateResponse('a1', true)).toBe(false);
  });

  it('a custom timeout', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1', 100));
    await vi.advanceTimersByTimeAsync(100);
    expect(rejection(a.outcome).code).toBe('errOriginateTimeout');
  });

  it('an answered originate does not time out later', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1'));
    r.onOriginateResponse('a1', true);
    await vi.advanceTimersByTimeAsync(ORIGINATE_TIMEOUT_MS * 2);
    expect(a.outcome.state).toBe('resolved');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancelOriginate rejects with the given error and clears the timer', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1'));
    r.cancelOriginate('a1', new RequestError('reasonNotConnected'));
    r.cancelOriginate('unknown', new RequestError('errInternal'));
    await vi.advanceTimersByTimeAsync(0);
    expect(rejection(a.outcome).code).toBe('reasonNotConnected');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an error frame naming "originate" refuses the oldest pending originate', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForOriginate('a1'));
    const b = track(r.waitForOriginate('a2'));
    expect(r.onError('originate', 'Not allowed')).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(rejection(a.outcome)).toMatchObject({ code: 'errPbxRefused', detail: 'Not allowed' });
    expect(b.outcome.state).toBe('pending');
  });
});

describe('PendingRequests: hangup and transfer', () => {
  it('waitForAccept is resolved by the Hangup of its call', async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('hangupcall', '5.1'));
    r.onCallEvent(call('hangup', 'other'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.outcome.state).toBe('pending');
    r.onCallEvent(call('hangup', '5.1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.outcome.state).toBe('resolved');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is rejected by an error frame naming the action: errNoSuchCall for "No such call"', async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('hangupcall', '5.1'));
    expect(r.onError('hangupcall', 'No such call')).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(rejection(p.outcome)).toMatchObject({ code: 'errNoSuchCall', detail: 'No such call' });
  });

  it('is rejected with errPbxRefused for any other message', async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('transfer', '5.1'));
    expect(r.onError('transfer', 'Transfer target busy')).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(rejection(p.outcome)).toMatchObject({ code: 'errPbxRefused', detail: 'Transfer target busy' });
  });

  it('an error frame for another action, or none, leaves it alone', async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('hangupcall', '5.1'));
    expect(r.onError('transfer', 'x')).toBe(false);
    expect(r.onError(undefined, 'x')).toBe(false);
    expect(r.onError('originate', 'x')).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.outcome.state).toBe('pending');
  });

  it('an error frame refuses the oldest request of its action only', async () => {
    const r = new PendingRequests(timers);
    const first = track(r.waitForAccept('hangupcall', '1'));
    const second = track(r.waitForAccept('hangupcall', '2'));
    r.onError('hangupcall', 'No such call');
    await vi.advanceTimersByTimeAsync(0);
    expect(first.outcome.state).toBe('rejected');
    expect(second.outcome.state).toBe('pending');
  });

  it(`counts as accepted after the grace period (${ACCEPT_GRACE_MS} ms)`, async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('hangupcall', '5.1'));
    await vi.advanceTimersByTimeAsync(ACCEPT_GRACE_MS - 1);
    expect(p.outcome.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(p.outcome.state).toBe('resolved');
    // Settled: a late error frame finds nothing to refuse.
    expect(r.onError('hangupcall', 'No such call')).toBe(false);
  });

  it('an attended transfer is resolved by a new Ringing (the consultation call)', async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('transfer', '5.1'));
    r.onCallEvent(call('ringing', '5.1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.outcome.state).toBe('pending');
    r.onCallEvent(call('ringing', '6.1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.outcome.state).toBe('resolved');
  });

  it('a new Ringing does not resolve a pending hangup', async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('hangupcall', '5.1'));
    r.onCallEvent(call('ringing', '6.1'));
    r.onCallEvent(call('answered', '5.1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.outcome.state).toBe('pending');
  });

  it('a blind transfer is resolved by the Hangup of the transferred call', async () => {
    const r = new PendingRequests(timers);
    const p = track(r.waitForAccept('transfer', '5.1'));
    r.onCallEvent(call('hangup', '5.1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.outcome.state).toBe('resolved');
  });

  it('cancelAccept rejects every request for that call', async () => {
    const r = new PendingRequests(timers);
    const a = track(r.waitForAccept('hangupcall', '5.1'));
    const b = track(r.waitForAccept('transfer', '5.1'));
    const c = track(r.waitForAccept('hangupcall', '6.1'));
    r.cancelAccept('5.1', new RequestError('reasonNotConnected'));
    await vi.advanceTimersByTimeAsync(0);
    expect(rejection(a.outcome).code).toBe('reasonNotConnected');
    expect(rejection(b.outcome).code).toBe('reasonNotConnected');
    expect(c.outcome.state).toBe('pending');
  });
});

describe('PendingRequests.nextActionId', () => {
  it('is unique per request', () => {
    const r = new PendingRequests(timers, () => 1_700_000_000_000);
    const ids = Array.from({ length: 1_000 }, () => r.nextActionId());
    expect(new Set(ids).size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(/^a[0-9a-z]+-[0-9a-z]+$/);
  });

  it('differs across instances started at different times (worker restarts)', () => {
    const before = new PendingRequests(timers, () => 1_700_000_000_000).nextActionId();
    const after = new PendingRequests(timers, () => 1_700_000_000_001).nextActionId();
    expect(before).not.toBe(after);
  });
});
