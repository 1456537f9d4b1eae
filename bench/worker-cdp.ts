/**
 * The extension's service worker over the DevTools protocol, for the benchmark: Playwright opens CDP sessions on pages
 * only, so a page session attaches to the worker's target and relays commands (Target.sendMessageToTarget).
 */
import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from '../test/e2e/support/chromium.ts';

export interface WorkerCdp {
  send<T>(method: string, params?: Record<string, unknown>): Promise<T>;
  /**
   * The worker's memory in use after a full garbage collection (bytes): the JS heap plus the typed arrays' backing
   * stores, which V8 keeps outside it (the contact index is mostly typed arrays).
   */
  heapAfterGc(): Promise<number>;
  close(): Promise<void>;
}

export async function workerCdp(ext: ExtensionBrowser, page: Page): Promise<WorkerCdp> {
  const cdp: CDPSession = await ext.ctx.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${ext.extensionId}/`),
  );
  if (!target) throw new Error('bench: the extension has no service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(message.error.message));
    else waiting?.resolve(message.result);
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: (v) => resolve(v as T), reject });
      void cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch(reject);
    });
  return {
    send,
    heapAfterGc: async () => {
      for (let i = 0; i < 3; i++) await send('HeapProfiler.collectGarbage');
      const usage = await send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
      return usage.usedSize + (usage.backingStorageSize ?? 0);
    },
    close: async () => {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}
