/**
 * The page feed's content side (docs/page-feed.md): posts the current calls the background sends to this frame's
 * window, for the origin the background named. postMessage delivers nothing when that is not the window's origin, so
 * a frame that navigated elsewhere since gets nothing. It never listens to the page: nothing a page posts reaches us.
 */
import { FEED_SOURCE, type FeedCall, type FeedMessage } from '../shared/page-feed.ts';

export function postCalls(target: Pick<Window, 'postMessage'>, origin: string, calls: FeedCall[]): void {
  const message: FeedMessage = { source: FEED_SOURCE, type: 'calls', calls };
  target.postMessage(message, origin);
}
