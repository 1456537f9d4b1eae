import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/shared/errors.ts';

describe('errorMessage', () => {
  it("gives an Error's message, of any subclass", () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(new TypeError('not a function'))).toBe('not a function');
    expect(errorMessage(new Error(''))).toBe('');
  });

  it('turns anything else that was thrown into text', () => {
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage({ toString: () => 'custom' })).toBe('custom');
  });
});
