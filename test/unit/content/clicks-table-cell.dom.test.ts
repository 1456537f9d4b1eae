// @vitest-environment happy-dom
/**
 * Placing a call from a page (src/content/clicks.ts, gestures.ts, sight.ts). A cell of a big table marked in place:
 * real clicks and Enter dial it, synthetic ones do not, and a cell the page changed is refused. Layout and trust are
 * faked (click-harness.ts); the same tricks in real Chromium are in test/e2e/click-tricks.chromium.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { NUMBER_ATTR } from '../../../src/content/marks.ts';
import { asTrusted, centre, enter, fakes, flush, place, REFUSED, userClick } from './click-harness.ts';
import { install, marks } from './click-page.ts';

describe('a cell of a big table marked in place', () => {
  function markedCell(): HTMLElement {
    const table = document.createElement('table');
    const cell = table.insertRow().insertCell();
    cell.textContent = '602 123 456';
    document.body.append(table);
    marks.markCell(
      cell,
      table,
      '602 123 456',
      { start: 0, end: 11, dial: '602123456', label: '+420 602 123 456' },
      (l) => `Call ${l}`,
    );
    place(cell, { left: 10, top: 100, width: 100, height: 20 });
    return cell;
  }

  it('dials on a real click or Enter, never on click() or a synthetic Enter', async () => {
    const { deps, call } = fakes();
    install(deps);
    const cell = markedCell();
    cell.click();
    cell.dispatchEvent(enter());
    await flush();
    expect(call).not.toHaveBeenCalled();
    // A press on a focusable cell focuses it (the browser's part of the press).
    userClick(cell, centre(cell), () => cell.focus());
    await flush();
    cell.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(call.mock.calls.map(([r]) => [r.text, r.dial, r.link])).toEqual([
      ['602 123 456', '602123456', false],
      ['602 123 456', '602123456', false],
    ]);
  });

  it('refuses a cell whose text or data-ipbx-number the page changed', async () => {
    const { deps, call, shown } = fakes();
    install(deps);
    const cell = markedCell();
    cell.setAttribute(NUMBER_ATTR, '900123456');
    userClick(cell);
    await flush();
    cell.setAttribute(NUMBER_ATTR, '602123456');
    cell.textContent = '900 123 456';
    userClick(cell);
    await flush();
    expect(call).not.toHaveBeenCalled();
    expect(shown.map((s) => s.message)).toEqual([REFUSED.changed, REFUSED.changed]);
  });
});
