import { beforeAll, describe, expect, it } from 'vitest';

describe('a suite whose setup throws', () => {
  beforeAll(() => {
    throw new Error('setup failed');
  });
  it('never runs', () => expect(1).toBe(1));
  it('never runs either', () => expect(1).toBe(1));
  it.skip('is skipped on purpose', () => expect(1).toBe(1));
});

it('runs outside that suite', () => expect(1).toBe(1));
