// @vitest-environment happy-dom
/** The scanner as its callers use it: start() links a page, stop() and reset() give it back. */
import { afterEach, describe, expect, it } from 'vitest';
import { markInfo, NUMBER_ATTR } from '../../../src/content/marks.ts';
import { NumberClassifier } from '../../../src/background/number-classifier.ts';
import type { PageNumber } from '../../../src/shared/messages.ts';
import { byId, cleanUp, dialsIn, harness, markCount, marks, RULES, scan, settle, tick } from './scanner-harness.ts';

afterEach(cleanUp);

describe('Scanner: linking', () => {
  it('links numbers as accessible <ipbx-link> marks without changing the visible text', async () => {
    const html = '<p id="p">Volejte 777 888 999 nebo +44 20 7946 0958.</p>';
    document.body.innerHTML = html;
    const text = document.body.textContent;
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);

    expect(document.body.textContent).toBe(text);
    const [cz, uk, ...rest] = marks();
    expect(rest).toEqual([]);
    expect(cz!.textContent).toBe('777 888 999');
    expect(cz!.getAttribute(NUMBER_ATTR)).toBe('777888999');
    expect(cz!.getAttribute('role')).toBe('link');
    expect(cz!.getAttribute('tabindex')).toBe('0');
    expect(cz!.getAttribute('aria-label')).toBe('Call +420 777 888 999');
    expect(uk!.textContent).toBe('+44 20 7946 0958');
    expect(uk!.getAttribute(NUMBER_ATTR)).toBe('00442079460958');
    expect(uk!.getAttribute('aria-label')).toBe('Call +44 20 7946 0958');
    expect(markInfo(cz!)).toEqual({
      kind: 'text',
      dial: '777888999',
      label: '+420 777 888 999',
      text: '777 888 999',
      source: '777 888 999',
    });
  });

  it('links many formats across elements, including across inline elements', async () => {
    await scan(
      '<ul>' +
        '<li>777888999</li><li>+420777888999</li><li>00420 602 123 456</li><li>602-123-456</li><li>602.123.456</li>' +
        '<li>Fax: <b>602 111 222</b></li><li><span>Hotline</span> <strong>+421 905 123 456</strong></li>' +
        '<li>Paris +33 1 42 68 53 00</li><li>12:30 777 123 456</li>' +
        '</ul>',
    );
    expect(dialsIn()).toEqual([
      '777888999',
      '777888999',
      '602123456',
      '602123456',
      '602123456',
      '602111222',
      '00421905123456',
      '0033142685300',
      '777123456',
    ]);
    // The readings fallback links only the number, not the minutes before it.
    expect(marks().at(-1)?.textContent).toBe('777 123 456');
  });

  it('reads national numbers in the page region (<html lang="en-US">)', async () => {
    document.documentElement.lang = 'en-US';
    await scan('<p>Call (212) 555-0142 or 212-555-0142; Prague office +420 777 888 999; local 777 888 999</p>');
    expect(dialsIn()).toEqual(['0012125550142', '0012125550142', '777888999']);
  });

  it('<html lang="cs"> (no region) uses the setting', async () => {
    document.documentElement.lang = 'cs';
    await scan('<p>777 888 999, (212) 555-0142</p>');
    expect(dialsIn()).toEqual(['777888999']);
  });

  it('never links what is not a phone number', async () => {
    await scan(
      `${[
        '25.11.2026',
        '25. 11. 2026',
        '2026-11-25',
        '11/25/2026',
        '12:30:45',
        '192.168.10.254',
        '120.0.6099.109',
        '50.0755123, 14.4378123',
        '1 299 000 Kč',
        '€ 1.299.000',
        '$1,299.00',
        '3 500 000 obyvatel',
        'CZ65 0800 0000 1920 0014 5399',
        '19-2000145399/0800',
        'IČO: 27074358',
        'DIČ: CZ27074358',
        'ISBN 978-80-7203-611-4',
        'ISSN 1234-5679',
        '1412256225',
        '1412256225.1941',
        '#777888999',
        'No. 777888999',
        'Nr. 777888999',
        'linka 4450',
        '445',
      ]
        .map((t) => `<p>${t}</p>`)
        .join('')}<p id="ok">777 888 999</p>`,
    );
    expect(marks()).toHaveLength(1);
    expect(marks()[0]!.parentElement).toBe(byId('ok'));
  });

  it('reads an identifier label in the previous node ("No. <b>…</b>", "IČO: <span>…</span>")', async () => {
    await scan(
      '<p id="no">Order No. <b>777888999</b></p><p id="hash">#<span>602123456</span></p>' +
        '<p id="ico">IČO: <span>27074358</span></p><p id="price">Cena: Kč <b>777 888 999</b></p><p id="tel">Tel.: <b>777 888 999</b></p>',
    );
    expect(marks(byId('no'))).toHaveLength(0);
    expect(marks(byId('hash'))).toHaveLength(0);
    expect(marks(byId('ico'))).toHaveLength(0);
    expect(marks(byId('price'))).toHaveLength(0);
    expect(dialsIn(byId('tel'))).toEqual(['777888999']);
  });

  it('start() twice does not link twice', async () => {
    document.body.innerHTML = '<p>777 888 999</p>';
    const { scanner } = harness();
    scanner.start();
    scanner.start();
    await settle(scanner);
    expect(marks()).toHaveLength(1);
    expect(document.body.textContent).toBe('777 888 999');
  });

  it('does nothing in a document in design mode', async () => {
    // happy-dom has no real designMode; the scanner only reads the property.
    const doc = document as Document & { designMode: string };
    doc.designMode = 'on';
    try {
      await scan('<p>777 888 999</p>');
      expect(marks()).toHaveLength(0);
    } finally {
      doc.designMode = 'off';
    }
  });

  it('works in slices: a long page with a fast clock is linked completely', async () => {
    let t = 0;
    const rows = Array.from(
      { length: 400 },
      (_, i) =>
        `<p>Pobočka ${i}: +420 777 ${String(100 + (i % 900)).padStart(3, '0')} ${String(i).padStart(3, '0')}</p>`,
    );
    const h = await scan(rows.join(''), { now: () => (t += 4) });
    expect(marks()).toHaveLength(400);
    expect(document.body.children).toHaveLength(400);
    // Several batches were asked (answers arrive between slices).
    expect(h.calls.length).toBeGreaterThan(1);
  });

  it('a list of numbers never seen: the frame it is drawn in reads more of it, so its questions go out before that frame', async () => {
    // A clock that moves 1 ms per reading, answers held back and frames drawn on demand: each step can be counted.
    let t = 0;
    const frame: { draw: (() => void) | null } = { draw: null };
    const held: (() => void)[] = [];
    const asked: string[] = [];
    const classifier = new NumberClassifier();
    await scan('<table><tbody id="rows"></tbody></table>', {
      now: () => (t += 1),
      nextFrame: () => new Promise<void>((resolve) => (frame.draw = resolve)),
      classify: (texts, links) => {
        asked.push(...texts);
        return new Promise((resolve) => held.push(() => resolve(classifier.classify(texts, 'CZ', RULES, links))));
      },
    });
    const number = (i: number) => `777 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}`;
    // As a framework re-renders a list: the new rows built aside, then put in at once (one change of the section).
    const fresh = document.createElement('tbody');
    fresh.innerHTML = Array.from({ length: 1_200 }, (_, i) => `<tr><td>Jan</td><td>${number(i)}</td></tr>`).join('');
    byId('rows').replaceChildren(...Array.from(fresh.children));
    await tick(); // the page's change: the observer reads a first part at once
    const inMutation = asked.length;
    expect(inMutation).toBeGreaterThan(0);
    expect(frame.draw).not.toBeNull();
    frame.draw!();
    for (let i = 0; i < 5; i++) await Promise.resolve(); // the frame callback's own work, before it yields to the page
    const inFrame = asked.length - inMutation;
    // Both read for 20 ms; with nothing answered yet, the frame also takes the 15 ms it keeps for writing.
    expect(inFrame).toBeGreaterThanOrEqual(Math.floor(inMutation * 1.5));
    // Everything is linked once the answers come.
    for (let i = 0; i < 200 && markCount() < 1_200; i++) {
      for (const release of held.splice(0)) release();
      frame.draw?.();
      await tick();
    }
    expect(markCount()).toBe(1_200);
    expect(asked).toHaveLength(1_200); // each number asked about once
  });

  it('asks the background once per distinct text (answers are cached per page)', async () => {
    const h = await scan('<p>777 888 999</p><p>777 888 999</p><div>777 888 999</div>');
    expect(marks()).toHaveLength(3);
    const asked = h.calls.filter((c) => !c.links).flatMap((c) => c.texts);
    expect(asked.filter((t) => t === '777 888 999')).toHaveLength(1);

    const before = h.calls.length;
    const late = document.createElement('p');
    late.textContent = 'Znovu 777 888 999';
    document.body.append(late);
    await settle(h.scanner);
    expect(marks(late)).toHaveLength(1);
    expect(h.calls.length).toBe(before);
  });

  it('asks again when the background does not answer, then links', async () => {
    const classifier = new NumberClassifier();
    let failures = 1;
    const { scanner } = harness({
      classify: async (texts, links) => {
        if (failures-- > 0) throw new Error('background restarting');
        return classifier.classify(texts, 'CZ', RULES, links);
      },
    });
    document.body.innerHTML = '<p>777 888 999</p>';
    scanner.start();
    await tick();
    expect(marks()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await settle(scanner);
    expect(dialsIn()).toEqual(['777888999']);
  });

  it('does not link stale text: the page changed the node while the answer was on its way', async () => {
    const classifier = new NumberClassifier();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { scanner } = harness({
      classify: async (texts, links): Promise<(PageNumber | null)[]> => {
        await gate;
        return classifier.classify(texts, 'CZ', RULES, links);
      },
    });
    document.body.innerHTML = '<p id="p">Volejte 777 888 999</p><p id="q">Fax 603 111 222</p>';
    const node = byId('p').firstChild as Text;
    scanner.start();
    await tick();
    node.data = 'Volejte 602 123 456';
    await tick();
    release();
    await settle(scanner);
    expect(byId('p').textContent).toBe('Volejte 602 123 456');
    expect(dialsIn(byId('p'))).toEqual(['602123456']);
    // The page changed something, but not this node: it is still linked.
    expect(dialsIn(byId('q'))).toEqual(['603111222']);
  });
});

describe('Scanner: stop() and reset()', () => {
  it('stop() gives back the original Text nodes with their original data', async () => {
    const html =
      '<p id="a">Volejte 777 888 999 nebo 602 123 456.</p><p id="b"><b>Fax</b> +44 20 7946 0958</p>' +
      '<a id="tel" href="tel:+420777888999">Zavolat</a><a id="own" href="tel:445" aria-label="Recepce">Recepce</a>';
    document.body.innerHTML = html;
    const a = byId('a').firstChild as Text;
    const b = byId('b').lastChild as Text;
    const text = document.body.textContent;
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    expect(marks()).toHaveLength(3);
    expect(byId('tel').hasAttribute(NUMBER_ATTR)).toBe(true);

    scanner.stop();
    expect(byId('a').firstChild).toBe(a);
    expect(byId('a').childNodes).toHaveLength(1);
    expect(a.data).toBe('Volejte 777 888 999 nebo 602 123 456.');
    expect(byId('b').lastChild).toBe(b);
    expect(b.data).toBe(' +44 20 7946 0958');
    expect(document.body.textContent).toBe(text);
    expect(document.body.innerHTML).toBe(html);
    expect(markInfo(byId('tel'))).toBeUndefined();
    expect(byId('own').getAttribute('aria-label')).toBe('Recepce');
    expect(scanner.active).toBe(false);
  });

  it('after stop() the page’s changes are left alone', async () => {
    const { scanner } = await scan('<p id="p">Volejte 777 888 999</p>');
    scanner.stop();
    const late = document.createElement('p');
    late.textContent = '602 123 456';
    document.body.append(late);
    byId('p').firstChild!.textContent = 'Volejte 608 111 222';
    await settle(scanner);
    expect(marks()).toHaveLength(0);
    expect(byId('p').textContent).toBe('Volejte 608 111 222');
  });

  it('stop() while answers are still on their way links nothing afterwards', async () => {
    const classifier = new NumberClassifier();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { scanner } = harness({
      classify: async (texts, links) => {
        await gate;
        return classifier.classify(texts, 'CZ', RULES, links);
      },
    });
    document.body.innerHTML = '<p>777 888 999</p>';
    scanner.start();
    await tick();
    scanner.stop();
    release();
    await settle(scanner);
    expect(marks()).toHaveLength(0);
    expect(document.body.innerHTML).toBe('<p>777 888 999</p>');
  });

  it('reset() forgets the answers and start() links the page again', async () => {
    const h = await scan('<p id="p">Volejte 777 888 999</p>');
    const asked = h.calls.length;
    h.scanner.reset();
    expect(marks()).toHaveLength(0);
    expect(byId('p').innerHTML).toBe('Volejte 777 888 999');
    h.scanner.start();
    await settle(h.scanner);
    expect(dialsIn()).toEqual(['777888999']);
    expect(h.calls.length).toBeGreaterThan(asked);
    expect(byId('p').textContent).toBe('Volejte 777 888 999');
  });
});
