/**
 * Calls a page started, announced until they end (src/background/call-guard/announcements.ts): Cancel hangs up the
 * call the originate created, by its uniqueId, or once it is known.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Announcements, GIVE_UP_MS } from '../../../src/background/call-guard/announcements.ts';
import type { Call } from '../../../src/shared/calls.ts';

function call(uniqueId: string, to: string, direction: Call['direction'] = 'outgoing'): Call {
  return { uniqueId, from: '444', to, direction, state: 'ringing', startedAt: 0 };
}

function calls(...list: Call[]): Map<string, Call> {
  return new Map(list.map((c) => [c.uniqueId, c]));
}

let now = 0;
let hangup: ReturnType<typeof vi.fn<(uniqueId: string) => Promise<unknown>>>;
let withdrawn: string[];
let a: Announcements;

beforeEach(() => {
  now = 1_000;
  hangup = vi.fn<(uniqueId: string) => Promise<unknown>>(async () => undefined);
  withdrawn = [];
  a = new Announcements({
    hangup,
    withdraw: (id) => withdrawn.push(id),
    log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    now: () => now,
  });
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Announcements', () => {
  it('Cancel hangs up the call the originate named', async () => {
    a.start('n1', '777888999');
    a.placed('n1', '17.1');
    a.onCalls(calls(call('17.1', '777888999')));
    a.cancel('n1');
    await settle();
    expect(hangup).toHaveBeenCalledExactlyOnceWith('17.1');
    expect(withdrawn).toEqual(['n1']);
  });

  it('a Cancel before the call is known is remembered, and carried out when it shows up', async () => {
    a.start('n1', '777888999');
    a.cancel('n1');
    a.placed('n1', '17.1');
    await settle();
    expect(hangup).not.toHaveBeenCalled(); // the iPBX has not reported the call yet: hangupcall would find nothing
    a.onCalls(calls(call('17.1', '777888999')));
    await settle();
    expect(hangup).toHaveBeenCalledExactlyOnceWith('17.1');
  });

  it('without a uniqueId in the answer, the first new outgoing call to the dialled number is the one', async () => {
    a.start('n1', '00442079460958');
    a.placed('n1', undefined);
    a.cancel('n1');
    a.onCalls(
      calls(call('5.1', '602123456'), call('5.2', '+442079460958', 'incoming'), call('5.3', '+44 20 7946 0958')),
    );
    await settle();
    expect(hangup).toHaveBeenCalledExactlyOnceWith('5.3');
  });

  it('two announcements never claim the same call', async () => {
    a.start('n1', '777888999');
    a.start('n2', '777888999');
    a.placed('n1', undefined);
    a.placed('n2', undefined);
    a.cancel('n2');
    a.onCalls(calls(call('5.1', '777888999')));
    a.onCalls(calls(call('5.1', '777888999'), call('5.2', '777888999')));
    await settle();
    expect(hangup).toHaveBeenCalledExactlyOnceWith('5.2');
  });

  it('the announcement goes when its call ends, or when the originate failed', () => {
    a.start('n1', '777888999');
    a.placed('n1', '17.1');
    a.onCalls(calls(call('17.1', '777888999')));
    expect(withdrawn).toEqual([]);
    a.onCalls(calls());
    expect(withdrawn).toEqual(['n1']);
    a.start('n2', '602123456');
    a.failed('n2');
    expect(withdrawn).toEqual(['n1', 'n2']);
    expect(a.has('n2')).toBe(false);
  });

  it(`one whose call never shows up is dropped after ${GIVE_UP_MS / 60_000} min`, () => {
    a.start('n1', '777888999');
    a.placed('n1', undefined);
    now += GIVE_UP_MS + 1;
    a.onCalls(calls());
    expect(withdrawn).toEqual(['n1']);
  });

  it('a hang-up that fails is tried again on the next change, and logged', async () => {
    hangup.mockRejectedValueOnce(new Error('errNoSuchCall'));
    a.start('n1', '777888999');
    a.placed('n1', '17.1');
    a.onCalls(calls(call('17.1', '777888999')));
    a.cancel('n1');
    await settle();
    a.onCalls(calls(call('17.1', '777888999')));
    await settle();
    expect(hangup).toHaveBeenCalledTimes(2);
    expect(withdrawn).toEqual(['n1']);
  });
});
