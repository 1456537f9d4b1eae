// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLOOR_NAMES, FLOOR_PROBES } from '../../bench/scenarios/idle-floor.ts';

/** What a probe left behind (a count, so that its walk cannot be optimised away). */
function found(): unknown {
  return (globalThis as { probeFound?: unknown }).probeFound;
}

/** The extension API as the neededWalk probe uses it. */
function fakeChrome() {
  const api = {
    runtime: {
      onMessage: { addListener: vi.fn() },
      sendMessage: vi.fn(() => Promise.resolve({ ok: true })),
    },
  };
  vi.stubGlobal('chrome', api);
  return api;
}

/** Runs a probe as the browser runs a content script: a string, evaluated in the page's global scope. */
function run(script: string): void {
  new Function(script)();
}

const PAGE =
  '<p>Volejte 777 888 999 nebo pište.</p><p>Rok 2026, 12 lidí.</p><div><span>+420 601 234 567</span></div>' +
  '<p><a href="TEL:+420777111222">Zavolejte nám</a></p>';

afterEach(() => {
  delete (globalThis as { probeFound?: unknown }).probeFound;
  vi.unstubAllGlobals();
  document.documentElement.removeAttribute('data-ipbx-ignore');
  document.body.innerHTML = '';
});

describe('the idle floors (bench/scenarios/idle-floor.ts)', () => {
  it('filterWalk reads every text once with the number filter: texts that may hold a number are counted', () => {
    document.body.innerHTML = PAGE;
    run(FLOOR_PROBES.filterWalk);
    expect(found()).toBe(2);
  });

  it('bareWalk is the first reader walk: every element and text visited, every text read', () => {
    document.body.innerHTML = PAGE;
    const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    let nodes = 0;
    let chars = 0;
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      nodes++;
      if (n.nodeType === Node.TEXT_NODE) chars += (n as Text).data.length;
    }
    run(FLOOR_PROBES.bareWalk);
    expect(found()).toBe(nodes + chars);
  });

  it('neededWalk counts numbers, call links and open shadow roots, and makes the API use every frame makes', () => {
    document.body.innerHTML = PAGE;
    document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });
    const api = fakeChrome();
    run(FLOOR_PROBES.neededWalk);
    expect(found()).toBe(4);
    expect(api.runtime.onMessage.addListener).toHaveBeenCalledTimes(1);
    expect(api.runtime.sendMessage).toHaveBeenCalledWith({ type: 'pageConfig', payload: null });
  });

  it.each(FLOOR_NAMES)('%s leaves a page marked data-ipbx-ignore alone, as our script does', (name) => {
    document.documentElement.setAttribute('data-ipbx-ignore', '');
    document.body.innerHTML = PAGE;
    const api = fakeChrome();
    run(FLOOR_PROBES[name]);
    expect(found()).toBeUndefined();
    expect(api.runtime.sendMessage).not.toHaveBeenCalled();
  });
});
