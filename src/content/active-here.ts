/** The one question both the probe and the page side ask the background before linking anything. */
import { request } from '../shared/messages.ts';

/** Whether click-to-call is on for this frame's site (the settings, the sites the user left alone). */
export async function isActiveHere(): Promise<boolean> {
  const reply = await request('pageConfig', null);
  return reply.ok && reply.value.active;
}
