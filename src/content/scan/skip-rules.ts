/**
 * What the scan never looks into: elements, and everything inside them, whose text is not the page's content to link
 * (code, form fields, editors, controls, our own marks). The walk asks skipsElement of each element it enters;
 * SKIP_SELECTOR asks the same of the ancestors of a node reached some other way (a root added later, a row's text).
 */
import { FALLBACK_ATTR, MARK_TAG, type Marks } from '../marks.ts';

/**
 * Never look inside these. Controls are among them (buttons, labels, a details' summary, and below, ARIA widgets): a
 * number in a suggestion list's option or a menu item belongs to that control, and a click on it must do what the
 * page meant (open the contact, pick the entry), not place a call.
 */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'button',
  'label',
  'summary',
  'title',
  'head',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  MARK_TAG,
]);
/** ARIA roles of controls that act on a click (a grid's cells and rows are content, and stay). */
const CONTROL_ROLES = [
  'button',
  'link',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'tab',
  'treeitem',
  'checkbox',
  'radio',
  'switch',
  'combobox',
  'textbox',
  'searchbox',
];
const CONTROL_ROLE = new Set(CONTROL_ROLES);
export const SKIP_SELECTOR = `${[...SKIP].join(',')},[${FALLBACK_ATTR}],[data-ipbx-ignore],[contenteditable]:not([contenteditable="false"]),a[href],${CONTROL_ROLES.map((r) => `[role~="${r}"]`).join(',')}`;

function isControlRole(role: string): boolean {
  return role.split(/\s+/).some((r) => CONTROL_ROLE.has(r));
}

/** An editor of the page's (`contenteditable`, but not "false"), which we never look into. */
export function isEditor(el: Element): boolean {
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable !== 'false';
}

/**
 * Whether the walk leaves `el` (its localName: `name`) and everything inside it alone. It must agree with SKIP_SELECTOR;
 * it also skips the cells we marked in place.
 */
export function skipsElement(el: Element, name: string, marks: Marks): boolean {
  if (SKIP.has(name)) return true; // our marks included
  // One call for the many elements without attributes (each DOM call from an isolated world costs a wrapper lookup).
  if (!el.hasAttributes()) return false;
  if (el.hasAttribute('data-ipbx-ignore') || marks.isMarkedCell(el) || isEditor(el)) return true;
  // Our marks are spans where the page took MARK_TAG (marks.ts); only then is a span worth the look.
  if (marks.elements.usesFallback && name === 'span' && el.hasAttribute(FALLBACK_ATTR)) return true;
  // A call link keeps its role: it is taken over below whatever it looks like.
  const role = name === 'a' ? null : el.getAttribute('role');
  return role !== null && isControlRole(role);
}

/** For nodes that arrive later: is an ancestor one we never look inside? */
export function inSkippedRegion(node: Node): boolean {
  const parent = node.parentElement;
  return parent !== null && parent.closest(SKIP_SELECTOR) !== null;
}

/**
 * For a text read through its row (walker.ts, visitRow): is an element from its parent up to that row one we never
 * look inside? The row's section and what holds it were looked at on the way in, so only the few elements in between
 * (the row, the cell, what is in it) are asked, not every ancestor up to the document against SKIP_SELECTOR.
 */
export function skippedInRow(node: Node, row: Element, marks: Marks): boolean {
  for (let el = node.parentElement; el; el = el.parentElement) {
    const name = el.localName;
    if (skipsElement(el, name, marks) || (name === 'a' && el.hasAttribute('href'))) return true;
    if (el === row) return false;
  }
  return false;
}
