// @vitest-environment happy-dom
/**
 * Placing a call from a page (src/content/clicks.ts, gestures.ts, sight.ts): only a real gesture counts, the click must
 * land on the mark's own digits with the mark on top, pressed there and not moved; Enter only on a mark the user
 * reached; what the content script tells the background (the pageCall request). Layout and trust are faked (see
 * content/click-harness.ts); the same tricks in real Chromium are in test/e2e/click-tricks.chromium.e2e.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { installClickHandler, type ClickDeps } from '../../src/content/clicks.ts';
import { MARK_TAG, Marks, NUMBER_ATTR } from '../../src/content/marks.ts';
import {
  asTrusted,
  centre,
  coverWith,
  enter,
  fakeLayout,
  fakes,
  flush,
  hoverOver,
  place,
  REFUSED,
  userClick,
  userTab,
} from './content/click-harness.ts';

let uninstall: (() => void) | null = null;
/** Each test's own marks (a scanner owns one; clicks read only what a mark carries). */
let marks: Marks;

function install(deps: ClickDeps): void {
  uninstall = installClickHandler(document, deps);
}

/** A paragraph with one linked number; returns the mark, laid out at (10, 10). */
function linkedMark(text = 'Volejte 777 888 999 kdykoli', number = '777 888 999', dial = '777888999'): HTMLElement {
  const p = document.createElement('p');
  const node = document.createTextNode(text);
  p.append(node);
  document.body.append(p);
  const start = text.indexOf(number);
  marks.linkText(node, [{ start, end: start + number.length, dial, label: `+420 ${number}` }], (l) => `Call ${l}`);
  const mark = p.querySelector<HTMLElement>(`[${NUMBER_ATTR}]`);
  if (!mark) throw new Error('no mark');
  place(mark, { left: 10, top: 10, width: 100, height: 20 });
  return mark;
}

function telLink(href: string, text: string, dial: string, target: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  document.body.append(a);
  marks.markAnchor(a, target, { dial, label: `+420 ${dial}` }, (l) => `Call ${l}`);
  place(a, { left: 10, top: 50, width: 120, height: 20 });
  return a;
}

beforeEach(() => {
  marks = new Marks();
  document.body.innerHTML = '';
  document.documentElement.lang = 'cs';
  // Our stylesheet, as the manifest injects it: the mark's own bidi isolation and no generated content.
  const style = document.createElement('style');
  style.textContent = readFileSync('src/content/marks.css', 'utf8');
  document.head.replaceChildren(style);
  fakeLayout();
});

afterEach(() => {
  uninstall?.();
  uninstall = null;
  marks.restoreAll();
  document.body.innerHTML = '';
  vi.useRealTimers();
  vi.restoreAllMocks();
});

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
      { kind: 'info', message: 'Calling +420 777 888 999…' },
      { kind: 'ok', message: 'Ringing 777 888 999' },
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
    expect(shown.at(-1)).toEqual({ kind: 'info', message: 'Confirm 900 123 456 in the window' });
  });

  it('shows the error the background reports', async () => {
    const { deps, shown } = fakes(async () => ({ ok: false, message: 'Not connected to the iPBX.' }));
    install(deps);
    userClick(linkedMark());
    await flush();
    expect(shown.at(-1)).toEqual({ kind: 'error', message: 'Not connected to the iPBX.' });
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
    mark.dispatchEvent(
      asTrusted(
        new MouseEvent('click', {
          bubbles: true,
          cancelable: true,
          composed: true,
          clientX: x + 20,
          clientY: y,
          detail: 1,
        }),
      ),
    );
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
          mark.dispatchEvent(
            asTrusted(
              new MouseEvent('click', {
                bubbles: true,
                cancelable: true,
                composed: true,
                clientX: x,
                clientY: y,
                detail: 1,
              }),
            ),
          );
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
    mark.dispatchEvent(
      asTrusted(
        new MouseEvent('click', {
          bubbles: true,
          cancelable: true,
          composed: true,
          clientX: at.x,
          clientY: at.y,
          detail: 1,
        }),
      ),
    );
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

it('after uninstalling, nothing is dialled', async () => {
  const { deps, call } = fakes();
  install(deps);
  const mark = linkedMark();
  uninstall?.();
  uninstall = null;
  userClick(mark);
  await flush();
  expect(call).not.toHaveBeenCalled();
});
