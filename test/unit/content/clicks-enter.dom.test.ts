// @vitest-environment happy-dom
/**
 * Placing a call from a page (src/content/clicks.ts, gestures.ts, sight.ts). Enter dials only a mark the user reached
 * (keyjacking): Tab and pointer focus, not a script's, a tel: link, and keys that do nothing. Layout and trust are
 * faked (click-harness.ts); the same tricks in real Chromium are in test/e2e/click-tricks.chromium.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { asTrusted, centre, enter, fakes, flush, hoverOver, place, REFUSED, userTab } from './click-harness.ts';
import { install, linkedMark, telLink } from './click-page.ts';

describe('Enter dials only a mark the user reached (keyjacking)', () => {
  function field(): HTMLInputElement {
    const input = document.createElement('input');
    document.body.prepend(input);
    return input;
  }

  it('a mark reached with Tab dials on Enter', async () => {
    const { deps, call } = fakes();
    install(deps);
    const input = field();
    const mark = linkedMark();
    userTab(input, mark);
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call).toHaveBeenCalledWith(expect.objectContaining({ dial: '777888999', seen: 'unverified' }));
  });

  it('a mark the page focused with a script: Enter is refused, and says why', async () => {
    const { deps, call, shown } = fakes();
    install(deps);
    field();
    const mark = linkedMark();
    mark.focus();
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call).not.toHaveBeenCalled();
    expect(shown.map((s) => s.message)).toEqual([REFUSED.focus]);
  });

  it('the page cancels the user’s Tab and moves the focus itself: not the user’s', async () => {
    const { deps, call } = fakes();
    install(deps);
    const input = field();
    const mark = linkedMark();
    input.addEventListener('keydown', (e) => {
      e.preventDefault();
      mark.focus();
    });
    userTab(input, mark);
    await new Promise((r) => setTimeout(r, 0));
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call).not.toHaveBeenCalled();
  });

  it('a mark pressed with the pointer has the user’s focus; one off-screen does not dial even so', async () => {
    const { deps, call, shown } = fakes(async () => ({ ok: false, message: 'x' }));
    install(deps);
    const mark = linkedMark();
    hoverOver(mark);
    const { x, y } = centre(mark);
    mark.dispatchEvent(
      asTrusted(
        new PointerEvent('pointerdown', { bubbles: true, composed: true, clientX: x, clientY: y, isPrimary: true }),
      ),
    );
    mark.focus();
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call).toHaveBeenCalledTimes(1);
    place(mark, { left: -5000, top: 10, width: 100, height: 20 });
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call).toHaveBeenCalledTimes(1);
    expect(shown.at(-1)?.message).toBe(REFUSED.hidden);
  });

  it('Enter on a focused tel: link (the browser clicks it, detail 0) needs the user’s focus too', async () => {
    const { deps, call } = fakes();
    install(deps);
    const input = field();
    const a = telLink('tel:+420777888999', '777 888 999', '777888999', '+420777888999');
    const keyboardClick = () =>
      a.dispatchEvent(
        asTrusted(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, detail: 0 })),
      );
    a.focus();
    keyboardClick();
    await flush();
    expect(call).not.toHaveBeenCalled();
    input.focus();
    userTab(input, a);
    keyboardClick();
    await flush();
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('other keys, IME composition and Enter outside a mark do nothing', async () => {
    const { deps, call } = fakes();
    install(deps);
    const input = field();
    const mark = linkedMark();
    userTab(input, mark);
    mark.dispatchEvent(asTrusted(new KeyboardEvent('keydown', { key: 'a', bubbles: true, composed: true })));
    mark.dispatchEvent(asTrusted(enter({ isComposing: true })));
    input.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call).not.toHaveBeenCalled();
  });
});
