// @vitest-environment happy-dom
/**
 * A page that registers our mark's tag name as a custom element of its own (a file of its own: a definition stays in
 * the window for the rest of the file).
 */
import { expect, it } from 'vitest';
import { FALLBACK_ATTR, isOurs, markInfo, Marks, NUMBER_ATTR } from '../../../src/content/marks.ts';

const callLabel = (n: string): string => `Call ${n}`;

it('a page that registered our tag name gets spans of ours instead, not its element', () => {
  // (That the name is taken is read with :defined, which happy-dom does not implement: the page's element here takes
  // the shadow root first, the other way we notice. Both are in the e2e tests, click-tricks.chromium.e2e.ts.)
  let constructed = 0;
  customElements.define(
    'ipbx-link',
    class extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' }).innerHTML = '<span>602 123 456</span>';
      }
      connectedCallback() {
        constructed++;
      }
    },
  );
  const marks = new Marks();
  const text = 'Volejte 777 888 999';
  const p = document.createElement('p');
  const node = document.createTextNode(text);
  p.append(node);
  document.body.append(p);
  marks.linkText(node, [{ start: 8, end: 19, dial: '777888999', label: '777888999' }], callLabel);
  const mark = p.querySelector(`[${NUMBER_ATTR}]`)!;
  expect(mark.localName).toBe('span');
  expect(mark.hasAttribute(FALLBACK_ATTR)).toBe(true);
  expect(constructed).toBe(0);
  expect(() => mark.attachShadow({ mode: 'open' })).toThrow();
  expect(isOurs(mark)).toBe(true);
  expect(markInfo(mark)?.kind).toBe('text');
  marks.restoreAll();
  expect(p.textContent).toBe(text);
  expect(p.childNodes).toHaveLength(1);
});
