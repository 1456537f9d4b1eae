// @vitest-environment happy-dom
/**
 * Placing a call from a page (src/content/clicks.ts, gestures.ts, sight.ts). Untrusted events (click(), dispatched
 * clicks and keys) and a page's look-alike of a mark never place a call. Layout and trust are faked (click-harness.ts);
 * the same tricks in real Chromium are in test/e2e/click-tricks.chromium.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { MARK_TAG, NUMBER_ATTR } from '../../../src/content/marks.ts';
import { enter, fakes, flush, place, userClick } from './click-harness.ts';
import { install, linkedMark } from './click-page.ts';

describe('untrusted events never place a call', () => {
  it('element.click(), dispatched clicks and Enter, with any button and modifiers', async () => {
    const { deps, call, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.click();
    for (const init of [{}, { button: 0 }, { ctrlKey: true }, { detail: 1 }]) {
      const e = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, ...init });
      mark.dispatchEvent(e);
      // The page's own handlers see it as usual: we do not swallow it.
      expect(e.defaultPrevented).toBe(false);
    }
    mark.focus();
    mark.dispatchEvent(enter());
    await flush();
    expect(call).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('a page’s own element that looks like a mark is no mark: it carries nothing in our world', async () => {
    const { deps, call } = fakes();
    install(deps);
    const forged = document.createElement(MARK_TAG);
    forged.setAttribute(NUMBER_ATTR, '900123456');
    forged.textContent = '900 123 456';
    document.body.append(forged);
    place(forged, { left: 10, top: 10, width: 100, height: 20 });
    userClick(forged);
    await flush();
    expect(call).not.toHaveBeenCalled();
  });
});
