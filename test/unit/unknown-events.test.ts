import { describe, expect, it, vi } from 'vitest';
import { logUnknownEventOnce, MAX_UNKNOWN_NAMES, OncePerName } from '../../src/shared/protocol.ts';
import type { Logger } from '../../src/shared/log.ts';

const logger = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }) satisfies Logger;

describe('OncePerName', () => {
  it('is true the first time a name comes, in any case, and never again', () => {
    const once = new OncePerName();
    expect(once.first('QueueStats')).toBe(true);
    expect(once.first('QueueStats')).toBe(false);
    expect(once.first('QUEUESTATS')).toBe(false);
    expect(once.first('Other')).toBe(true);
  });

  it('remembers at most its cap of names, then reports no new one', () => {
    const once = new OncePerName(3);
    expect(['a', 'b', 'c', 'd', 'a'].map((n) => once.first(n))).toEqual([true, true, true, false, false]);
    expect(MAX_UNKNOWN_NAMES).toBe(100);
  });
});

describe('logUnknownEventOnce', () => {
  it('writes one line per unknown event name per logger, not one per frame', () => {
    const a = logger();
    const b = logger();
    for (let i = 0; i < 50; i++) logUnknownEventOnce(a, i % 2 ? 'QueueStats' : 'Dial');
    logUnknownEventOnce(b, 'Dial');
    expect(a.info.mock.calls).toEqual([['ignored unknown event "Dial"'], ['ignored unknown event "QueueStats"']]);
    expect(b.info.mock.calls).toEqual([['ignored unknown event "Dial"']]);
    expect(a.warn).not.toHaveBeenCalled();
  });
});
