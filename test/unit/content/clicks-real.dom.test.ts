// @vitest-environment happy-dom
/**
 * Placing a call from a page (src/content/clicks.ts, gestures.ts, sight.ts). A real click on the mark's own digits:
 * what the background is asked, errors shown, the page kept from seeing the click, one call at a time, drags,
 * modifiers, shadow roots, and nothing after uninstalling. Layout and trust are faked (click-harness.ts); the same
 * tricks in real Chromium are in test/e2e/click-tricks.chromium.e2e.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { NUMBER_ATTR } from '../../../src/content/marks.ts';
import type { PageCallOutcome } from '../../../src/shared/call-guard.ts';
import {
  asTrusted,
  centre,
  fakes,
  flush,
  hoverOver,
  place,
  trustedClick,
  trustedPointer,
  userClick,
} from './click-harness.ts';
import { install, linkedMark, marks, uninstall } from './click-page.ts';

describe('a real click on the mark’s own digits', () => {
  it('asks the background for the call: what the mark was linked from, what it dials, what the user saw', async () => {
    const { deps, call, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    userClick(mark);
    await flush();
    expect(call).toHaveBeenCalledExactlyOnceWith({
      text: '777 888 999',
      dial: '777888999',
      link: false,
      lang: 'cs',
      shown: '777 888 999',
      // happy-dom has no IntersectionObserver v2, like Firefox: every check of ours passed, the browser cannot say more.
      seen: 'unverified',
    });
    expect(shown).toEqual([
      { kind: 'info', message: 'Calling +420 777 888 999…', keepClear: [] },
      { kind: 'ok', message: 'Ringing 777 888 999', keepClear: [] },
    ]);
  });

  it('a call that asks first says where', async () => {
    const { deps, shown } = fakes(async () => ({
      ok: true,
      value: { outcome: 'asking', label: '900 123 456', where: 'window' },
    }));
    install(deps);
    userClick(linkedMark('Volejte 900 123 456', '900 123 456', '900123456'));
    await flush();
    expect(shown.at(-1)).toEqual({ kind: 'info', message: 'Confirm 900 123 456 in the window', keepClear: [] });
  });

  it('the answer comes when the user is on the next number: the bubble about the call keeps clear of it', async () => {
    let answer: (v: { ok: true; value: PageCallOutcome }) => void = () => undefined;
    const { deps, shown } = fakes(() => new Promise((resolve) => (answer = resolve)));
    install(deps);
    const first = linkedMark();
    const next = linkedMark('Nebo 602 123 456', '602 123 456', '602123456');
    place(next, { left: 10, top: 34, width: 100, height: 20 });
    userClick(first);
    await flush();
    expect(shown).toEqual([{ kind: 'info', message: 'Calling +420 777 888 999…', keepClear: [] }]);
    hoverOver(next);
    answer({ ok: true, value: { outcome: 'placed', label: '777 888 999' } });
    await flush();
    expect(shown.at(-1)).toEqual({ kind: 'ok', message: 'Ringing 777 888 999', keepClear: [next] });
  });

  it('shows the error the background reports', async () => {
    const { deps, shown } = fakes(async () => ({ ok: false, message: 'Not connected to the iPBX.' }));
    install(deps);
    userClick(linkedMark());
    await flush();
    expect(shown.at(-1)).toEqual({ kind: 'error', message: 'Not connected to the iPBX.', keepClear: [] });
  });

  it('stops the page from seeing the click (captured on the window), and takes our bubble out of the way first', async () => {
    const { deps } = fakes();
    install(deps);
    const mark = linkedMark();
    const pageSaw = vi.fn();
    mark.addEventListener('click', pageSaw);
    userClick(mark);
    await flush();
    expect(pageSaw).not.toHaveBeenCalled();
    expect(deps.hide).toHaveBeenCalled();
  });

  it('a second click while the first call is being placed does nothing; afterwards it dials again', async () => {
    let finish: () => void = () => undefined;
    const { deps, call } = fakes(
      () =>
        new Promise((resolve) => {
          finish = () => resolve({ ok: true, value: { outcome: 'placed', label: '777 888 999' } });
        }),
    );
    install(deps);
    const mark = linkedMark();
    userClick(mark);
    await flush();
    userClick(mark);
    await flush();
    expect(call).toHaveBeenCalledTimes(1);
    finish();
    await flush();
    userClick(mark);
    await flush();
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('a press and release apart (a drag: the user selecting the number) places no call', async () => {
    const { deps, call } = fakes();
    install(deps);
    const mark = linkedMark();
    const { x, y } = centre(mark);
    mark.dispatchEvent(
      asTrusted(new PointerEvent('pointerdown', { bubbles: true, clientX: x - 20, clientY: y, isPrimary: true })),
    );
    mark.dispatchEvent(trustedClick(x + 20, y));
    await flush();
    expect(call).not.toHaveBeenCalled();
  });

  it('ignores clicks elsewhere, and clicks with a modifier (open in a new tab and the like)', async () => {
    const { deps, call } = fakes();
    install(deps);
    const mark = linkedMark();
    const other = document.createElement('p');
    document.body.append(other);
    userClick(other);
    mark.dispatchEvent(asTrusted(new MouseEvent('click', { bubbles: true, composed: true, ctrlKey: true, detail: 1 })));
    await flush();
    expect(call).not.toHaveBeenCalled();
  });

  it('finds marks inside open shadow roots (composedPath)', async () => {
    const { deps, call } = fakes();
    install(deps);
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    // The mark's own shadow style keeps its digits isolated wherever it is; happy-dom does not apply :host rules, so the
    // test gives this shadow root our stylesheet instead (a real browser: click-to-call.chromium.e2e.ts).
    const style = document.createElement('style');
    style.textContent = readFileSync('src/content/marks.css', 'utf8');
    root.append(style);
    const node = document.createTextNode('Volejte 777 888 999');
    const p = document.createElement('p');
    p.append(node);
    root.append(p);
    marks.linkText(node, [{ start: 8, end: 19, dial: '777888999', label: '+420 777 888 999' }], (l) => `Call ${l}`);
    const mark = p.querySelector(`[${NUMBER_ATTR}]`)!;
    place(mark, { left: 10, top: 10, width: 100, height: 20 });
    userClick(mark);
    await flush();
    expect(call).toHaveBeenCalledTimes(1);
  });
});

it('after uninstalling, nothing is dialled', async () => {
  const { deps, call } = fakes();
  install(deps);
  const mark = linkedMark();
  uninstall();
  userClick(mark);
  await flush();
  expect(call).not.toHaveBeenCalled();
});

describe('the first mark the user reaches', () => {
  it('has the checks run on it once a task later, placing nothing, so the first click runs warm code', async () => {
    const { deps, call } = fakes();
    install(deps);
    const first = linkedMark();
    const second = linkedMark('Fax 602 111 222', '602 111 222', '602111222');
    place(second, { left: 10, top: 50, width: 100, height: 20 });
    const styles = vi.spyOn(window, 'getComputedStyle');
    const over = (el: Element) => el.dispatchEvent(trustedPointer('pointerover', centre(el).x, centre(el).y));
    over(first);
    expect(styles).not.toHaveBeenCalled(); // not in the pointer's own event
    await flush();
    const once = styles.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    expect(styles.mock.calls.every(([el]) => first.contains(el) || el.contains(first))).toBe(true);
    over(second);
    over(first);
    await flush();
    expect(styles.mock.calls.length).toBe(once); // once per page, not per mark or per hover
    expect(call).not.toHaveBeenCalled();
    styles.mockRestore();
  });
});
