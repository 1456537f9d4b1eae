// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOurs, MARK_TAG, markInfo, Marks, NUMBER_ATTR, type Found } from '../../src/content/marks.ts';

const callLabel = (n: string): string => `Call ${n}`;

/** A <p> holding one text node; returns both. */
function paragraph(text: string): { p: HTMLParagraphElement; node: Text } {
  const p = document.createElement('p');
  const node = document.createTextNode(text);
  p.append(node);
  document.body.append(p);
  return { p, node };
}

/** A Found for the first occurrence of `number` in `text`. */
function at(text: string, number: string, dial: string, label = dial): Found {
  const start = text.indexOf(number);
  if (start < 0) throw new Error(`${number} not in ${text}`);
  return { start, end: start + number.length, dial, label };
}

function marksIn(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll(MARK_TAG));
}

/** Each test's own marks (a scanner owns one). */
let marks: Marks;

beforeEach(() => {
  marks = new Marks();
});

afterEach(() => {
  marks.restoreAll();
  document.body.innerHTML = '';
});

describe('linkText', () => {
  it('splits one number out of a text node into an accessible mark', () => {
    const text = 'Volejte 777 888 999 kdykoli.';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999', '+420 777 888 999')], callLabel);

    expect(p.textContent).toBe(text);
    expect(p.childNodes).toHaveLength(3);
    expect(p.firstChild).toBe(node);
    expect(node.data).toBe('Volejte ');
    const [mark] = marksIn(p);
    expect(mark).toBeDefined();
    expect(p.childNodes[1]).toBe(mark);
    expect(mark!.localName).toBe('ipbx-link');
    expect(mark!.textContent).toBe('777 888 999');
    expect(mark!.getAttribute(NUMBER_ATTR)).toBe('777888999');
    expect(mark!.getAttribute('role')).toBe('link');
    expect(mark!.getAttribute('tabindex')).toBe('0');
    expect(mark!.getAttribute('aria-label')).toBe('Call +420 777 888 999');
    expect((p.childNodes[2] as Text).data).toBe(' kdykoli.');
    expect(markInfo(mark!)).toEqual({
      kind: 'text',
      dial: '777888999',
      label: '+420 777 888 999',
      text: '777 888 999',
      source: '777 888 999',
    });
  });

  it('remembers which nodes are ours and which original it split', () => {
    const text = 'a 777 888 999 b';
    const { p, node } = paragraph(text);
    expect(marks.isSplitOriginal(node)).toBe(false);
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    expect(marks.isSplitOriginal(node)).toBe(true);
    expect(isOurs(node)).toBe(false);
    const [mark] = marksIn(p);
    expect(isOurs(mark!)).toBe(true);
    expect(isOurs(mark!.firstChild!)).toBe(true);
    // The text after a mark is plain page text again: only marks and their text are ours.
    expect(isOurs(p.lastChild!)).toBe(false);
    expect(isOurs(p)).toBe(false);
    expect(marks.isSplitOriginal(p.lastChild!)).toBe(false);
  });

  it('links several numbers, keeping the text between them', () => {
    const text = 'Tel. 777 888 999, fax 602 123 456, hotline +44 20 7946 0958.';
    const { p, node } = paragraph(text);
    marks.linkText(
      node,
      [
        at(text, '777 888 999', '777888999'),
        at(text, '602 123 456', '602123456'),
        at(text, '+44 20 7946 0958', '00442079460958'),
      ],
      callLabel,
    );
    expect(p.textContent).toBe(text);
    expect(marksIn(p).map((m) => [m.textContent, m.getAttribute(NUMBER_ATTR)])).toEqual([
      ['777 888 999', '777888999'],
      ['602 123 456', '602123456'],
      ['+44 20 7946 0958', '00442079460958'],
    ]);
    expect(Array.from(p.childNodes).map((n) => n.nodeType)).toEqual([3, 1, 3, 1, 3, 1, 3]);
    expect(marks.count()).toBe(3);
  });

  it('a number at the very start leaves the original node in place, empty', () => {
    const text = '777 888 999 je naše číslo';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    expect(p.firstChild).toBe(node);
    expect(node.data).toBe('');
    expect(p.textContent).toBe(text);
  });

  it('a number at the very end adds no trailing text node', () => {
    const text = 'Volejte 777 888 999';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    expect(p.childNodes).toHaveLength(2);
    expect(p.lastChild?.nodeName.toLowerCase()).toBe(MARK_TAG);
  });

  it('a node that is all number', () => {
    const { p, node } = paragraph('777888999');
    marks.linkText(node, [{ start: 0, end: 9, dial: '777888999', label: '+420 777 888 999' }], callLabel);
    expect(p.childNodes).toHaveLength(2);
    expect(node.data).toBe('');
    expect(p.textContent).toBe('777888999');
  });

  it('does nothing without numbers or without a parent', () => {
    const { p, node } = paragraph('Volejte 777 888 999');
    marks.linkText(node, [], callLabel);
    expect(p.childNodes).toHaveLength(1);
    expect(marks.isSplitOriginal(node)).toBe(false);

    const detached = document.createTextNode('777 888 999');
    marks.linkText(detached, [{ start: 0, end: 11, dial: '777888999', label: 'x' }], callLabel);
    expect(detached.data).toBe('777 888 999');
    expect(marks.isSplitOriginal(detached)).toBe(false);
    expect(marks.count()).toBe(0);
  });

  it('works inside an open shadow root', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const node = document.createTextNode('Hotline 602 123 456');
    root.append(node);
    marks.linkText(node, [at(node.data, '602 123 456', '602123456')], callLabel);
    expect(root.textContent).toBe('Hotline 602 123 456');
    expect(marksIn(root)).toHaveLength(1);
    marks.restoreAll();
    expect(root.childNodes).toHaveLength(1);
    expect(root.firstChild).toBe(node);
    expect(node.data).toBe('Hotline 602 123 456');
  });
});

describe('the mark remembers what the user saw', () => {
  it('markInfo keeps the linked text even when the page rewrites the mark', () => {
    const text = 'Volejte 777 888 999';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    const [mark] = marksIn(p);
    (mark!.firstChild as Text).data = '602 123 456';
    mark!.setAttribute(NUMBER_ATTR, '602123456');
    expect(markInfo(mark!)).toEqual({
      kind: 'text',
      dial: '777888999',
      label: '777888999',
      text: '777 888 999',
      source: '777 888 999',
    });
  });

  it('has no info for elements that are not marks', () => {
    const { p } = paragraph('x');
    const fake = document.createElement(MARK_TAG);
    fake.setAttribute(NUMBER_ATTR, '777888999');
    p.append(fake);
    expect(markInfo(fake)).toBeUndefined();
    expect(markInfo(p)).toBeUndefined();
    expect(isOurs(fake)).toBe(false);
  });
});

describe('undoSplit', () => {
  it('puts the very same node back with its original text', () => {
    const text = 'Tel. 777 888 999, fax 602 123 456.';
    const { p, node } = paragraph(text);
    const html = p.innerHTML;
    marks.linkText(node, [at(text, '777 888 999', '777888999'), at(text, '602 123 456', '602123456')], callLabel);
    marks.undoSplit(node);
    expect(p.childNodes).toHaveLength(1);
    expect(p.firstChild).toBe(node);
    expect(node.data).toBe(text);
    expect(p.innerHTML).toBe(html);
    expect(marks.isSplitOriginal(node)).toBe(false);
    expect(marks.count()).toBe(0);
    // A second undo is a no-op.
    marks.undoSplit(node);
    expect(node.data).toBe(text);
  });

  it('keepCurrentText: the page rewrote the original, so its new text stays and our pieces go', () => {
    const text = 'Volejte 777 888 999 nebo 602 123 456.';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999'), at(text, '602 123 456', '602123456')], callLabel);
    node.data = 'Nové číslo: 608 000 111';
    marks.undoSplit(node, true);
    expect(p.childNodes).toHaveLength(1);
    expect(p.firstChild).toBe(node);
    expect(node.data).toBe('Nové číslo: 608 000 111');
    expect(p.textContent).toBe('Nové číslo: 608 000 111');
    expect(marks.isSplitOriginal(node)).toBe(false);
  });

  it('ignores nodes it never split', () => {
    const { p, node } = paragraph('nothing here');
    marks.undoSplit(node);
    expect(p.textContent).toBe('nothing here');
  });

  it('copes with pieces the page already removed', () => {
    const text = 'a 777 888 999 b';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    marksIn(p)[0]!.remove();
    expect(() => marks.undoSplit(node)).not.toThrow();
    expect(p.childNodes).toHaveLength(1);
    expect(node.data).toBe(text);
  });
});

describe('a mark is ours alone (what the user sees is what is dialled)', () => {
  it('carries a closed shadow root of its own from creation: a page cannot attach one', () => {
    const text = 'Volejte 777 888 999';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    const mark = marksIn(p)[0]!;
    expect(mark.localName).toBe(MARK_TAG);
    // Closed: the page's shadowRoot reads null, and its own attachShadow fails.
    expect(mark.shadowRoot).toBeNull();
    expect(() => mark.attachShadow({ mode: 'open' })).toThrow();
    // Its text stays the page's own light DOM (find in page, copy, the page's scripts see it as before).
    expect(mark.textContent).toBe('777 888 999');
  });
});

describe('markAnchor', () => {
  it('marks a tel: link in place and labels it when the page did not', () => {
    document.body.innerHTML = '<a href="tel:+420777888999">Zavolejte nám</a>';
    const a = document.querySelector('a')!;
    marks.markAnchor(a, '+420777888999', { dial: '777888999', label: '+420 777 888 999' }, callLabel);
    expect(a.getAttribute(NUMBER_ATTR)).toBe('777888999');
    expect(a.getAttribute('aria-label')).toBe('Call +420 777 888 999');
    expect(markInfo(a)).toEqual({
      kind: 'link',
      dial: '777888999',
      label: '+420 777 888 999',
      text: 'Zavolejte nám',
      source: '+420777888999',
      href: 'tel:+420777888999',
    });
    expect(a.textContent).toBe('Zavolejte nám');
    expect(a.children).toHaveLength(0);
    expect(marks.count()).toBe(1);
  });

  it('keeps the page’s own accessible name', () => {
    document.body.innerHTML = '<a href="tel:+420777888999" aria-label="Zákaznická linka">777 888 999</a>';
    const a = document.querySelector('a')!;
    marks.markAnchor(a, '+420 777 888 999', { dial: '777888999', label: '+420 777 888 999' }, callLabel);
    expect(a.getAttribute('aria-label')).toBe('Zákaznická linka');
    marks.restoreAll();
    expect(a.getAttribute('aria-label')).toBe('Zákaznická linka');
    expect(a.hasAttribute(NUMBER_ATTR)).toBe(false);
  });
});

describe('restoreAll', () => {
  it('restores every split node and anchor exactly as they were', () => {
    document.body.innerHTML =
      '<p id="one">Tel. 777 888 999</p><p id="two">Fax 602 123 456, hotline +44 20 7946 0958</p>' +
      '<a href="tel:445">Linka 445</a><a href="sip:4450@pbx" aria-label="Recepce">Recepce</a>';
    const before = document.body.innerHTML;
    const one = document.getElementById('one')!.firstChild as Text;
    const two = document.getElementById('two')!.firstChild as Text;
    marks.linkText(one, [at(one.data, '777 888 999', '777888999')], callLabel);
    marks.linkText(
      two,
      [at(two.data, '602 123 456', '602123456'), at(two.data, '+44 20 7946 0958', '00442079460958')],
      callLabel,
    );
    const [tel, sip] = Array.from(document.querySelectorAll('a'));
    marks.markAnchor(tel!, '445', { dial: '445', label: '445' }, callLabel);
    marks.markAnchor(sip!, '4450', { dial: '4450', label: '4450' }, callLabel);
    expect(marks.count()).toBe(5);
    expect(document.body.innerHTML).not.toBe(before);

    marks.restoreAll();
    expect(document.body.innerHTML).toBe(before);
    expect(document.getElementById('one')!.firstChild).toBe(one);
    expect(document.getElementById('two')!.firstChild).toBe(two);
    expect(one.data).toBe('Tel. 777 888 999');
    expect(markInfo(tel!)).toBeUndefined();
    expect(markInfo(sip!)).toBeUndefined();
    expect(tel!.dataset.ipbxLabelled).toBeUndefined();
    expect(marks.count()).toBe(0);
    expect(marks.isSplitOriginal(one)).toBe(false);
    // Nothing left to restore.
    marks.restoreAll();
    expect(document.body.innerHTML).toBe(before);
  });
});

describe('dropOrphans', () => {
  it('forgets splits whose original the page removed, and removes what we inserted after it', () => {
    const text = 'Volejte 777 888 999 kdykoli';
    const { p, node } = paragraph(text);
    const other = paragraph('Fax 602 123 456');
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    marks.linkText(other.node, [at(other.node.data, '602 123 456', '602123456')], callLabel);
    node.remove();
    marks.dropOrphans();
    expect(p.childNodes).toHaveLength(0);
    expect(marks.isSplitOriginal(node)).toBe(false);
    // The other split is untouched.
    expect(marks.isSplitOriginal(other.node)).toBe(true);
    expect(marksIn(other.p)).toHaveLength(1);
    expect(marks.count()).toBe(1);
  });

  it('handles a removed parent: the detached pieces are cleaned up and the text is whole again', () => {
    const text = 'Volejte 777 888 999 kdykoli';
    const { p, node } = paragraph(text);
    marks.linkText(node, [at(text, '777 888 999', '777888999')], callLabel);
    p.remove();
    marks.dropOrphans();
    expect(marks.isSplitOriginal(node)).toBe(false);
    expect(p.childNodes).toHaveLength(1);
    expect(p.firstChild).toBe(node);
    // The page may put it back (a tab taken out and put back): it must read as the page wrote it.
    expect(node.data).toBe(text);
  });

  it('unmarks a removed link, and forgets it', () => {
    document.body.innerHTML = '<p><a href="tel:+420777888999">Tel.</a></p>';
    const a = document.querySelector('a')!;
    marks.markAnchor(a, '+420 777 888 999', { dial: '777888999', label: '+420 777 888 999' }, callLabel);
    const kept = paragraph('Fax 602 123 456');
    marks.linkText(kept.node, [at(kept.node.data, '602 123 456', '602123456')], callLabel);
    expect(marks.count()).toBe(2);
    a.parentElement!.remove();
    marks.dropOrphans();
    expect(a.hasAttribute('data-ipbx-number')).toBe(false);
    expect(a.hasAttribute('aria-label')).toBe(false);
    expect(markInfo(a)).toBeUndefined();
    expect(marks.count()).toBe(1);
  });
});
