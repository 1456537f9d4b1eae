// @vitest-environment happy-dom
/**
 * Placing a call from a page (src/content/clicks.ts, gestures.ts, sight.ts). A click that does not land on what the
 * user sees is refused, and says why: off the digits, something of the page's on top or inside, a mark that moved, or
 * one the page rewrote. Layout and trust are faked (click-harness.ts); the same tricks in real Chromium are in
 * test/e2e/click-tricks.chromium.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { NUMBER_ATTR } from '../../../src/content/marks.ts';
import {
  asTrusted,
  centre,
  coverWith,
  enter,
  fakes,
  flush,
  place,
  REFUSED,
  trustedClick,
  userClick,
  userTab,
} from './click-harness.ts';
import { install, linkedMark, marks } from './click-page.ts';

describe('a click that does not land on what the user sees is refused, and says why', () => {
  async function refused(setup: (mark: HTMLElement) => void, click?: (mark: HTMLElement) => void): Promise<string[]> {
    const { deps, call, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    setup(mark);
    (click ?? userClick)(mark);
    await flush();
    expect(call).not.toHaveBeenCalled();
    return shown.map((s) => s.message);
  }

  it('off the digits: a mark stretched over the page, its text elsewhere (the click lands on its box)', async () => {
    expect(
      await refused(
        () => undefined,
        (mark) => userClick(mark, { x: 500, y: 400 }),
      ),
    ).toEqual([REFUSED.hidden]);
  });

  it('an element the page put inside the mark takes the click (the event’s own hit test): refused', async () => {
    // The click lands on the mark's box, but the element the browser hit is a child the page put there, off the digits.
    const { deps, call, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    const child = document.createElement('b');
    mark.append(child);
    userClick(child, { x: 60, y: 20 });
    await flush();
    expect(call).not.toHaveBeenCalled();
    expect(shown.map((s) => s.message)).toEqual([REFUSED.spoofed]);
  });

  it('Enter on a mark with something else on top at its digits (a page’s layer)', async () => {
    const { deps, call, shown } = fakes();
    install(deps);
    const input = document.createElement('input');
    document.body.prepend(input);
    const mark = linkedMark();
    userTab(input, mark);
    const layer = document.createElement('div');
    document.body.append(layer);
    coverWith(layer);
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call).not.toHaveBeenCalled();
    expect(shown.map((s) => s.message)).toEqual([REFUSED.hidden]);
  });

  it('a mark that moved under the pointer between press and click', async () => {
    expect(
      await refused(
        () => undefined,
        (mark) => userClick(mark, centre(mark), () => place(mark, { left: 12, top: 40, width: 100, height: 20 })),
      ),
    ).toEqual([REFUSED.moved]);
  });

  it('a click with no press on the mark before it (it came under the pointer during the gesture)', async () => {
    expect(
      await refused(
        () => undefined,
        (mark) => {
          const { x, y } = centre(mark);
          mark.dispatchEvent(trustedClick(x, y));
        },
      ),
    ).toEqual([REFUSED.moved]);
  });

  it('the page rewrote the mark: data-ipbx-number, its text', async () => {
    expect(await refused((m) => m.setAttribute(NUMBER_ATTR, '900123456'))).toEqual([REFUSED.changed]);
    marks.restoreAll();
    expect(await refused((m) => (m.textContent = '900 123 456'))).toEqual([REFUSED.changed]);
  });

  it('an element the page put into the mark (an empty full-screen child)', async () => {
    expect(await refused((m) => m.append(document.createElement('div')))).toEqual([REFUSED.spoofed]);
  });
});
