// @vitest-environment happy-dom
/** What the scan never looks into (scan/skip-rules.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { IN_PLACE_ROWS, MARK_TAG, NUMBER_ATTR } from '../../../../src/content/marks.ts';
import { byId, cleanUp, dialsIn, harness, marks, scan, settle } from '../scanner-harness.ts';

afterEach(cleanUp);

describe('Scanner: where it never looks', () => {
  const NUMBER = '777 888 999';

  it.each([
    ['script', `<script>var tel = "${NUMBER}";</script>`],
    ['style', `<style>/* ${NUMBER} */ p { color: red }</style>`],
    ['noscript', `<noscript>Tel. ${NUMBER}</noscript>`],
    ['template', `<template><p>Tel. ${NUMBER}</p></template>`],
    ['textarea', `<textarea>Tel. ${NUMBER}</textarea>`],
    ['input', `<input value="${NUMBER}">`],
    ['select/option', `<select><option>${NUMBER}</option><option value="x">Tel. ${NUMBER}</option></select>`],
    ['contenteditable', `<div contenteditable>Tel. ${NUMBER}</div>`],
    ['contenteditable="true"', `<div contenteditable="true"><p>Tel. <b>${NUMBER}</b></p></div>`],
    ['contenteditable="plaintext-only"', `<div contenteditable="plaintext-only">Tel. ${NUMBER}</div>`],
    ['a link that is not tel:', `<a href="https://example.com/">Tel. ${NUMBER}</a>`],
    ['a mailto: link', `<a href="mailto:info@example.cz">Tel. ${NUMBER}</a>`],
    ['a relative link', `<a href="/kontakt"><span>Tel. ${NUMBER}</span></a>`],
    ['data-ipbx-ignore', `<div data-ipbx-ignore>Tel. ${NUMBER}</div>`],
    ['inside data-ipbx-ignore', `<div data-ipbx-ignore=""><section><p>Tel. <b>${NUMBER}</b></p></section></div>`],
    ['svg', `<svg><text>Tel. ${NUMBER}</text></svg>`],
  ])('%s', async (_name, html) => {
    document.body.innerHTML = `<div id="skip">${html}</div><p id="control">Tel. 602 123 456</p>`;
    const skipHtml = byId('skip').innerHTML;
    const { scanner } = harness();
    scanner.start();
    await settle(scanner);
    // The control shows the scan ran.
    expect(dialsIn(byId('control'))).toEqual(['602123456']);
    expect(marks(byId('skip'))).toHaveLength(0);
    expect(byId('skip').innerHTML).toBe(skipHtml);
  });

  it('<title> and <head>', async () => {
    document.head.innerHTML = '<title>Kontakt 777 888 999</title><meta name="description" content="777 888 999">';
    await scan('<p>602 123 456</p>');
    expect(document.title).toBe('Kontakt 777 888 999');
    expect(document.head.querySelector(MARK_TAG)).toBeNull();
    expect(dialsIn()).toEqual(['602123456']);
  });

  it('contenteditable="false" is not an editor', async () => {
    await scan(`<div contenteditable="false">Tel. 777 888 999</div>`);
    expect(dialsIn()).toEqual(['777888999']);
  });

  it('never links inside its own marks (a second pass changes nothing)', async () => {
    const { scanner } = await scan('<div id="box"><p id="p">Volejte 777 888 999</p></div><div id="other"></div>');
    const html = byId('p').outerHTML;
    // Moving the paragraph makes the observer hand the whole linked paragraph to the scanner again.
    byId('other').append(byId('p'));
    await settle(scanner);
    expect(byId('p').outerHTML).toBe(html);
    expect(marks()).toHaveLength(1);
    expect(marks()[0]!.querySelector(MARK_TAG)).toBeNull();
    // Moving a mark by itself does not nest or duplicate it either.
    const mark = marks()[0]!;
    byId('box').append(mark);
    await settle(scanner);
    expect(marks()).toEqual([mark]);
    expect(mark.textContent).toBe('777 888 999');
  });
});

describe('Scanner: controls', () => {
  it('never links inside a control: a click there must do what the page meant', async () => {
    await scan(`<button>Volat 777 888 999</button>
      <label><input type="radio" name="n"> 602 123 456</label>
      <details open><summary>Kontakt 603 111 222</summary><p id="body">Sklad 604 222 333</p></details>
      <ul role="listbox"><li role="option">Jan Novák 605 333 444</li></ul>
      <span role="menuitem button">606 444 555</span>
      <div role="tab">Pobočka 608 666 777</div>
      <div role="grid"><div role="row"><div id="cell" role="gridcell">607 555 666</div></div></div>
      <a id="tel" role="button" href="tel:+420601777888">Zavolejte</a>`);
    // A details' body, a grid's cell and a call link styled as a button are content, and are linked.
    expect(dialsIn()).toEqual(['604222333', '607555666']);
    expect(byId('tel').getAttribute(NUMBER_ATTR)).toBe('601777888');
  });

  it('a control the page adds later, or a row of a big table holding one, is left alone too', async () => {
    const rows = Array.from(
      { length: IN_PLACE_ROWS },
      (_, i) => `<tr><td>Jméno ${i}</td><td><button>777 ${String(100 + (i % 900))} 111</button></td></tr>`,
    ).join('');
    const { scanner } = await scan(`<table><tbody>${rows}</tbody></table><div id="late"></div>`);
    expect(marks()).toHaveLength(0);
    expect(document.querySelectorAll(`[${NUMBER_ATTR}]`)).toHaveLength(0);
    byId('late').innerHTML = '<div role="option">Jana 602 123 456</div><p>Petr 603 111 222</p>';
    await settle(scanner);
    expect(dialsIn()).toEqual(['603111222']);
  });
});
