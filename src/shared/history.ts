/** The recent-calls contract: storage.local key "recentCalls", newest first. */
import type { Direction } from './protocol.ts';

export const RECENT_KEY = 'recentCalls';

export interface RecentCall {
  uniqueId: string;
  direction: Direction;
  number: string;
  startedAt: number;
  endedAt: number;
  answered: boolean;
  durationMs: number;
  /** Rang here unanswered, not answered elsewhere nor hung up by the user (absent in entries of earlier versions). */
  missed?: boolean;
  /** The iPBX's Hangup reason, as it wrote it ("No user response", "Answered elsewhere", …). */
  reason?: string;
}

export function readRecent(stored: unknown): RecentCall[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (c): c is RecentCall =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as RecentCall).uniqueId === 'string' &&
      typeof (c as RecentCall).number === 'string' &&
      typeof (c as RecentCall).endedAt === 'number',
  );
}
