// @vitest-environment happy-dom
/**
 * The call panel (src/popup/App.tsx and its parts) rendered with a fake background (popup/harness.tsx). How a number
 * reads: national numbers in groups beside the exact text, internal lines, foreign numbers.
 */
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/preact';
import { PhoneNumber } from '../../../src/popup/PhoneNumber.tsx';
// The panel's hooks: a fresh fake browser before each test, the rendered DOM cleaned up after it.
import './harness.tsx';

describe('popup: how a number reads', () => {
  it('a national number reads in groups, followed by the number exactly as the iPBX sent it', () => {
    render(<PhoneNumber raw="777888999" country="CZ" />);
    expect(document.querySelector('.number')!.textContent).toBe('777 888 999 777888999');
    expect(document.querySelector('.number .raw')!.textContent).toBe(' 777888999');
  });

  it('an internal line is shown once, as it is', () => {
    render(<PhoneNumber raw="445" country="CZ" />);
    expect(document.querySelector('.number')!.textContent).toBe('445');
    expect(document.querySelector('.number .raw')).toBeNull();
  });

  it('a foreign number reads in international form', () => {
    render(<PhoneNumber raw="00442079460958" country="CZ" />);
    expect(document.querySelector('.number')!.textContent).toBe('+44 20 7946 0958 00442079460958');
  });
});
