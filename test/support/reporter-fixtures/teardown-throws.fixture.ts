import { afterAll, expect, it } from 'vitest';

afterAll(() => {
  throw new Error('teardown failed');
});
it('passes before the teardown throws', () => expect(1).toBe(1));
