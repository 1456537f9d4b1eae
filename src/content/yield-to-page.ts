/**
 * Work per slice before the page gets its main thread back (the probe's walk, the scan's passes): well under the 50 ms
 * that counts as a long task.
 */
export const SLICE_MS = 8;

/** Gives the page its main thread back until our next slice (the probe's walk, the scan's passes). */
export function yieldToPage(): Promise<void> {
  // A message to ourselves runs after pending input and rendering, and is not throttled like setTimeout(0).
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
