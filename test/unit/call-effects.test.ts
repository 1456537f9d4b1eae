/**
 * The side effects of call changes (src/background/call-effects.ts): one run per EFFECTS_MS window over the whole
 * change, ended calls collected per event, history writes and panel pushes throttled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Badge } from '../../src/background/badge.ts';
import {
  CallEffects,
  EFFECTS_MS,
  HISTORY_WRITE_MS,
  PANEL_PUSH_MS,
  type EffectTargets,
} from '../../src/background/call-effects.ts';
import { callReducer, EMPTY_CALL_STATE, type CallState } from '../../src/background/call-reducer.ts';
import type { RecentCall } from '../../src/shared/storage/items.ts';
import type { CallEvent } from '../../src/shared/protocol.ts';
import { migrateSettings, type Settings } from '../../src/shared/settings.ts';
import type { ConnectionStatus } from '../../src/shared/status.ts';

const T0 = 1_700_000_000_000;

function ring(uniqueId: string): CallEvent {
  return { event: 'call', type: 'ringing', uniqueId, from: '777888999', to: '444', direction: 'incoming' };
}

function hangup(uniqueId: string): CallEvent {
  return { event: 'call', type: 'hangup', uniqueId };
}

/** A stand-in for the engine: applies events and reports each change to the effects, as engine.onChange does. */
function setup(opts: { panelsOpen?: boolean } = {}) {
  let calls: CallState = EMPTY_CALL_STATE;
  let status: ConnectionStatus = { state: 'connected', since: T0 };
  const settings: Settings = migrateSettings(undefined);
  const applied: { prev: CallState; next: CallState; settings: Settings; at: number }[] = [];
  const popped: { prev: CallState; next: CallState }[] = [];
  const badges: Badge[] = [];
  const recorded: { ids: string[]; at: number }[] = [];
  const pushes: number[] = [];
  const panels = { open: opts.panelsOpen ?? false, push: () => void pushes.push(Date.now()) };
  const missedRecorded: { ids: string[]; at: number }[] = [];
  const rings: number[] = [];
  const feeds: number[] = [];
  const missed = {
    unseen: 0,
    record: (ended: readonly RecentCall[]) => {
      missedRecorded.push({ ids: ended.filter((c) => c.missed).map((c) => c.uniqueId), at: Date.now() });
    },
  };
  const targets: EffectTargets = {
    current: () => ({ calls, settings, status }),
    notifier: { apply: (prev, next, s) => void applied.push({ prev, next, settings: s, at: Date.now() }) },
    screenPop: {
      apply: async (prev, next) => {
        popped.push({ prev, next });
      },
    },
    badge: {
      show: async (badge) => {
        badges.push(badge);
      },
    },
    recent: {
      record: async (ended: RecentCall[]) => {
        recorded.push({ ids: ended.map((c) => c.uniqueId), at: Date.now() });
      },
    },
    panels,
    missed,
    panelWindow: {
      onCalls: async () => {
        rings.push(Date.now());
      },
    },
    feed: {
      push: async () => {
        feeds.push(Date.now());
      },
    },
  };
  const effects = new CallEffects(targets);
  const event = (ev: CallEvent): void => {
    const prevCalls = calls;
    calls = callReducer(calls, { type: 'event', event: ev, at: Date.now() });
    effects.onChange({ prevCalls, calls });
  };
  /** A status change: the engine reports the same calls twice. */
  const statusChange = (next: ConnectionStatus): void => {
    status = next;
    effects.onChange({ prevCalls: calls, calls });
  };
  return {
    event,
    statusChange,
    effects,
    targets,
    panels,
    applied,
    popped,
    badges,
    recorded,
    pushes,
    missed,
    missedRecorded,
    rings,
    feeds,
    calls: () => calls,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('CallEffects: one run per window', () => {
  it('runs nothing at once, then once EFFECTS_MS after the first change, over the whole change', () => {
    const s = setup();
    s.event(ring('a'));
    vi.advanceTimersByTime(10);
    s.event(ring('b'));
    vi.advanceTimersByTime(10);
    s.event(ring('c'));
    expect(s.applied).toHaveLength(0);
    vi.advanceTimersByTime(EFFECTS_MS - 21);
    expect(s.applied).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(s.applied).toHaveLength(1);
    const run = s.applied[0]!;
    expect(run.at).toBe(T0 + EFFECTS_MS);
    // From the calls before the first change to the calls now: the notifier sees three new rings in one step.
    expect(run.prev).toBe(EMPTY_CALL_STATE);
    expect(run.next).toBe(s.calls());
    expect([...run.next.calls.keys()]).toEqual(['a', 'b', 'c']);
    expect(s.popped).toEqual([{ prev: EMPTY_CALL_STATE, next: s.calls() }]);
    expect(s.badges).toEqual([expect.objectContaining({ text: '3' })]);
    vi.advanceTimersByTime(10 * EFFECTS_MS);
    expect(s.applied).toHaveLength(1);
  });

  it('a change after a run opens a new window that starts from where the last one ended', () => {
    const s = setup();
    s.event(ring('a'));
    vi.advanceTimersByTime(EFFECTS_MS);
    const afterFirst = s.calls();
    s.event(ring('b'));
    vi.advanceTimersByTime(EFFECTS_MS);
    expect(s.applied.map((r) => r.at)).toEqual([T0 + EFFECTS_MS, T0 + 2 * EFFECTS_MS]);
    expect(s.applied[1]?.prev).toBe(afterFirst);
    expect(s.applied[1]?.next).toBe(s.calls());
  });

  it('under a steady flood, runs once per window', () => {
    const s = setup();
    for (let i = 0; i < 100; i++) {
      s.event(ring(`c${i}`));
      vi.advanceTimersByTime(5);
    }
    // 500 ms of events, 5 ms apart: ten windows.
    expect(s.applied).toHaveLength(10);
  });

  it('a status change with the same calls still runs the effects (the badge shows it), and ends no call', () => {
    const s = setup();
    s.event(ring('a'));
    vi.advanceTimersByTime(EFFECTS_MS + HISTORY_WRITE_MS);
    s.statusChange({ state: 'disconnected', reason: 'reasonConnectionLost', since: Date.now() });
    vi.advanceTimersByTime(EFFECTS_MS);
    expect(s.badges.at(-1)).toEqual(expect.objectContaining({ text: '!' }));
    expect(s.recorded).toEqual([]);
  });

  it('a badge that cannot be shown does not break the run', async () => {
    const s = setup();
    s.targets.badge.show = () => Promise.reject(new Error('no action API'));
    s.event(ring('a'));
    await vi.advanceTimersByTimeAsync(EFFECTS_MS);
    expect(s.applied).toHaveLength(1);
  });
});

describe('CallEffects: ended calls', () => {
  it('are collected per event: a call that came and went within one window is still recorded', () => {
    const s = setup();
    s.event(ring('brief'));
    s.event(hangup('brief'));
    vi.advanceTimersByTime(EFFECTS_MS);
    // The notifier sees no change over the window; the history still gets the call.
    expect(s.applied[0]?.prev.calls.size).toBe(0);
    expect(s.applied[0]?.next.calls.size).toBe(0);
    expect(s.recorded).toEqual([{ ids: ['brief'], at: T0 + EFFECTS_MS }]);
  });

  it('keep the order in which they ended', () => {
    const s = setup();
    s.event(ring('a'));
    s.event(ring('b'));
    s.event(ring('c'));
    s.event(hangup('b'));
    s.event(hangup('c'));
    s.event(hangup('a'));
    vi.advanceTimersByTime(EFFECTS_MS);
    expect(s.recorded.map((r) => r.ids)).toEqual([['b', 'c', 'a']]);
  });

  it('are written at most once per HISTORY_WRITE_MS, none lost: the first at once, the rest folded at the end of the gap', () => {
    const s = setup();
    s.event(ring('a'));
    s.event(hangup('a'));
    vi.advanceTimersByTime(EFFECTS_MS);
    expect(s.recorded).toEqual([{ ids: ['a'], at: T0 + EFFECTS_MS }]);
    for (const id of ['b', 'c', 'd']) {
      s.event(ring(id));
      s.event(hangup(id));
      vi.advanceTimersByTime(100);
    }
    expect(s.recorded).toHaveLength(1);
    vi.advanceTimersByTime(HISTORY_WRITE_MS);
    expect(s.recorded).toEqual([
      { ids: ['a'], at: T0 + EFFECTS_MS },
      { ids: ['b', 'c', 'd'], at: T0 + EFFECTS_MS + HISTORY_WRITE_MS },
    ]);
    vi.advanceTimersByTime(10 * HISTORY_WRITE_MS);
    expect(s.recorded).toHaveLength(2);
  });

  it('writes nothing when no call ended', () => {
    const s = setup();
    s.event(ring('a'));
    vi.advanceTimersByTime(EFFECTS_MS + HISTORY_WRITE_MS);
    expect(s.recorded).toEqual([]);
  });
});

describe('CallEffects: panels', () => {
  it('get a snapshot at most once per PANEL_PUSH_MS while changes keep coming, the first at once', () => {
    const s = setup({ panelsOpen: true });
    for (let i = 0; i < 20; i++) {
      s.event(ring(`c${i}`));
      vi.advanceTimersByTime(EFFECTS_MS);
    }
    // Runs at 50, 100, … 1000 ms; pushes at the first run, then every PANEL_PUSH_MS.
    expect(s.applied).toHaveLength(20);
    vi.advanceTimersByTime(PANEL_PUSH_MS);
    const first = T0 + EFFECTS_MS;
    expect(s.pushes).toEqual([0, 1, 2, 3, 4].map((n) => first + n * PANEL_PUSH_MS));
  });

  it('are not pushed to when none is open', () => {
    const s = setup({ panelsOpen: false });
    s.event(ring('a'));
    vi.advanceTimersByTime(EFFECTS_MS + PANEL_PUSH_MS);
    expect(s.applied).toHaveLength(1);
    expect(s.pushes).toEqual([]);
  });
});

describe('CallEffects: missed calls, the call window, the badge and the page feed', () => {
  it('hands the calls that ended since the last run to the missed calls at once, not throttled like the history', () => {
    const s = setup();
    s.event(ring('a'));
    s.event(hangup('a'));
    vi.advanceTimersByTime(EFFECTS_MS);
    s.event(ring('b'));
    s.event(hangup('b'));
    vi.advanceTimersByTime(EFFECTS_MS);
    // Both rang here and ended unanswered: missed, each in the run right after it ended.
    expect(s.missedRecorded).toEqual([
      { ids: ['a'], at: T0 + EFFECTS_MS },
      { ids: ['b'], at: T0 + 2 * EFFECTS_MS },
    ]);
    expect(s.recorded).toEqual([{ ids: ['a'], at: T0 + EFFECTS_MS }]);
  });

  it('the badge counts unseen missed calls and paused queues; refresh() redraws it without a call change', () => {
    const s = setup();
    s.missed.unseen = 2;
    s.effects.refresh();
    vi.advanceTimersByTime(EFFECTS_MS);
    expect(s.badges.at(-1)).toEqual(expect.objectContaining({ text: '2', color: '#6a1b9a' }));
    expect(s.applied).toHaveLength(1);
    s.missed.unseen = 0;
    s.effects.refresh();
    vi.advanceTimersByTime(EFFECTS_MS);
    expect(s.badges.at(-1)).toEqual(expect.objectContaining({ text: '' }));
  });

  it('every run offers the change to the call window and to the page feed (throttled like the panels)', () => {
    const s = setup();
    for (let i = 0; i < 10; i++) {
      s.event(ring(`c${i}`));
      vi.advanceTimersByTime(EFFECTS_MS);
    }
    vi.advanceTimersByTime(PANEL_PUSH_MS);
    expect(s.rings).toHaveLength(10);
    const first = T0 + EFFECTS_MS;
    expect(s.feeds).toEqual([0, 1, 2].map((n) => first + n * PANEL_PUSH_MS));
  });
});
