/**
 * Bidirectional-text controls (marks, embeddings, overrides, isolates): invisible characters that change the order in
 * which the characters around them are shown. "‮654 321 009" shows the digits of 900 123 456 backwards. Numbers and
 * names from pages and from the iPBX are shown without them, isolated left to right (PhoneNumber.tsx, notifications).
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

export function hasBidiControls(text: string): boolean {
  BIDI_CONTROLS.lastIndex = 0;
  const found = BIDI_CONTROLS.test(text);
  BIDI_CONTROLS.lastIndex = 0;
  return found;
}
