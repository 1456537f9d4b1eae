// @vitest-environment happy-dom
/**
 * What the user can see of a mark (src/content/sight.ts): refused when the digits are not shown as dialled, a doubt
 * when the page draws them with effects we cannot see through. happy-dom computes the styles of inline styles and our
 * stylesheet; the few values it does not compute (generated content, text fill colour) are given by a spy. The same
 * tricks in real Chromium: test/e2e/click-tricks.chromium.e2e.ts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markInfo, Marks, NUMBER_ATTR } from '../../../src/content/marks.ts';
import { contrast, frameFinding, parseColor, sameRect, styleFinding } from '../../../src/content/sight.ts';

let marks: Marks;

beforeEach(() => {
  marks = new Marks();
  const style = document.createElement('style');
  style.textContent = readFileSync('src/content/marks.css', 'utf8');
  document.head.replaceChildren(style);
});

afterEach(() => {
  marks.restoreAll();
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

/** A linked number in a paragraph with `style` (inline CSS on the paragraph), and `markStyle` on the mark. */
function mark(style = '', markStyle = ''): Element {
  document.body.innerHTML = `<div id="outer" style="background-color: rgb(255, 255, 255)"><p id="p" style="${style}">Volejte 777 888 999</p></div>`;
  const node = document.getElementById('p')!.firstChild as Text;
  marks.linkText(node, [{ start: 8, end: 19, dial: '777888999', label: '+420 777 888 999' }], (l) => l);
  const el = document.querySelector(`[${NUMBER_ATTR}]`)!;
  if (markStyle) el.setAttribute('style', markStyle);
  return el;
}

function finding(el: Element) {
  const info = markInfo(el);
  if (!info) throw new Error('not a mark');
  return styleFinding(el, info);
}

/** Computed values happy-dom leaves out, as a browser computes them. */
function computed(over: (el: Element, pseudo: string | null | undefined) => Record<string, string> | undefined) {
  const win = document.defaultView!;
  const real = win.getComputedStyle.bind(win);
  vi.spyOn(win, 'getComputedStyle').mockImplementation((el, pseudo) => {
    const style = real(el, pseudo);
    const extra = over(el, pseudo);
    if (!extra) return style;
    return new Proxy(style, {
      get: (target, key) => (typeof key === 'string' && key in extra ? extra[key] : Reflect.get(target, key, target)),
    });
  });
}

describe('a plain mark is fine', () => {
  it('no finding', () => {
    expect(finding(mark('color: rgb(20, 20, 20)'))).toBeNull();
  });
});

describe('refused: the digits are not shown, or not as dialled', () => {
  it.each([
    ['visibility: hidden', ''],
    ['opacity: 0.1', ''],
    ['opacity: 0.5', 'opacity: 0.5'],
    ['filter: opacity(20%)', ''],
    ['color: rgba(0, 0, 0, 0)', ''],
    ['font-size: 2px', ''],
    ['color: rgb(255, 255, 255)', ''],
    ['color: rgb(250, 250, 250)', ''],
  ])('%s %s: hidden', (style, markStyle) => {
    expect(finding(mark(style, markStyle))).toEqual({ refuse: 'hidden' });
  });

  it('-webkit-text-fill-color: transparent (happy-dom does not compute it)', () => {
    const el = mark();
    computed((e) => (e === el ? { webkitTextFillColor: 'rgba(0, 0, 0, 0)' } : undefined));
    expect(finding(el)).toEqual({ refuse: 'hidden' });
  });

  it('::before or ::after content on our mark (happy-dom does not compute pseudo-elements)', () => {
    for (const which of ['::before', '::after']) {
      const el = mark();
      computed((e, pseudo) => (e === el && pseudo === which ? { content: '"777 888 999"' } : undefined));
      expect(finding(el)).toEqual({ refuse: 'spoofed' });
      vi.restoreAllMocks();
    }
  });

  it('a bidi override or a right-to-left direction that beats our stylesheet', () => {
    expect(finding(mark('', 'unicode-bidi: bidi-override !important; direction: rtl !important'))).toEqual({
      refuse: 'spoofed',
    });
    expect(finding(mark('', 'direction: rtl !important'))).toEqual({ refuse: 'spoofed' });
  });

  it('bidi controls in the mark’s text, or an element the page put into it', () => {
    const a = mark();
    a.firstChild!.textContent = '\u202e777 888 999';
    expect(finding(a)).toEqual({ refuse: 'spoofed' });
    const b = mark();
    b.append(document.createElement('div'));
    expect(finding(b)).toEqual({ refuse: 'spoofed' });
  });
});

describe('a doubt: drawn with effects we cannot see through (the call asks first)', () => {
  it.each([
    ['filter: blur(4px)'],
    ['filter: brightness(100)'],
    ['mix-blend-mode: lighten'],
    ['mask-image: linear-gradient(transparent, transparent)'],
    ['clip-path: inset(50%)'],
  ])('%s on the mark or above it', (style) => {
    expect(finding(mark(style))).toEqual({ doubt: 'effects' });
    expect(finding(mark('', style))).toEqual({ doubt: 'effects' });
  });

  it('a page link or a cell in a right-to-left page (their digits may show in another order); ours are isolated', () => {
    document.body.innerHTML = '<p style="direction: rtl"><a id="a" href="tel:+420777888999">777 888 999</a></p>';
    const a = document.getElementById('a') as HTMLAnchorElement;
    marks.markAnchor(a, '+420777888999', { dial: '777888999', label: '+420 777 888 999' }, (l) => l);
    expect(finding(a)).toEqual({ doubt: 'direction' });
    expect(finding(mark('direction: rtl'))).toBeNull();
  });
});

describe('the frames above, where the browser cannot tell (no IntersectionObserver v2)', () => {
  function chain(...frames: (Element | null | 'cross-origin')[]): Window {
    // A window whose frameElement is the first frame, its parent's the next, up to the top.
    let win = { parent: undefined as unknown } as { parent: unknown; frameElement?: unknown };
    win.parent = win;
    for (const f of [...frames].reverse()) {
      const child: { parent: unknown; frameElement?: unknown } = { parent: win };
      Object.defineProperty(child, 'frameElement', {
        get: () => {
          if (f === 'cross-origin') throw new DOMException('Blocked', 'SecurityError');
          return f;
        },
      });
      win = child;
    }
    return win as unknown as Window;
  }

  it('the top document: nothing to say', () => {
    expect(frameFinding(chain())).toBeNull();
  });

  it('a frame of another site (its element is out of reach): a doubt', () => {
    expect(frameFinding(chain(null))).toEqual({ doubt: 'frame' });
    expect(frameFinding(chain('cross-origin'))).toEqual({ doubt: 'frame' });
  });

  it('a same-origin frame element that is faded out or tiny: refused; one that is fine: nothing', () => {
    // Elements standing in for the frames (happy-dom loads no frames): what is read of them is their style and box.
    document.body.innerHTML = '<div id="faded" style="opacity: 0"></div><div id="fine"></div><div id="tiny"></div>';
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      return DOMRect.fromRect(this.id === 'tiny' ? { width: 1, height: 1 } : { width: 300, height: 150 });
    });
    expect(frameFinding(chain(document.getElementById('faded')))).toEqual({ refuse: 'hidden' });
    expect(frameFinding(chain(document.getElementById('tiny')))).toEqual({ refuse: 'hidden' });
    expect(frameFinding(chain(document.getElementById('fine')))).toBeNull();
  });
});

describe('helpers', () => {
  it('parseColor reads rgb(), rgba(), color(srgb) and transparent', () => {
    expect(parseColor('rgb(1, 2, 3)')).toEqual({ r: 1, g: 2, b: 3, a: 1 });
    expect(parseColor('rgba(1, 2, 3, 0.25)')).toEqual({ r: 1, g: 2, b: 3, a: 0.25 });
    expect(parseColor('rgb(1 2 3 / 50%)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseColor('color(srgb 1 0 0 / 0.5)')).toEqual({ r: 255, g: 0, b: 0, a: 0.5 });
    expect(parseColor('transparent')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
    expect(parseColor('oklch(0.5 0.1 30)')).toBeNull();
  });

  it('contrast: 21 for black on white, 1 for a colour on itself', () => {
    expect(contrast({ r: 0, g: 0, b: 0 }, { r: 255, g: 255, b: 255 })).toBeCloseTo(21, 0);
    expect(contrast({ r: 90, g: 90, b: 90 }, { r: 90, g: 90, b: 90 })).toBe(1);
  });

  it('sameRect allows a pixel of rounding', () => {
    const r = { left: 10, top: 10, right: 110, bottom: 30 };
    expect(sameRect(r, { ...r, left: 10.6 })).toBe(true);
    expect(sameRect(r, { ...r, top: 40 })).toBe(false);
    expect(sameRect(null, null)).toBe(true);
    expect(sameRect(r, null)).toBe(false);
  });
});
