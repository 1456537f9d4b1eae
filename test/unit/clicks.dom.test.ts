// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installClickHandler, type ClickDeps } from '../../src/content/clicks.ts';
import { Feedback, type FeedbackKind } from '../../src/content/feedback.ts';
import { MARK_TAG, Marks, NUMBER_ATTR } from '../../src/content/marks.ts';

type OriginateResult = Awaited<ReturnType<ClickDeps['originate']>>;

interface Shown {
  kind: FeedbackKind;
  message: string;
  near: Element;
}

interface Fakes {
  deps: ClickDeps;
  originate: ReturnType<typeof vi.fn<(dial: string) => Promise<OriginateResult>>>;
  shown: Shown[];
}

function fakes(result: () => Promise<OriginateResult> = async () => ({ ok: true })): Fakes {
  const shown: Shown[] = [];
  const originate = vi.fn<(dial: string) => Promise<OriginateResult>>(() => result());
  const deps: ClickDeps = {
    originate,
    show: (kind, message, near) => shown.push({ kind, message, near }),
    text: {
      calling: (l) => `Calling ${l}…`,
      ringing: (l) => `Ringing ${l}`,
      changed: () => 'The number changed',
      hidden: () => 'Not visible',
    },
  };
  return { deps, originate, shown };
}

/**
 * Browsers set isTrusted only for real user input, and a page cannot forge it. happy-dom does not implement it at all
 * (every event has isTrusted undefined), so to reach the logic behind the guard the tests give the event object an own
 * isTrusted = true. This is test-only; nothing in src/ is changed or hooked.
 */
function asTrusted<E extends Event>(e: E): E {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}

function click(init: MouseEventInit = {}): MouseEvent {
  return new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0, ...init });
}

function enter(init: KeyboardEventInit = {}): KeyboardEvent {
  return new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, composed: true, ...init });
}

/** Lets originate's promise and the handler's follow-up run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setTimeout(r, 0));
}

/** A paragraph with one linked number; returns the mark. */
function linkedMark(
  text = 'Volejte 777 888 999 kdykoli',
  number = '777 888 999',
  dial = '777888999',
  label = '+420 777 888 999',
): HTMLElement {
  const p = document.createElement('p');
  const node = document.createTextNode(text);
  p.append(node);
  document.body.append(p);
  const start = text.indexOf(number);
  marks.linkText(node, [{ start, end: start + number.length, dial, label }], (l) => `Call ${l}`);
  const mark = p.querySelector<HTMLElement>(MARK_TAG);
  if (!mark) throw new Error('no mark');
  return mark;
}

let uninstall: (() => void) | null = null;
/** Each test's own marks (a scanner owns one; clicks read only what a mark carries). */
let marks: Marks;

function install(deps: ClickDeps): void {
  uninstall = installClickHandler(document, deps);
}

beforeEach(() => {
  marks = new Marks();
  document.body.innerHTML = '';
  // happy-dom lays nothing out (every box is 0 × 0); a mark the user sees has a box (see shownToUser). Test-only.
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() =>
    DOMRect.fromRect({ x: 10, y: 10, width: 100, height: 20 }),
  );
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
  it('happy-dom events are untrusted, like the page’s own synthetic events', () => {
    expect(new MouseEvent('click').isTrusted).not.toBe(true);
    expect(new KeyboardEvent('keydown').isTrusted).not.toBe(true);
  });

  it('element.click() on a mark', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.click();
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('dispatchEvent(click) on a mark, with any button and modifiers', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    for (const init of [{}, { button: 0 }, { ctrlKey: true }, { detail: 1 }]) {
      const e = click(init);
      mark.dispatchEvent(e);
      // The page's own handlers see it as usual: we do not swallow it.
      expect(e.defaultPrevented).toBe(false);
    }
    await flush();
    expect(originate).not.toHaveBeenCalled();
  });

  it('dispatchEvent(click) on a marked tel: link', async () => {
    const { deps, originate } = fakes();
    install(deps);
    document.body.innerHTML = '<a href="tel:+420777888999">Zavolat</a>';
    const a = document.querySelector('a')!;
    marks.markAnchor(a, '777888999', '+420 777 888 999', (l) => `Call ${l}`);
    a.click();
    a.dispatchEvent(click());
    await flush();
    expect(originate).not.toHaveBeenCalled();
  });

  it('a synthetic Enter on a focused mark', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.focus();
    mark.dispatchEvent(enter());
    document.dispatchEvent(enter());
    await flush();
    expect(originate).not.toHaveBeenCalled();
  });

  it('a page listener still receives untrusted clicks on marks', async () => {
    const { deps } = fakes();
    install(deps);
    const mark = linkedMark();
    const seen = vi.fn();
    document.body.addEventListener('click', seen);
    mark.click();
    expect(seen).toHaveBeenCalledTimes(1);
  });
});

describe('a trusted click on a mark (simulated trust, see asTrusted)', () => {
  it('dials the number the user saw and reports progress near the mark', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    const e = asTrusted(click());
    mark.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    await flush();
    expect(originate).toHaveBeenCalledExactlyOnceWith('777888999');
    expect(shown).toEqual([
      { kind: 'info', message: 'Calling +420 777 888 999…', near: mark },
      { kind: 'ok', message: 'Ringing +420 777 888 999', near: mark },
    ]);
  });

  it('stops the page from seeing the click (captured on the window)', async () => {
    const { deps } = fakes();
    install(deps);
    const mark = linkedMark();
    const page = vi.fn();
    document.addEventListener('click', page, true);
    mark.parentElement!.addEventListener('click', page);
    mark.dispatchEvent(asTrusted(click()));
    await flush();
    expect(page).not.toHaveBeenCalled();
  });

  it('shows the error the background reports', async () => {
    const { deps, shown } = fakes(async () => ({ ok: false, message: 'Not connected to the iPBX.' }));
    install(deps);
    const mark = linkedMark();
    mark.dispatchEvent(asTrusted(click()));
    await flush();
    expect(shown.map((s) => [s.kind, s.message])).toEqual([
      ['info', 'Calling +420 777 888 999…'],
      ['error', 'Not connected to the iPBX.'],
    ]);
  });

  it('a second click while the first call is being placed does nothing; afterwards it dials again', async () => {
    let finish: (r: OriginateResult) => void = () => undefined;
    const { deps, originate } = fakes(() => new Promise<OriginateResult>((resolve) => (finish = resolve)));
    install(deps);
    const mark = linkedMark();
    mark.dispatchEvent(asTrusted(click()));
    mark.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).toHaveBeenCalledTimes(1);
    finish({ ok: true });
    await flush();
    mark.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).toHaveBeenCalledTimes(2);
  });

  it('another mark can be called while one is in progress', async () => {
    const { deps, originate } = fakes(() => new Promise<OriginateResult>(() => undefined));
    install(deps);
    const a = linkedMark();
    const b = linkedMark('Fax 602 123 456', '602 123 456', '602123456', '+420 602 123 456');
    a.dispatchEvent(asTrusted(click()));
    b.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate.mock.calls).toEqual([['777888999'], ['602123456']]);
  });

  it.each([
    ['middle button', { button: 1 }],
    ['right button', { button: 2 }],
    ['ctrl', { ctrlKey: true }],
    ['meta', { metaKey: true }],
    ['shift', { shiftKey: true }],
    ['alt', { altKey: true }],
  ])('is left to the browser with %s', async (_name, init) => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    const e = asTrusted(click(init));
    mark.dispatchEvent(e);
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(e.defaultPrevented).toBe(false);
  });

  it('a press and release apart (a drag: the user selecting the number to copy it) places no call', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.dispatchEvent(
      asTrusted(
        new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, clientX: 10, clientY: 10 }),
      ),
    );
    const dragged = asTrusted(click({ detail: 1, clientX: 40, clientY: 11 }));
    mark.dispatchEvent(dragged);
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(dragged.defaultPrevented).toBe(false);

    // A press and release in place is a click, even with the hand trembling a pixel or two.
    mark.dispatchEvent(
      asTrusted(
        new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, clientX: 10, clientY: 10 }),
      ),
    );
    mark.dispatchEvent(asTrusted(click({ detail: 1, clientX: 12, clientY: 11 })));
    await flush();
    expect(originate).toHaveBeenCalledWith('777888999');
  });

  it('a click leaves the number it called unselected (a mark selects as a whole on a press)', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    document.getSelection()!.selectAllChildren(mark);
    mark.dispatchEvent(asTrusted(click({ detail: 1 })));
    await flush();
    expect(originate).toHaveBeenCalledTimes(1);
    expect(document.getSelection()!.isCollapsed).toBe(true);
  });

  it('ignores clicks elsewhere', async () => {
    const { deps, originate } = fakes();
    install(deps);
    linkedMark();
    document.body.innerHTML += '<p id="x">Jiný text</p><ipbx-link data-ipbx-number="777888999">777 888 999</ipbx-link>';
    const e = asTrusted(click());
    document.getElementById('x')!.dispatchEvent(e);
    // An <ipbx-link> the page made itself is not ours.
    document.querySelector(`${MARK_TAG}:not([tabindex])`)!.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(e.defaultPrevented).toBe(false);
  });

  it('dials a marked tel: link, also from an element inside it', async () => {
    const { deps, originate } = fakes();
    install(deps);
    document.body.innerHTML = '<a href="tel:+420777888999"><span id="icon">☎</span> Zavolat</a>';
    const a = document.querySelector('a')!;
    marks.markAnchor(a, '777888999', '+420 777 888 999', (l) => `Call ${l}`);
    const e = asTrusted(click());
    document.getElementById('icon')!.dispatchEvent(e);
    await flush();
    expect(originate).toHaveBeenCalledExactlyOnceWith('777888999');
    expect(e.defaultPrevented).toBe(true);
  });

  it('a tel: link that was never marked is left to the browser', async () => {
    const { deps, originate } = fakes();
    install(deps);
    document.body.innerHTML = '<a href="tel:+420777888999">Zavolat</a>';
    const e = asTrusted(click());
    document.querySelector('a')!.dispatchEvent(e);
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(e.defaultPrevented).toBe(false);
  });

  it('finds marks inside open shadow roots (composedPath)', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const node = document.createTextNode('Hotline +44 20 7946 0958');
    root.append(node);
    marks.linkText(
      node,
      [{ start: 8, end: 24, dial: '00442079460958', label: '+44 20 7946 0958' }],
      (l) => `Call ${l}`,
    );
    const mark = root.querySelector(MARK_TAG)!;
    mark.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).toHaveBeenCalledExactlyOnceWith('00442079460958');
  });

  it('after uninstalling, nothing is dialled', async () => {
    const { deps, originate } = fakes();
    const stop = installClickHandler(document, deps);
    stop();
    const mark = linkedMark();
    mark.dispatchEvent(asTrusted(click()));
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
  });
});

describe('a mark the user cannot see is not called: clickjacking (simulated trust)', () => {
  /** A mark inside `outer`'s innermost element, styled by the page. */
  function markIn(outer: string): HTMLElement {
    document.body.innerHTML = outer;
    let host: Element = document.body;
    while (host.firstElementChild) host = host.firstElementChild;
    const node = document.createTextNode('Volejte 777 888 999');
    host.append(node);
    marks.linkText(node, [{ start: 8, end: 19, dial: '777888999', label: '+420 777 888 999' }], (l) => `Call ${l}`);
    return host.querySelector<HTMLElement>(MARK_TAG)!;
  }

  for (const [what, outer] of [
    ['an invisible ancestor', '<div style="opacity: 0"><p></p></div>'],
    [
      'opacity that adds up to almost nothing',
      '<div style="opacity: 0.5"><div style="opacity: 0.4"><p></p></div></div>',
    ],
    ['a filter that fades it out', '<div style="filter: opacity(10%)"><p></p></div>'],
    ['hidden text', '<p style="visibility: hidden"></p>'],
    ['transparent text', '<p style="color: rgba(0, 0, 0, 0)"></p>'],
    ['text too small to read', '<p style="font-size: 2px"></p>'],
  ] as const) {
    it(`refuses ${what}, and says why`, async () => {
      const { deps, originate, shown } = fakes();
      install(deps);
      const mark = markIn(outer);
      mark.dispatchEvent(asTrusted(click({ detail: 1 })));
      await flush();
      expect(originate).not.toHaveBeenCalled();
      expect(shown).toEqual([{ kind: 'error', message: 'Not visible', near: mark }]);
    });
  }

  it('calls a call link that shows an icon instead of its text, but not an invisible one', async () => {
    const { deps, originate } = fakes();
    install(deps);
    document.body.innerHTML =
      '<a id="icon" href="tel:+420777888999" style="font-size: 0; color: transparent">Zavolat</a><div style="opacity: 0"><a id="bait" href="tel:+420602123456">Zavolat</a></div>';
    const icon = document.getElementById('icon') as HTMLAnchorElement;
    const bait = document.getElementById('bait') as HTMLAnchorElement;
    marks.markAnchor(icon, '777888999', '+420 777 888 999', (l) => `Call ${l}`);
    marks.markAnchor(bait, '602123456', '+420 602 123 456', (l) => `Call ${l}`);
    bait.dispatchEvent(asTrusted(click({ detail: 1 })));
    icon.dispatchEvent(asTrusted(click({ detail: 1 })));
    await flush();
    expect(originate.mock.calls).toEqual([['777888999']]);
  });

  it('refuses a mark in a shadow root whose host is invisible', async () => {
    const { deps, originate } = fakes();
    install(deps);
    document.body.innerHTML = '<div id="host" style="opacity: 0.1"></div>';
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>Volejte 777 888 999</p>';
    const node = root.querySelector('p')!.firstChild as Text;
    marks.linkText(node, [{ start: 8, end: 19, dial: '777888999', label: '+420 777 888 999' }], (l) => `Call ${l}`);
    root.querySelector(MARK_TAG)!.dispatchEvent(asTrusted(click({ detail: 1 })));
    await flush();
    expect(originate).not.toHaveBeenCalled();
  });

  it('refuses a mark shrunk to nothing, and calls one that is faded but readable', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = markIn('<div style="opacity: 0.6"><p style="color: rgba(0, 0, 0, 0.6)"></p></div>');
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() =>
      DOMRect.fromRect({ x: 10, y: 10, width: 1, height: 1 }),
    );
    mark.dispatchEvent(asTrusted(click({ detail: 1 })));
    await flush();
    expect(originate).not.toHaveBeenCalled();
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() =>
      DOMRect.fromRect({ x: 10, y: 10, width: 90, height: 18 }),
    );
    mark.dispatchEvent(asTrusted(click({ detail: 1 })));
    await flush();
    expect(originate).toHaveBeenCalledWith('777888999');
  });
});

describe('a mark the page changed is refused (simulated trust)', () => {
  it('data-ipbx-number rewritten', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.setAttribute(NUMBER_ATTR, '900111222');
    const e = asTrusted(click());
    mark.dispatchEvent(e);
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(shown).toEqual([{ kind: 'error', message: 'The number changed', near: mark }]);
    // The click was still ours: the page does not get to act on it.
    expect(e.defaultPrevented).toBe(true);
  });

  it('data-ipbx-number removed', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.removeAttribute(NUMBER_ATTR);
    mark.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(shown.map((s) => s.kind)).toEqual(['error']);
  });

  it('the mark’s text rewritten (its text node, or textContent)', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    const a = linkedMark();
    (a.firstChild as Text).data = '900 111 222';
    a.dispatchEvent(asTrusted(click()));
    const b = linkedMark();
    b.textContent = '777 888 990';
    b.dispatchEvent(asTrusted(click()));
    const c = linkedMark();
    c.append(document.createTextNode(' 1'));
    c.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(shown.map((s) => [s.kind, s.near])).toEqual([
      ['error', a],
      ['error', b],
      ['error', c],
    ]);
  });

  it('changed and changed back: dials again', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.setAttribute(NUMBER_ATTR, '900111222');
    mark.setAttribute(NUMBER_ATTR, '777888999');
    mark.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).toHaveBeenCalledExactlyOnceWith('777888999');
  });

  it('a tel: link whose data-ipbx-number was rewritten is refused', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    document.body.innerHTML = '<a href="tel:+420777888999">Zavolat</a>';
    const a = document.querySelector('a')!;
    marks.markAnchor(a, '777888999', '+420 777 888 999', (l) => `Call ${l}`);
    a.setAttribute(NUMBER_ATTR, '900111222');
    a.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(shown.map((s) => s.kind)).toEqual(['error']);
  });
});

describe('Enter on a focused mark (simulated trust)', () => {
  it('dials our own marks', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    const e = asTrusted(enter());
    mark.dispatchEvent(e);
    await flush();
    expect(originate).toHaveBeenCalledExactlyOnceWith('777888999');
    expect(e.defaultPrevented).toBe(true);
  });

  it('other keys, IME composition and Enter outside a mark do nothing', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.dispatchEvent(asTrusted(new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true })));
    mark.dispatchEvent(asTrusted(new KeyboardEvent('keydown', { key: 'a', bubbles: true, composed: true })));
    mark.dispatchEvent(asTrusted(enter({ isComposing: true })));
    mark.parentElement!.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
  });

  it('leaves Enter on a tel: link to the browser (which fires a trusted click)', async () => {
    const { deps, originate } = fakes();
    install(deps);
    document.body.innerHTML = '<a href="tel:+420777888999">Zavolat</a>';
    const a = document.querySelector('a')!;
    marks.markAnchor(a, '777888999', '+420 777 888 999', (l) => `Call ${l}`);
    const e = asTrusted(enter());
    a.dispatchEvent(e);
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(e.defaultPrevented).toBe(false);
  });

  it('refuses a changed mark', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    const mark = linkedMark();
    mark.textContent = '602 123 456';
    mark.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(shown.map((s) => s.message)).toEqual(['The number changed']);
  });
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
    return cell;
  }

  it('dials on a trusted click or Enter, never on click() or a synthetic Enter', async () => {
    const { deps, originate } = fakes();
    install(deps);
    const cell = markedCell();
    cell.click();
    cell.dispatchEvent(enter());
    await flush();
    expect(originate).not.toHaveBeenCalled();

    cell.dispatchEvent(asTrusted(click()));
    await flush();
    cell.dispatchEvent(asTrusted(enter()));
    await flush();
    expect(originate.mock.calls).toEqual([['602123456'], ['602123456']]);
  });

  it('refuses a cell whose text or data-ipbx-number the page changed', async () => {
    const { deps, originate, shown } = fakes();
    install(deps);
    const cell = markedCell();
    cell.setAttribute(NUMBER_ATTR, '900123456');
    cell.dispatchEvent(asTrusted(click()));
    await flush();
    cell.setAttribute(NUMBER_ATTR, '602123456');
    cell.textContent = '900 123 456';
    cell.dispatchEvent(asTrusted(click()));
    await flush();
    expect(originate).not.toHaveBeenCalled();
    expect(shown.map((s) => s.message)).toEqual(['The number changed', 'The number changed']);
  });
});
