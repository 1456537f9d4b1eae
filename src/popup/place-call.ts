/** A call the user places from the panel (the dial box, a call back from recent calls), and its outcome in words. */
import type { DialPlan } from '../shared/dial-rules.ts';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import type { Result } from './ResultMessage.tsx';

export async function placeCall(plan: DialPlan): Promise<NonNullable<Result>> {
  if (!plan.ok) return { ok: false, text: t('errInvalidNumber') };
  const reply = await request('originate', { to: plan.dial });
  return reply.ok ? { ok: true, text: t('dialPlaced', plan.display) } : { ok: false, text: reply.error.message };
}
