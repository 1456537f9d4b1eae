// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { probeScript } from '../../bench/scenarios/idle-floor.ts';

/** What the probe left behind (it counts the texts that may hold a number, so the walk cannot be optimised away). */
function found(): unknown {
  return (globalThis as { probeFound?: unknown }).probeFound;
}

afterEach(() => {
  delete (globalThis as { probeFound?: unknown }).probeFound;
  document.documentElement.removeAttribute('data-ipbx-ignore');
  document.body.innerHTML = '';
});

describe('the idle floor probe (bench/scenarios/idle-floor.ts)', () => {
  it('reads every text once with the number filter: texts that may hold a number are counted, others not', () => {
    document.body.innerHTML =
      '<p>Volejte 777 888 999 nebo pište.</p><p>Rok 2026, 12 lidí.</p><div><span>+420 601 234 567</span></div>';
    // The script is run as the browser runs a content script: a string, evaluated in the page's global scope.
    new Function(probeScript())();
    expect(found()).toBe(2);
  });

  it('leaves a page marked data-ipbx-ignore alone, as our script does', () => {
    document.documentElement.setAttribute('data-ipbx-ignore', '');
    document.body.innerHTML = '<p>Volejte 777 888 999.</p>';
    new Function(probeScript())();
    expect(found()).toBeUndefined();
  });
});
