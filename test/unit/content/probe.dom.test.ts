// @vitest-environment happy-dom
/**
 * The probe every frame runs (src/content/probe.ts): it must find whatever the scan could link, so that the page side
 * is loaded there, and find nothing on a page without numbers, so that it is not.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findSomethingToLink, watchForSomethingToLink } from '../../../src/content/probe.ts';

/** A clock that moves `step` ms at each look, so that the walk yields every NODES_PER_CHECK nodes. */
function deps(step = 0) {
  let t = 0;
  return {
    now: () => (t += step),
    yieldToPage: vi.fn(() => Promise.resolve()),
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('findSomethingToLink', () => {
  it('finds nothing in prose with dates, times and short counts', async () => {
    document.body.innerHTML = '<h2>Schůzka</h2><p>Ve 12:30, rok 2026, 12 kusů, objednávka č. 4521.</p><p>Rok 2026.</p>';
    expect(await findSomethingToLink(document, deps())).toBe(false);
  });

  it('finds a number in a text, in a code block too (the scan, not the probe, knows the skip rules)', async () => {
    document.body.innerHTML = '<p>Volejte <b>777 888 999</b>.</p>';
    expect(await findSomethingToLink(document, deps())).toBe(true);
    document.body.innerHTML = '<pre>id = 6021234567</pre>';
    expect(await findSomethingToLink(document, deps())).toBe(true);
  });

  it('finds the page’s call links whatever their text, and an open shadow root whatever it holds', async () => {
    document.body.innerHTML = '<a href="tel:+420777888999">Call us</a>';
    expect(await findSomethingToLink(document, deps())).toBe(true);
    document.body.innerHTML = '<a href=" SIPS:alice@pbx.example.com">Alice</a>';
    expect(await findSomethingToLink(document, deps())).toBe(true);
    document.body.innerHTML = '<a href="https://example.com/tel">A page about phones</a><my-card></my-card>';
    expect(await findSomethingToLink(document, deps())).toBe(false);
    document.querySelector('my-card')?.attachShadow({ mode: 'open' });
    expect(await findSomethingToLink(document, deps())).toBe(true);
  });

  it('walks a long page in slices, giving the page its thread back between them', async () => {
    document.body.innerHTML = `${'<p>Text bez čísel, rok 2026.</p>'.repeat(3_000)}<p>Volejte 602 123 456.</p>`;
    const d = deps(5); // every look at the clock is 5 ms later: past the 8 ms slice at each check
    expect(await findSomethingToLink(document, d)).toBe(true);
    expect(d.yieldToPage.mock.calls.length).toBeGreaterThan(5);
  });

  it('looks for call links in its slices, not in one query over the whole page before the first', async () => {
    document.body.innerHTML = `${'<p>Text bez čísel.</p>'.repeat(3_000)}<a href="tel:+420777888999">Call us</a>`;
    const d = deps(5);
    expect(await findSomethingToLink(document, d)).toBe(true);
    // The link is at the end: the walk must have handed the page its thread back on the way there.
    expect(d.yieldToPage.mock.calls.length).toBeGreaterThan(5);
  });

  it('stops when no longer wanted, and errs towards loading when the page removed its place', async () => {
    document.body.innerHTML = `${'<p>Text bez čísel.</p>'.repeat(2_000)}<p>Volejte 602 123 456.</p>`;
    expect(await findSomethingToLink(document, deps(5), () => false)).toBe(false);

    const d = deps(5);
    d.yieldToPage.mockImplementation(() => {
      document.body.innerHTML = '<p>Nic.</p>'; // the page replaced everything while the probe yielded
      return Promise.resolve();
    });
    document.body.innerHTML = '<p>Text bez čísel.</p>'.repeat(2_000);
    expect(await findSomethingToLink(document, d)).toBe(true);
  });
});

describe('watchForSomethingToLink', () => {
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('reports the first added text that may hold a number, once, and then stops watching', async () => {
    const found = vi.fn();
    watchForSomethingToLink(document, found);
    document.body.append(document.createElement('p'));
    document.body.append('Rok 2026, 12 kusů.');
    await flush();
    expect(found).not.toHaveBeenCalled();
    const p = document.createElement('p');
    p.innerHTML = 'Volejte <b>777 888 999</b>.';
    document.body.append(p);
    await flush();
    document.body.append('602 123 456');
    await flush();
    expect(found).toHaveBeenCalledTimes(1);
  });

  it('sees a text changed in place, an added call link and an added shadow host', async () => {
    const text = document.createTextNode('Číslo brzy.');
    document.body.append(text);
    const byText = vi.fn();
    const stop = watchForSomethingToLink(document, byText);
    text.data = 'Číslo: 602 123 456';
    await flush();
    expect(byText).toHaveBeenCalledTimes(1);
    stop();

    const byLink = vi.fn();
    watchForSomethingToLink(document, byLink);
    const wrap = document.createElement('div');
    wrap.innerHTML = '<span><a href="callto:alice">Alice</a></span>';
    document.body.append(wrap);
    await flush();
    expect(byLink).toHaveBeenCalledTimes(1);

    const byShadow = vi.fn();
    watchForSomethingToLink(document, byShadow);
    const outer = document.createElement('section');
    const host = document.createElement('x-widget');
    host.attachShadow({ mode: 'open' });
    outer.append(host);
    document.body.append(outer);
    await flush();
    expect(byShadow).toHaveBeenCalledTimes(1);
  });

  it('reports nothing once stopped', async () => {
    const found = vi.fn();
    const stop = watchForSomethingToLink(document, found);
    stop();
    document.body.append('Volejte 602 123 456');
    await flush();
    expect(found).not.toHaveBeenCalled();
  });
});
