/**
 * The page feed's contract (docs/page-feed.md): what a page of a listed origin receives, as the background builds it
 * (background/page-feed.ts) and the content script posts it (content/page-feed.ts). Types and two small functions
 * only: the content script imports this module.
 */
import type { Call } from './calls.ts';

/** `source` of every message the feed posts to a page. */
export const FEED_SOURCE = 'ipbx-connect';

/** One current call as a page sees it: no contact data but a name the page's own CRM gave (see `name`). */
export interface FeedCall {
  uniqueId: string;
  from: string;
  to: string;
  direction: Call['direction'];
  state: 'ringing' | 'answered';
  line: string | null;
  queue: string | null;
  /** Only a name that a CRM lookup on this very origin answered; otherwise null. */
  name: string | null;
  /** Epoch ms when the call started ringing here. */
  startedAt: number;
}

/** What the content script posts with window.postMessage(…, origin). */
export interface FeedMessage {
  source: typeof FEED_SOURCE;
  type: 'calls';
  calls: FeedCall[];
}

/**
 * An origin as the setting lists it: `http(s)://host[:port]`, exactly as the browser writes it (lower case, no path,
 * no default port; an international domain name in its xn-- form). No wildcards: each origin is named.
 */
export function isFeedOrigin(value: string): boolean {
  if (!/^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$/.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}
