import { expect, it } from 'vitest';
// @ts-expect-error: the module is missing on purpose, so the file fails to load.
import { missing } from './no-such-module.ts';

it('never runs', () => expect(missing).toBe(1));
