// @vitest-environment happy-dom
/**
 * The browser's word on a mark (src/content/visibility.ts): IntersectionObserver v2, watched lazily for the marks the
 * user reaches. happy-dom has no v2; a fake IntersectionObserver stands in for Chromium's, and the browser's verdict
 * is what the test says. Real Chromium: test/e2e/click-tricks.chromium.e2e.ts (a frame at opacity 0, a layer on top).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VisibilityWatch } from '../../../src/content/visibility.ts';

class FakeEntry {}
Object.defineProperty(FakeEntry.prototype, 'isVisible', { value: false });

/** The observers made, what each watches, with what options; `report` delivers entries as the browser would. */
const observers: FakeObserver[] = [];
class FakeObserver {
  readonly watched = new Set<Element>();
  queued: IntersectionObserverEntry[] = [];
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options: Record<string, unknown>,
  ) {
    observers.push(this);
  }
  observe(el: Element) {
    this.watched.add(el);
  }
  unobserve(el: Element) {
    this.watched.delete(el);
  }
  disconnect() {
    this.watched.clear();
  }
  takeRecords() {
    const q = this.queued;
    this.queued = [];
    return q;
  }
  report(el: Element, isVisible: boolean, queueOnly = false) {
    const entry = { target: el, isVisible, isIntersecting: true } as unknown as IntersectionObserverEntry;
    if (queueOnly) this.queued.push(entry);
    else this.callback([entry], this as unknown as IntersectionObserver);
  }
}

function chromiumLike(): Window & typeof globalThis {
  return Object.assign(Object.create(window), {
    IntersectionObserver: FakeObserver,
    IntersectionObserverEntry: FakeEntry,
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
  });
}

function marks(n: number): Element[] {
  return Array.from({ length: n }, () => document.body.appendChild(document.createElement('span')));
}

beforeEach(() => {
  observers.length = 0;
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('VisibilityWatch', () => {
  it('is not there without IntersectionObserver v2 (Firefox, happy-dom): no verdict, nothing observed', async () => {
    const watch = new VisibilityWatch(window);
    expect(watch.supported).toBe(false);
    const [el] = marks(1);
    watch.watch(el!);
    expect(await watch.verdict(el!, 50)).toBeNull();
  });

  it('watches with trackVisibility and a delay of at least 100 ms, one observer, only what it is asked to', () => {
    const watch = new VisibilityWatch(chromiumLike());
    expect(watch.supported).toBe(true);
    const [a, b] = marks(3);
    expect(observers).toHaveLength(0); // nothing until a mark is reached: a scan costs nothing
    watch.watch(a!);
    watch.watch(b!);
    watch.watch(a!);
    expect(observers).toHaveLength(1);
    expect(observers[0]!.options).toMatchObject({ trackVisibility: true, delay: 100 });
    expect([...observers[0]!.watched]).toEqual([a, b]);
  });

  it('answers with the latest verdict, also one still queued, and waits a little for the first', async () => {
    const watch = new VisibilityWatch(chromiumLike());
    const [el] = marks(1);
    watch.watch(el!);
    const io = observers[0]!;
    io.report(el!, true);
    expect(await watch.verdict(el!, 0)).toBe(true);
    io.report(el!, false, true); // the page hid it just now: queued, not delivered yet
    expect(await watch.verdict(el!, 0)).toBe(false);
    const [late] = marks(1);
    const pending = watch.verdict(late!, 300);
    io.report(late!, true);
    expect(await pending).toBe(true);
  });

  it('no verdict within the wait: null', async () => {
    vi.useFakeTimers();
    const watch = new VisibilityWatch(chromiumLike());
    const [el] = marks(1);
    const pending = watch.verdict(el!, 300);
    vi.advanceTimersByTime(300);
    expect(await pending).toBeNull();
    vi.useRealTimers();
  });

  it('keeps at most eight marks watched, dropping the ones reached longest ago', () => {
    const watch = new VisibilityWatch(chromiumLike());
    const els = marks(10);
    for (const el of els) watch.watch(el);
    watch.watch(els[3]!); // reached again: newest now
    watch.watch(document.body.appendChild(document.createElement('i')));
    expect(observers[0]!.watched.size).toBe(8);
    expect(observers[0]!.watched.has(els[3]!)).toBe(true);
    expect(observers[0]!.watched.has(els[0]!)).toBe(false);
  });
});
