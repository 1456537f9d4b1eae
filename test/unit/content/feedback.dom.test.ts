// @vitest-environment happy-dom
/** The "Calling…" bubble (src/content/feedback.ts): one host, timed, out of the page's reach. Nothing relies on it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Feedback } from '../../../src/content/feedback.ts';

function linkedMark(): HTMLElement {
  const mark = document.createElement('span');
  mark.textContent = '777 888 999';
  document.body.append(mark);
  return mark;
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('Feedback bubble', () => {
  it('shows one host element, keeps "info" up, hides "ok" after 5 s and "error" after 8 s', () => {
    vi.useFakeTimers();
    const feedback = new Feedback(document, 'Close');
    const mark = linkedMark();
    feedback.show('info', 'Calling…', mark);
    const hosts = (): Element[] => Array.from(document.querySelectorAll('ipbx-feedback'));
    expect(hosts()).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(hosts()).toHaveLength(1);

    feedback.show('ok', 'Ringing', mark);
    expect(hosts()).toHaveLength(1);
    vi.advanceTimersByTime(4_999);
    expect(hosts()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(hosts()).toHaveLength(0);

    feedback.show('error', 'Failed', null);
    vi.advanceTimersByTime(7_999);
    expect(hosts()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(hosts()).toHaveLength(0);
  });

  it('keeps its contents out of the page’s reach (closed shadow root)', () => {
    const feedback = new Feedback(document, 'Close');
    feedback.show('info', 'Calling +420 777 888 999…');
    const host = document.querySelector<HTMLElement>('ipbx-feedback');
    expect(host).not.toBeNull();
    expect(host!.shadowRoot).toBeNull();
    expect(host!.textContent).toBe('');
    feedback.hide();
    expect(document.querySelector('ipbx-feedback')).toBeNull();
  });
});

it('sits clear of the number’s line, shadow included: the browser would count it as covering the number', () => {
  const feedback = new Feedback(document, 'Close');
  const mark = linkedMark();
  vi.spyOn(mark, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 10, y: 100, width: 100, height: 20 }));
  feedback.show('ok', 'Ringing', mark);
  const host = document.querySelector<HTMLElement>('ipbx-feedback')!;
  expect(Number.parseFloat(host.style.top)).toBeGreaterThanOrEqual(128);
  feedback.hide();
});

describe('keeping clear of the marks the user is on (the browser would count the bubble as hiding them)', () => {
  const SIZE = { width: 200, height: 34 };
  /** Boxes of the marks, as happy-dom lays nothing out. */
  const boxes = new Map<Element, DOMRect>();
  function markAt(top: number, box = DOMRect.fromRect({ x: 10, y: top, width: 100, height: 20 })): HTMLElement {
    const mark = linkedMark();
    boxes.set(mark, box);
    return mark;
  }
  /** The marks' boxes, and the bubble's from where show() put it: a fixed 200×34 box in the window. */
  function layOutBubbles(): void {
    boxes.clear();
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      if (this.localName !== 'ipbx-feedback') return boxes.get(this) ?? DOMRect.fromRect({});
      const px = (v: string) => Number.parseFloat(v);
      const s = this.style;
      const x = s.left !== 'auto' ? px(s.left) : window.innerWidth - px(s.right) - SIZE.width;
      const y = s.top !== 'auto' ? px(s.top) : window.innerHeight - px(s.bottom) - SIZE.height;
      return DOMRect.fromRect({ x, y, ...SIZE });
    });
  }
  const bubble = () => document.querySelector<HTMLElement>('ipbx-feedback');
  const spot = () => {
    const s = bubble()!.style;
    return { top: s.top, bottom: s.bottom, left: s.left, right: s.right };
  };

  afterEach(() => vi.restoreAllMocks());

  it('sits below the number when the mark the user is on is elsewhere', () => {
    layOutBubbles();
    const feedback = new Feedback(document, 'Close');
    feedback.show('ok', 'Ringing', markAt(100), [markAt(400)]);
    expect(spot()).toEqual({ top: '128px', bottom: 'auto', left: '10px', right: 'auto' });
  });

  it('goes above the number when the user is on the next one below it', () => {
    layOutBubbles();
    const feedback = new Feedback(document, 'Close');
    feedback.show('ok', 'Ringing', markAt(100), [markAt(124)]);
    // Its box and shadow end clear of the number's line: 100 - 8 - 8 - 34.
    expect(spot()).toEqual({ top: '50px', bottom: 'auto', left: '10px', right: 'auto' });
  });

  it('goes to a corner when the numbers above and below are the user’s, and away when no place is clear', () => {
    layOutBubbles();
    const feedback = new Feedback(document, 'Close');
    feedback.show('ok', 'Ringing', markAt(100), [markAt(124), markAt(60)]);
    expect(spot()).toEqual({ top: '12px', bottom: 'auto', left: 'auto', right: '12px' });

    const everywhere = markAt(
      0,
      DOMRect.fromRect({ x: 0, y: 0, width: window.innerWidth, height: window.innerHeight }),
    );
    feedback.show('ok', 'Ringing', markAt(100), [everywhere]);
    expect(bubble()).toBeNull();
  });

  it('still speaks of a number a page stretched over the whole view: below it, as the only place left', () => {
    layOutBubbles();
    const feedback = new Feedback(document, 'Close');
    const view = DOMRect.fromRect({ x: 0, y: 0, width: window.innerWidth, height: window.innerHeight });
    feedback.show('error', 'This number is not visible on the page', markAt(0, view), []);
    expect(spot()).toEqual({ top: `${window.innerHeight - 48}px`, bottom: 'auto', left: '8px', right: 'auto' });
  });
});
