/** Which of the iPBX's events are the user's own (src/background/own-line.ts). */
import { describe, expect, it } from 'vitest';
import { isOwnLineEvent } from '../../src/background/own-line.ts';
import type { AgentEvent, CallEvent } from '../../src/shared/protocol.ts';

const call = (extra: Partial<CallEvent>): CallEvent => ({ event: 'call', type: 'ringing', uniqueId: '1', ...extra });
const agent = (extra: Partial<AgentEvent>): AgentEvent => ({ event: 'agent', type: 'login', queue: 'q', ...extra });

describe('isOwnLineEvent', () => {
  it('an event for our line, for no line, or before our line is known, is ours', () => {
    for (const ev of [call({ line: '444' }), call({}), agent({ line: '444' }), agent({})]) {
      expect(isOwnLineEvent(ev, '444')).toBe(true);
    }
    expect(isOwnLineEvent(call({ line: '555' }), undefined)).toBe(true);
    expect(isOwnLineEvent(agent({ line: '555' }), undefined)).toBe(true);
  });

  it("another line's call is not ours, unless our line calls or is called (an internal call)", () => {
    expect(isOwnLineEvent(call({ line: '555', from: '777', to: '555' }), '444')).toBe(false);
    expect(isOwnLineEvent(call({ line: '555', from: '444', to: '555' }), '444')).toBe(true);
    expect(isOwnLineEvent(call({ line: '555', from: '555', to: '444' }), '444')).toBe(true);
  });

  it("another line's queue state is never ours", () => {
    expect(isOwnLineEvent(agent({ line: '555' }), '444')).toBe(false);
  });
});
