/**
 * "Open record" on a call whose screen pop was held back: the iPBX rang more calls, faster, than the screen pop opens
 * tabs for (background/screen-pop-limit.ts). The user's own click opens it.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import { extensionStorage } from '../shared/storage/extension-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';

/** The calls whose record the screen pop held back. */
export function useHeldRecords(): ReadonlySet<string> {
  const [held, setHeld] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const storage = extensionStorage();
    const update = (records: Record<string, string>) => setHeld(new Set(Object.keys(records)));
    void storage.get(ITEMS.screenPopHeld).then(update);
    return storage.watch(ITEMS.screenPopHeld, update);
  }, []);
  return held;
}

export function OpenRecord({ uniqueId }: { uniqueId: string }) {
  return (
    <button type="button" onClick={() => void request('openRecord', { uniqueId })}>
      {t('openRecord')}
    </button>
  );
}
