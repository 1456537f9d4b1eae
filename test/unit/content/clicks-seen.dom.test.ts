// @vitest-environment happy-dom
/**
 * Placing a call from a page (src/content/clicks.ts, gestures.ts, sight.ts). What the user saw is told to the
 * background: a mark that moved under the resting pointer (placed only if the user confirms), and what a tel: link
 * shows. Layout and trust are faked (click-harness.ts); the same tricks in real Chromium are in
 * test/e2e/click-tricks.chromium.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { asTrusted, centre, fakes, flush, hoverOver, place, trustedClick, userClick } from './click-harness.ts';
import { install, linkedMark, telLink } from './click-page.ts';

describe('what the user saw is told to the background', () => {
  it('a mark that moved under the resting pointer before the press: placed only if the user confirms (doubt)', async () => {
    const { deps, call } = fakes();
    install(deps);
    const mark = linkedMark();
    hoverOver(mark);
    // The page moves the number under the pointer (it follows the pointer): the user aimed at something else.
    place(mark, { left: 200, top: 200, width: 100, height: 20 });
    const at = centre(mark);
    mark.dispatchEvent(
      asTrusted(
        new PointerEvent('pointerdown', {
          bubbles: true,
          composed: true,
          clientX: at.x,
          clientY: at.y,
          isPrimary: true,
        }),
      ),
    );
    mark.dispatchEvent(trustedClick(at.x, at.y));
    await flush();
    expect(call).toHaveBeenCalledWith(expect.objectContaining({ seen: 'doubt', doubt: 'moved' }));
  });

  it('a tel: link tells what it shows; the background compares it with what it calls', async () => {
    const { deps, call } = fakes();
    install(deps);
    const a = telLink('tel:+420602123456', 'Stáhnout PDF', '602123456', '+420602123456');
    userClick(a);
    await flush();
    expect(call).toHaveBeenCalledWith(
      expect.objectContaining({ text: '+420602123456', dial: '602123456', link: true, shown: 'Stáhnout PDF' }),
    );
  });
});
