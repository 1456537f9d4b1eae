// @vitest-environment happy-dom
/** The page's changes (scan/page-watcher.ts): added and changed content, editors, shadow roots. */
import { afterEach, describe, expect, it } from 'vitest';
import { MARK_TAG, markInfo, NUMBER_ATTR } from '../../../../src/content/marks.ts';
import { NumberClassifier, pageRegion } from '../../../../src/background/number-classifier.ts';
import { byId, cleanUp, dialsIn, harness, marks, RULES, scan, settle, tick } from '../scanner-harness.ts';

afterEach(cleanUp);

describe('Scanner: the page changes', () => {
  it('links content added later (MutationObserver)', async () => {
    const { scanner } = await scan('<main id="main"></main>');
    const p = document.createElement('p');
    p.innerHTML = 'Nová pobočka: <b>602 123 456</b>';
    byId('main').append(p);
    byId('main').append(document.createTextNode(' a hotline 777 888 999'));
    const a = document.createElement('a');
    a.href = 'tel:+420608000111';
    a.textContent = 'Zavolat';
    byId('main').append(a);
    await settle(scanner);
    expect(dialsIn(byId('main'))).toEqual(['602123456', '777888999']);
    expect(a.getAttribute(NUMBER_ATTR)).toBe('608000111');
    expect(byId('main').textContent).toBe('Nová pobočka: 602 123 456 a hotline 777 888 999Zavolat');
  });

  it('does not link content added later inside regions it never looks into', async () => {
    const { scanner } = await scan(
      '<div id="ignored" data-ipbx-ignore></div><div id="editor" contenteditable></div><a id="link" href="/x"></a><p id="control"></p>',
    );
    byId('ignored').append(document.createTextNode('Tel. 777 888 999'));
    const inner = document.createElement('p');
    inner.textContent = 'Tel. 777 888 999';
    byId('editor').append(inner);
    byId('link').append(document.createTextNode('777 888 999'));
    byId('control').append(document.createTextNode('Tel. 602 123 456'));
    await settle(scanner);
    expect(dialsIn(byId('control'))).toEqual(['602123456']);
    expect(marks(byId('ignored'))).toHaveLength(0);
    expect(marks(byId('editor'))).toHaveLength(0);
    expect(marks(byId('link'))).toHaveLength(0);
  });

  it('a text node the page appends is linked', async () => {
    const { scanner } = await scan('<p id="p">Kontakt: </p>');
    byId('p').append(document.createTextNode('777 888 999'));
    await settle(scanner);
    expect(dialsIn(byId('p'))).toEqual(['777888999']);
    expect(byId('p').textContent).toBe('Kontakt: 777 888 999');
  });

  it('a framework rewriting a node we split: the new text, exactly, with the new number linked', async () => {
    const { scanner } = await scan('<p id="p">Volejte 777 888 999 nebo 602 123 456.</p>');
    const p = byId('p');
    const original = p.firstChild as Text;
    expect(marks(p)).toHaveLength(2);

    // The framework keeps its reference to "its" text node and updates it.
    original.data = 'Nové číslo: 608 111 222 (nonstop)';
    await settle(scanner);
    expect(p.textContent).toBe('Nové číslo: 608 111 222 (nonstop)');
    expect(dialsIn(p)).toEqual(['608111222']);
    expect(marks(p)[0]!.textContent).toBe('608 111 222');
    expect(p.firstChild).toBe(original);

    // And again, to text without a number.
    original.data = 'Momentálně nedostupné';
    await settle(scanner);
    expect(p.textContent).toBe('Momentálně nedostupné');
    expect(marks(p)).toHaveLength(0);
    expect(p.childNodes).toHaveLength(1);

    // And back to a number.
    original.data = 'Volejte 777 888 999';
    await settle(scanner);
    expect(p.textContent).toBe('Volejte 777 888 999');
    expect(dialsIn(p)).toEqual(['777888999']);
  });

  it('a framework replacing the whole text leaves nothing of ours behind', async () => {
    const { scanner } = await scan('<p id="p">Volejte 777 888 999.</p>');
    const p = byId('p');
    p.textContent = 'Volejte 602 123 456.';
    await settle(scanner);
    expect(p.textContent).toBe('Volejte 602 123 456.');
    expect(dialsIn(p)).toEqual(['602123456']);
    p.textContent = 'Bez čísla';
    await settle(scanner);
    expect(p.innerHTML).toBe('Bez čísla');
  });

  it('the page removing a paragraph we linked leaves no orphans', async () => {
    const { scanner } = await scan('<div id="list"><p id="a">777 888 999</p><p id="b">602 123 456</p></div>');
    byId('a').remove();
    await settle(scanner);
    expect(dialsIn(byId('list'))).toEqual(['602123456']);
  });

  it('a change the page makes right after we link (in a microtask) is linked too', async () => {
    document.body.innerHTML = '<p id="a">Volejte 777 888 999</p><div id="log"></div>';
    // A page script that reacts to changes of #a, as apps with their own MutationObserver do.
    let reacted = 0;
    const page = new MutationObserver(() => {
      if (reacted++ === 0) byId('log').innerHTML = '<p>Fax 602 123 456</p>';
    });
    page.observe(byId('a'), { childList: true, subtree: true });
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    page.disconnect();
    expect(reacted).toBeGreaterThan(0);
    expect(dialsIn()).toEqual(['777888999', '602123456']);
  });

  it('a page that undoes our marks as fast as we make them gets left alone, not fought forever', async () => {
    document.body.innerHTML = '<div id="box">Volejte 777 888 999</div><p id="calm">Fax 602 123 456</p>';
    let resets = 0;
    const page = new MutationObserver(() => {
      if (byId('box').querySelector(MARK_TAG)) {
        resets++;
        byId('box').textContent = 'Volejte 777 888 999';
      }
    });
    page.observe(byId('box'), { childList: true, subtree: true, characterData: true });
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    for (let i = 0; i < 40; i++) await tick();
    await settle(scanner);
    const settled = resets;
    for (let i = 0; i < 40; i++) await tick();
    page.disconnect();
    expect(resets).toBe(settled);
    expect(resets).toBeLessThan(20);
    expect(dialsIn(byId('calm'))).toEqual(['602123456']);
  });

  it('a paragraph the page takes out and puts back keeps its text, and is linked again', async () => {
    const { scanner } = await scan('<div id="list"><p id="a">Volejte 777 888 999 kdykoli</p></div>');
    const p = byId('a');
    p.remove();
    await settle(scanner);
    expect(p.textContent).toBe('Volejte 777 888 999 kdykoli');
    expect(marks(p)).toHaveLength(0);
    byId('list').append(p);
    await settle(scanner);
    expect(dialsIn(byId('list'))).toEqual(['777888999']);
    expect(p.textContent).toBe('Volejte 777 888 999 kdykoli');
  });

  it('a page that edits a mark’s text is not re-linked (clicks on it are refused instead)', async () => {
    const { scanner } = await scan('<p id="p">Volejte 777 888 999</p>');
    const [mark] = marks();
    (mark!.firstChild as Text).data = '602 123 456';
    await settle(scanner);
    expect(marks()).toEqual([mark]);
    expect(mark!.textContent).toBe('602 123 456');
    expect(mark!.querySelector(MARK_TAG)).toBeNull();
    expect(markInfo(mark!)?.text).toBe('777 888 999');
  });
});

describe('Scanner: parts that become editors', () => {
  it('an element that becomes editable gets its own text back, and is linked again when it is no longer one', async () => {
    const { scanner } = await scan(
      '<div id="note">Volejte 777 888 999 <a id="tel" href="tel:+420602123456">linka</a></div><p id="other">602 111 222</p>',
    );
    expect(dialsIn(byId('note'))).toEqual(['777888999']);
    expect(byId('tel').getAttribute(NUMBER_ATTR)).toBe('602123456');

    // The CRM turns its note into an editor: what the user edits and saves must be the page's own text.
    byId('note').setAttribute('contenteditable', 'true');
    await settle(scanner);
    expect(byId('note').innerHTML).toBe('Volejte 777 888 999 <a id="tel" href="tel:+420602123456">linka</a>');
    expect(dialsIn(byId('other'))).toEqual(['602111222']);

    byId('note').setAttribute('contenteditable', 'false');
    await settle(scanner);
    expect(dialsIn(byId('note'))).toEqual(['777888999']);
    expect(byId('tel').getAttribute(NUMBER_ATTR)).toBe('602123456');
  });

  it('a text read before its element became editable is not linked when the answer comes', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const classifier = new NumberClassifier();
    document.body.innerHTML = '<div id="note">Volejte 777 888 999</div>';
    const { scanner, calls } = harness({
      classify: async (texts, links) => {
        calls.push({ texts: [...texts], links });
        await held;
        return classifier.classify(texts, pageRegion('cs', 'CZ'), RULES, links);
      },
    });
    scanner.start();
    await expect.poll(() => calls.length).toBe(1);
    byId('note').setAttribute('contenteditable', '');
    await tick();
    release();
    await settle(scanner);
    expect(marks()).toHaveLength(0);
    expect(byId('note').innerHTML).toBe('Volejte 777 888 999');
  });

  it('a document the page puts in design mode gets its own text back', async () => {
    const { scanner } = await scan('<p id="p">Volejte 777 888 999</p>');
    expect(marks()).toHaveLength(1);
    document.designMode = 'on';
    try {
      // Design mode changes no attribute: the next change of the page (the editor setting up, the first key) shows it.
      byId('p').append(' ');
      await settle(scanner);
      expect(marks()).toHaveLength(0);
      expect(byId('p').textContent).toBe('Volejte 777 888 999 ');
    } finally {
      document.designMode = 'off';
    }
  });
});

describe('Scanner: shadow roots', () => {
  it('scans open shadow roots and what is added to them later; restores them on stop()', async () => {
    document.body.innerHTML = '<div id="host"></div><div id="closed"></div>';
    const root = byId('host').attachShadow({ mode: 'open' });
    root.innerHTML = '<p>Hotline +44 20 7946 0958</p>';
    const closed = byId('closed').attachShadow({ mode: 'closed' });
    closed.innerHTML = '<p>Tel. 777 888 999</p>';
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    expect(dialsIn(root)).toEqual(['00442079460958']);
    // A closed root is the page's business.
    expect(marks(closed)).toHaveLength(0);

    const late = document.createElement('p');
    late.textContent = 'Praha 777 888 999';
    root.append(late);
    await settle(scanner);
    expect(dialsIn(root)).toEqual(['00442079460958', '777888999']);

    scanner.stop();
    expect(marks(root)).toHaveLength(0);
    expect(root.innerHTML).toBe('<p>Hotline +44 20 7946 0958</p><p>Praha 777 888 999</p>');
  });

  it('stops watching shadow roots that leave the page, and watches one again when its host comes back', async () => {
    document.body.innerHTML = '<div id="list"></div>';
    const list = byId('list');
    const hosts = Array.from({ length: 20 }, (_, i) => {
      const host = document.createElement('div');
      host.attachShadow({ mode: 'open' }).innerHTML = `<p>Tel. 777 888 ${String(100 + i)}</p>`;
      list.append(host);
      return host;
    });
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    expect(scanner.watchedRoots()).toBe(21); // the document and every shadow root

    // A framework replaces its components: the old roots must not be kept (nor re-attached on every write).
    for (const host of hosts.slice(1)) host.remove();
    await settle(scanner);
    expect(scanner.watchedRoots()).toBe(2);

    const back = hosts[5]!;
    list.append(back);
    await settle(scanner);
    expect(scanner.watchedRoots()).toBe(3);
    const late = document.createElement('p');
    late.textContent = 'Praha 602 123 456';
    back.shadowRoot!.append(late);
    await settle(scanner);
    expect(dialsIn(back.shadowRoot!)).toEqual(['777888105', '602123456']);
  });

  it('scans shadow roots nested in shadow roots', async () => {
    document.body.innerHTML = '<div id="outer"></div>';
    const outer = byId('outer').attachShadow({ mode: 'open' });
    outer.innerHTML = '<section><div class="inner"></div></section>';
    const innerHost = outer.querySelector('.inner')!;
    const inner = innerHost.attachShadow({ mode: 'open' });
    inner.innerHTML = '<span>602 123 456</span>';
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    expect(dialsIn(inner)).toEqual(['602123456']);
  });
});
