// @vitest-environment happy-dom
/** The walk over the page (scan/walker.ts): the page's own call links, table sections row by row. */
import { afterEach, describe, expect, it } from 'vitest';
import { markInfo, NUMBER_ATTR } from '../../../../src/content/marks.ts';
import { byId, cleanUp, current, dialsIn, harness, marks, scan, settle } from '../scanner-harness.ts';

afterEach(cleanUp);

describe('Scanner: the page’s own call links', () => {
  it('tel:, callto:, sip: and sips: links get data-ipbx-number; others are untouched', async () => {
    await scan(
      '<a id="tel" href="tel:+420777888999">Zavolejte nám</a>' +
        '<a id="telspaces" href="tel:+420%20602%20123%20456">602 123 456</a>' +
        '<a id="telslashes" href="tel://+44-20-7946-0958">UK</a>' +
        '<a id="callto" href="callto:+421905123456">Skype</a>' +
        '<a id="sip" href="sip:445@pbx.example.com">Recepce</a>' +
        '<a id="sips" href="sips:4450@pbx.example.com;transport=tls">Sklad</a>' +
        '<a id="telshort" href="tel:445">Linka 445</a>' +
        '<a id="upper" href="TEL:+420777888999">Upper</a>' +
        '<a id="bad" href="tel:abc">Nothing</a>' +
        '<a id="http" href="https://example.com/777888999">777888999</a>' +
        '<a id="mailto" href="mailto:777888999@example.com">mail</a>' +
        '<a id="nohref">777 888 999</a>',
    );
    const number = (id: string): string | null => byId(id).getAttribute(NUMBER_ATTR);
    expect(number('tel')).toBe('777888999');
    expect(number('telspaces')).toBe('602123456');
    expect(number('telslashes')).toBe('00442079460958');
    expect(number('callto')).toBe('00421905123456');
    // Internal lines count for links.
    expect(number('sip')).toBe('445');
    expect(number('sips')).toBe('4450');
    expect(number('telshort')).toBe('445');
    expect(number('upper')).toBe('777888999');
    expect(number('bad')).toBeNull();
    expect(number('http')).toBeNull();
    expect(number('mailto')).toBeNull();
    // Not a link: its text is linked like any text.
    expect(dialsIn(byId('nohref'))).toEqual(['777888999']);
    // A link's contents never get marks of their own.
    for (const id of ['tel', 'telspaces', 'telshort', 'http']) expect(marks(byId(id))).toHaveLength(0);
    expect(byId('tel').getAttribute('aria-label')).toBe('Call +420 777 888 999');
    expect(byId('sip').getAttribute('aria-label')).toBe('Call 445');
    expect(byId('http').hasAttribute('aria-label')).toBe(false);
    expect(markInfo(byId('tel'))).toEqual({
      kind: 'link',
      dial: '777888999',
      label: '+420 777 888 999',
      text: 'Zavolejte nám',
      source: '+420777888999',
      href: 'tel:+420777888999',
    });
  });

  it('asks about link hrefs separately (internal lines allowed there only)', async () => {
    const h = await scan('<a href="sip:445@pbx">Recepce</a><p>Linka 445, tel. 777 888 999</p>');
    expect(h.calls.filter((c) => c.links).flatMap((c) => c.texts)).toEqual(['445']);
    expect(h.calls.filter((c) => !c.links).flatMap((c) => c.texts)).toContain('777 888 999');
    expect(dialsIn()).toEqual(['777888999']);
  });

  it('keeps the page’s aria-label on a call link', async () => {
    await scan('<a id="a" href="tel:+420777888999" aria-label="Zákaznická linka">777 888 999</a>');
    expect(byId('a').getAttribute('aria-label')).toBe('Zákaznická linka');
    expect(byId('a').getAttribute(NUMBER_ATTR)).toBe('777888999');
  });
});

describe('Scanner: table sections are read for their text alone', () => {
  it('applies every rule inside cells: skipped regions, links, shadow roots, nested tables, rows to ignore', async () => {
    document.body.innerHTML = `<table><thead><tr><th>Tel.</th></tr></thead><tbody>
      <tr><td id="plain">602 123 456</td><td>25.11.2026</td></tr>
      <tr><td id="rich">Tel. <b>777 888 999</b> (work)</td></tr>
      <tr><td><a id="tel" href="tel:+420603111222">call</a> <a href="/crm/603 111 333">603 111 333</a></td></tr>
      <tr><td><span contenteditable="true">604 111 444</span><textarea>605 111 555</textarea></td></tr>
      <tr data-ipbx-ignore><td>606 111 666</td></tr>
      <tr><td data-ipbx-ignore>607 111 777</td></tr>
      <tr><td><span id="host"></span></td></tr>
      <tr><td><table><tbody><tr><td id="nested">608 111 888</td></tr></tbody></table></td></tr>
      <tr><td><script>var x = "609 111 999";</script><svg><text>720 111 000</text></svg></td></tr>
    </tbody><tfoot><tr><td id="foot">+44 20 7946 0958</td></tr></tfoot></table>`;
    byId('host').attachShadow({ mode: 'open' }).innerHTML = '<i>730 111 222</i>';
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    expect(dialsIn(byId('plain'))).toEqual(['602123456']);
    expect(dialsIn(byId('rich'))).toEqual(['777888999']);
    expect(byId('tel').getAttribute(NUMBER_ATTR)).toBe('603111222');
    expect(dialsIn(byId('nested'))).toEqual(['608111888']);
    expect(dialsIn(byId('foot'))).toEqual(['00442079460958']);
    expect(dialsIn(byId('host').shadowRoot!)).toEqual(['730111222']);
    // Nothing in a link of the page's, an editor, a form field, an ignored row or cell, a script or an SVG.
    expect(dialsIn().sort()).toEqual(['00442079460958', '602123456', '608111888', '777888999']);
  });

  it('a row is read as one string: neighbouring cells never make a number, and a row without one is not read cell by cell', async () => {
    document.body.innerHTML = `<table><tbody>
      <tr><td id="a">602 123</td><td id="b">456 789</td></tr>
      <tr><td id="c">Tel.</td><td id="d">777 888 999</td></tr>
    </tbody></table>`;
    let reads = 0;
    for (const id of ['a', 'b', 'c']) {
      const text = byId(id).firstChild as Text;
      let data: PropertyDescriptor | undefined;
      for (let proto: object | null = text; proto && !data; proto = Object.getPrototypeOf(proto) as object | null)
        data = Object.getOwnPropertyDescriptor(proto, 'data');
      Object.defineProperty(text, 'data', {
        configurable: true,
        get() {
          reads++;
          return data!.get!.call(text) as string;
        },
        set(value: string) {
          data!.set!.call(text, value);
        },
      });
    }
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    expect(dialsIn()).toEqual(['777888999']);
    expect(dialsIn(byId('d'))).toEqual(['777888999']);
    expect(reads).toBe(0);
  });

  it('an element a script puts straight into a section is read like any other', async () => {
    document.body.innerHTML = '<table><tbody id="rows"><tr><td>602 123 456</td></tr></tbody></table>';
    const stray = document.createElement('div');
    stray.innerHTML = 'Tel. <a id="tel" href="tel:+420603111222">call</a> or 777 888 999';
    byId('rows').append(stray);
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    expect(dialsIn(stray)).toEqual(['777888999']);
    expect(byId('tel').getAttribute(NUMBER_ATTR)).toBe('603111222');
    expect(dialsIn(byId('rows')).sort()).toEqual(['602123456', '777888999']);
  });

  it('a row the page adds later, with a shadow host in a cell, is read too', async () => {
    await scan('<table><tbody id="rows"><tr><td>602 123 456</td></tr></tbody></table>');
    const row = document.createElement('tr');
    row.innerHTML = '<td><span class="host"></span> 777 888 999</td>';
    row.querySelector('.host')!.attachShadow({ mode: 'open' }).innerHTML = '<b>603 111 222</b>';
    byId('rows').replaceChildren(...byId('rows').children, row);
    await settle(current!);
    expect(dialsIn(byId('rows'))).toEqual(['602123456', '777888999']);
    expect(dialsIn(row.querySelector('.host')!.shadowRoot!)).toEqual(['603111222']);
  });
});
