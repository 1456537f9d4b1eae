// @vitest-environment happy-dom
/**
 * Numbers from the iPBX and from pages are shown left to right, isolated, without bidi controls: "‮654 321 009" must not
 * show the digits of 900 123 456 backwards, in the panel (<bdi dir="ltr">), in notifications and in our confirmation.
 */
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationText } from '../../src/background/notifier.ts';
import { PhoneNumber } from '../../src/popup/PhoneNumber.tsx';
import { Bdi, WithNumber } from '../../src/shared/Bdi.tsx';
import { hasBidiControls, stripBidi } from '../../src/shared/bidi.ts';
import type { Call } from '../../src/shared/calls.ts';
import { formatNumber } from '../../src/shared/phone-format.ts';
import { migrateSettings } from '../../src/shared/settings.ts';

const RLO = '\u202e';
const CONTROLS = [
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  RLO,
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

afterEach(() => cleanup());

describe('bidi controls', () => {
  it('are found and taken out, every one of them, and nothing else', () => {
    for (const c of CONTROLS) {
      expect(hasBidiControls(`900${c}123456`)).toBe(true);
      expect(stripBidi(`${c}900 123 456${c}`)).toBe('900 123 456');
    }
    expect(hasBidiControls('+420 900 123 456 Jan Nováček أحمد')).toBe(false);
    expect(stripBidi('+420 900 123 456 Jan Nováček أحمد')).toBe('+420 900 123 456 Jan Nováček أحمد');
    // No state between calls (a global regex with lastIndex would answer false every other time).
    expect([1, 2, 3].map(() => hasBidiControls(`${RLO}1`))).toEqual([true, true, true]);
  });

  it('a number from the iPBX is formatted without them', () => {
    expect(formatNumber(`${RLO}654321009`, 'CZ')).toBe('654 321 009');
    expect(formatNumber(`+420${RLO}900123456`, 'CZ')).toBe('900 123 456');
  });
});

describe('the panel isolates numbers left to right', () => {
  it('PhoneNumber: both forms in <bdi dir="ltr">, without the controls the iPBX sent', () => {
    render(<PhoneNumber raw={`${RLO}900123456`} country="CZ" />);
    const isolated = [...document.querySelectorAll('.number bdi')];
    expect(isolated.map((b) => [b.getAttribute('dir'), b.textContent])).toEqual([
      ['ltr', '900 123 456'],
      ['ltr', '900123456'],
    ]);
    expect(hasBidiControls(document.body.textContent ?? '')).toBe(false);
  });

  it('a message with a number in it isolates just the number', () => {
    render(
      <p>
        <WithNumber message="transferConsulting" number={`${RLO}777 888 999`} />
      </p>,
    );
    const p = document.querySelector('p')!;
    expect(p.querySelector('bdi')?.textContent).toBe('777 888 999');
    expect(p.textContent).toContain('777 888 999');
    expect(hasBidiControls(p.textContent ?? '')).toBe(false);
  });

  it('Bdi keeps a class for styling', () => {
    render(<Bdi class="dial">{`${RLO}900123456`}</Bdi>);
    expect(document.querySelector('bdi.dial')?.textContent).toBe('900123456');
  });
});

describe('notifications carry no bidi controls', () => {
  it('the caller, the line and the queue of a ringing call', () => {
    const call: Call = {
      uniqueId: '1',
      from: `${RLO}654321009`,
      to: '444',
      direction: 'incoming',
      state: 'ringing',
      startedAt: 0,
      line: `44${RLO}4`,
      queue: `Podpora${RLO}`,
    };
    const text = notificationText(call, migrateSettings({ defaultCountry: 'CZ' }));
    expect(text.message).toBe('654 321 009');
    expect(hasBidiControls(`${text.title}${text.message}${text.contextMessage}`)).toBe(false);
  });
});
