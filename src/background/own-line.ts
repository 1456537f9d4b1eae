/** Which of the iPBX's events are the user's own: the engine shows no other line's calls or queue states. */
import type { AgentEvent, CallEvent } from '../shared/protocol.ts';

/**
 * Whether `ev` is for the user's `line`: an event that names no line, or arrives before the line is known, is. Another
 * line's call is a misrouted event, unless our line is its caller or callee (internal calls carry our own line).
 */
export function isOwnLineEvent(ev: CallEvent | AgentEvent, line: string | undefined): boolean {
  if (ev.line === undefined || line === undefined || ev.line === line) return true;
  return ev.event === 'call' && (ev.from === line || ev.to === line);
}
