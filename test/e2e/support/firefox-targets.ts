/**
 * Documents the remote debugging protocol reaches beyond tabs: our content script's own world in a page, the
 * extension's documents wherever Firefox shows them (sidebar, popup), and the browser's own chrome code.
 */
import { RdpEvaluator, type RdpClient } from './firefox-rdp.ts';
import type { TabForm } from './firefox-tabs.ts';

export interface DebuggerTargetsDeps {
  /** The debugger connection (opened again after a detachDebugger). */
  client(): Promise<RdpClient>;
  extensionId: string;
  /** The add-on's actor, as listAddons gives it now. */
  addonActor(): Promise<string>;
  listTabs(): Promise<TabForm[]>;
}

export interface DebuggerTargets {
  contentScriptWorld(pageUrl: string, timeoutMs?: number): Promise<RdpEvaluator>;
  extensionDocument(urlPart: string, timeoutMs?: number): Promise<RdpEvaluator>;
  browserChrome(): Promise<RdpEvaluator>;
}

export function debuggerTargets({ client, extensionId, addonActor, listTabs }: DebuggerTargetsDeps): DebuggerTargets {
  const contentScriptWorld = async (pageUrl: string, timeoutMs = 10_000): Promise<RdpEvaluator> => {
    const rdpc = await client();
    const tab = (await listTabs()).find((t) => t.url === pageUrl);
    if (!tab) throw new Error(`No tab shows ${pageUrl}`);
    const watcher = (await rdpc.request(tab.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true })).actor;
    if (typeof watcher !== 'string') throw new Error(`No watcher for ${pageUrl}`);
    const targets = rdpc.watch((p) => p.from === watcher && p.type === 'target-available-form');
    try {
      await rdpc.request(watcher, 'watchTargets', { targetType: 'content_script' });
      const found = await targets.next(
        (p) => (p.target as { addonId?: string } | undefined)?.addonId === extensionId,
        timeoutMs,
      );
      const consoleActor = (found.target as { consoleActor?: unknown }).consoleActor;
      if (typeof consoleActor !== 'string') throw new Error('The content script target has no console');
      return new RdpEvaluator(rdpc, consoleActor);
    } finally {
      targets.stop();
    }
  };

  const extensionDocument = async (urlPart: string, timeoutMs = 10_000): Promise<RdpEvaluator> => {
    const rdpc = await client();
    const watcher = (await rdpc.request(await addonActor(), 'getWatcher', { isServerTargetSwitchingEnabled: true }))
      .actor;
    if (typeof watcher !== 'string') throw new Error('No watcher for the extension');
    const targets = rdpc.watch((p) => p.from === watcher && p.type === 'target-available-form');
    try {
      await rdpc.request(watcher, 'watchTargets', { targetType: 'frame' });
      const found = await targets.next(
        (p) => String((p.target as { url?: unknown } | undefined)?.url ?? '').includes(urlPart),
        timeoutMs,
      );
      const consoleActor = (found.target as { consoleActor?: unknown }).consoleActor;
      if (typeof consoleActor !== 'string') throw new Error(`The document ${urlPart} has no console`);
      return new RdpEvaluator(rdpc, consoleActor);
    } finally {
      targets.stop();
    }
  };

  const browserChrome = async (): Promise<RdpEvaluator> => {
    const rdpc = await client();
    const descriptor = (await rdpc.request('root', 'getProcess', { id: 0 })).processDescriptor as
      | { actor?: string }
      | undefined;
    if (!descriptor?.actor) throw new Error('No parent process in the Firefox debugger');
    const target = (await rdpc.request(descriptor.actor, 'getTarget')).process as { consoleActor?: string } | undefined;
    if (!target?.consoleActor) throw new Error('The parent process has no console');
    return new RdpEvaluator(rdpc, target.consoleActor);
  };

  return { contentScriptWorld, extensionDocument, browserChrome };
}
