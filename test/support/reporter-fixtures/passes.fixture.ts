import { expect, it } from 'vitest';

it('passes', () => expect(1 + 1).toBe(2));
it('passes too', () => expect('a').toBe('a'));
it.skip('is skipped on purpose', () => expect(0).toBe(1));
