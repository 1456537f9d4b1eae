/**
 * Small shared pieces of the contacts work: contact text cleaning (src/shared/contact-record.ts) and time slices
 * (src/shared/time-slices.ts).
 */
import { describe, expect, it } from 'vitest';
import { cleanText, MAX_TEXT } from '../../../src/shared/contact-record.ts';
import { nextTurn, Slicer } from '../../../src/shared/time-slices.ts';

describe('cleanText', () => {
  it('trims, turns control characters and line breaks into one space', () => {
    expect(cleanText('  Jan\u0000\r\n\tNovák\u0085\u2028 ')).toBe('Jan Novák');
    expect(cleanText('')).toBe('');
  });

  it('cuts long text without splitting a surrogate pair', () => {
    expect(cleanText('x'.repeat(500))).toHaveLength(MAX_TEXT);
    const emoji = `${'x'.repeat(MAX_TEXT - 1)}😀tail`;
    expect(cleanText(emoji)).toBe('x'.repeat(MAX_TEXT - 1));
  });
});

describe('Slicer', () => {
  it('says a slice is due only after its time, and counts the longest slice', async () => {
    let turns = 0;
    const slicer = new Slicer({ sliceMs: 20, yieldNow: async () => void turns++ });
    expect(slicer.due()).toBe(false);
    const until = performance.now() + 25;
    while (performance.now() < until) {
      // busy: a slice of work
    }
    expect(slicer.due()).toBe(true);
    await slicer.pause();
    expect(turns).toBe(1);
    expect(slicer.due()).toBe(false);
    slicer.finish();
    expect(slicer.longestSliceMs).toBeGreaterThanOrEqual(25);
  });

  it('refuses to start or go on after an abort', async () => {
    const abort = new AbortController();
    const slicer = new Slicer({ signal: abort.signal, yieldNow: nextTurn });
    abort.abort(new Error('stop'));
    await expect(slicer.pause()).rejects.toThrow('stop');
    expect(() => new Slicer({ signal: abort.signal })).toThrow('stop');
  });
});
