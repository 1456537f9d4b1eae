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
