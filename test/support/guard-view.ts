/** What the call guard shows for a premium-rate number from crm.example.com, for tests of its window and messages. */
import type { GuardView } from '../../src/shared/call-guard.ts';

export function premiumView(overrides: Partial<GuardView> = {}): GuardView {
  return {
    kind: 'confirm',
    number: '900 123 456',
    dial: '900123456',
    type: 'Premium-rate number',
    origin: 'crm.example.com',
    reasons: [],
    expiresAt: 1,
    ...overrides,
  };
}
