/**
 * Attended transfers under way (src/background/consultations.ts): which call events pair a consultation with its
 * call or end it, and the tracker that keeps them in storage.session for a restarted worker. The engine's part, end
 * to end against the simulator, is in test/integration (engine, faults, vocabulary).
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { Consultations, consultationsAfter } from '../../src/background/consultations.ts';
import type { Consultation } from '../../src/shared/messages.ts';
import type { CallEvent } from '../../src/shared/protocol.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';

function ev(type: CallEvent['type'], uniqueId: string, extra: Partial<CallEvent> = {}): CallEvent {
  return { event: 'call', type, uniqueId, ...extra };
}

const WAITING: Consultation = { uniqueId: 'orig', to: '446' };
const PAIRED: Consultation = { uniqueId: 'orig', to: '446', consultId: 'cons' };

describe('consultationsAfter', () => {
  it('pairs the consultation with the first other call that rings the transfer target', () => {
    expect(consultationsAfter([WAITING], ev('ringing', 'cons', { to: '446' }))).toEqual([PAIRED]);
    // Paired once: a later call to the same number is another call.
    expect(consultationsAfter([PAIRED], ev('ringing', 'other', { to: '446' }))).toEqual([PAIRED]);
  });

  it('does not pair the original call, nor a call to another number', () => {
    const list = [WAITING];
    expect(consultationsAfter(list, ev('ringing', 'orig', { to: '446' }))).toBe(list);
    expect(consultationsAfter(list, ev('ringing', 'cons', { to: '447' }))).toBe(list);
  });

  it('a hangup of either call ends the consultation', () => {
    expect(consultationsAfter([PAIRED], ev('hangup', 'orig'))).toEqual([]);
    expect(consultationsAfter([PAIRED], ev('hangup', 'cons'))).toEqual([]);
    expect(consultationsAfter([WAITING], ev('hangup', 'orig'))).toEqual([]);
  });

  it('a completed attended transfer ends it, whichever call it names', () => {
    expect(consultationsAfter([PAIRED], ev('attendedtransfer', 'x', { targetUniqueId: 'cons' }))).toEqual([]);
    expect(consultationsAfter([PAIRED], ev('attendedtransfer', 'orig'))).toEqual([]);
  });

  it('keeps the others, and returns the same list when nothing changed', () => {
    const other: Consultation = { uniqueId: 'b', to: '500' };
    expect(consultationsAfter([PAIRED, other], ev('hangup', 'cons'))).toEqual([other]);
    const list = [PAIRED, other];
    expect(consultationsAfter(list, ev('hangup', 'unrelated'))).toBe(list);
    expect(consultationsAfter(list, ev('answered', 'orig'))).toBe(list);
    const none: Consultation[] = [];
    expect(consultationsAfter(none, ev('ringing', 'x', { to: '446' }))).toBe(none);
  });
});

describe('Consultations', () => {
  const storage = new ItemStorage({ browser, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const stored = async () => (await fakeBrowser.storage.session.get('consultations')).consultations;

  beforeEach(() => fakeBrowser.reset());

  it('begins, replaces and cancels a transfer, stores each change and says so', async () => {
    const onChange = vi.fn();
    const tracker = new Consultations(storage, onChange);
    tracker.begin('orig', '446');
    tracker.begin('orig', '447');
    expect(tracker.current).toEqual([{ uniqueId: 'orig', to: '447' }]);
    await vi.waitFor(async () => expect(await stored()).toEqual([{ uniqueId: 'orig', to: '447' }]));
    tracker.cancel('orig');
    expect(tracker.current).toEqual([]);
    await vi.waitFor(async () => expect(await stored()).toEqual([]));
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it('follows call events, and is quiet about events that change nothing', () => {
    const onChange = vi.fn();
    const tracker = new Consultations(storage, onChange);
    tracker.onCallEvent(ev('hangup', 'orig'));
    expect(onChange).not.toHaveBeenCalled();
    tracker.begin('orig', '446');
    tracker.onCallEvent(ev('ringing', 'cons', { to: '446' }));
    expect(tracker.current).toEqual([PAIRED]);
    tracker.onCallEvent(ev('answered', 'cons'));
    tracker.onCallEvent(ev('hangup', 'cons'));
    expect(tracker.current).toEqual([]);
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it('restores what a stopped worker stored, for the calls that are still known, without announcing it', async () => {
    await fakeBrowser.storage.session.set({ consultations: [PAIRED, { uniqueId: 'gone', to: '1' }] });
    const onChange = vi.fn();
    const tracker = new Consultations(storage, onChange);
    tracker.restore(await tracker.load(), (id) => id === 'orig');
    expect(tracker.current).toEqual([PAIRED]);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('loads none when storage.session cannot be read', async () => {
    const failing = new ItemStorage({
      browser: {
        storage: {
          ...browser.storage,
          session: { ...browser.storage.session, get: () => Promise.reject(new Error('no session storage')) },
        },
      },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    expect(await new Consultations(failing, () => undefined).load()).toEqual([]);
  });
});
