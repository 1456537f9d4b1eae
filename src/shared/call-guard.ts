/**
 * The contract of the call guard (background/call-guard/): a call a page starts is placed at once, or asked for first
 * in our own UI (a notification, or a small window of ours: the confirm page), and announced outside the page while it
 * is placed. What the content script reports about the user's gesture, and what the confirm page shows.
 */

/** The confirm page: the confirmation window, and the announcement's window where notifications have no buttons. */
export const CONFIRM_PAGE = 'src/confirm/index.html';

/**
 * What the content script could tell about what the user saw at the click (content/sight.ts):
 * - `visible`: the browser confirmed it (IntersectionObserver v2: not hidden, covered, faded or filtered);
 * - `unverified`: every check of ours passed, but this browser cannot confirm it (Firefox: no IntersectionObserver v2);
 * - `doubt`: something may hide or change what the user saw (`doubt` says what): the call asks first.
 */
export const SEEN = ['visible', 'unverified', 'doubt'] as const;
export type Seen = (typeof SEEN)[number];

export const DOUBTS = ['notVisible', 'noVerdict', 'moved', 'effects', 'direction', 'frame'] as const;
export type Doubt = (typeof DOUBTS)[number];

/** How the call was started on the page. */
export const GESTURES = ['pointer', 'keyboard'] as const;
export type Gesture = (typeof GESTURES)[number];

/** What the confirm page shows; all text is in the user's language already. */
export interface GuardView {
  /** `confirm`: asks before the call; `announce`: a call under way, which the user may cancel. */
  kind: 'confirm' | 'announce';
  /** The number as a person reads it ("900 123 456"), and exactly what will be dialled ("900123456"). */
  number: string;
  dial: string;
  /** The number's type ("Premium-rate number"). */
  type: string;
  /** The site that started the call ("crm.example.com", or "crm.example.com (in a frame)"). */
  origin: string;
  /** Why it asks, one sentence each. */
  reasons: string[];
  /** Epoch ms after which the confirmation no longer places the call; null for an announcement. */
  expiresAt: number | null;
}

/** The answer to a page's call: placed at once, or waiting for the user's confirmation in our own UI. */
export interface PageCallOutcome {
  outcome: 'placed' | 'asking';
  /** The number as the user's feedback names it. */
  label: string;
  /** Where the confirmation waits, when asking. */
  where?: 'notification' | 'window';
}
