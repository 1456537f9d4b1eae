/** The settings in force (the user's with the administrator's policy on top), live, for the pages. */
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import type { ManagedKey, Settings } from './settings.ts';
import { loadEffectiveSettings } from './settings-store.ts';

export function useSettings(): { settings: Settings; locked: ManagedKey[] } | null {
  const [state, setState] = useState<{ settings: Settings; locked: ManagedKey[] } | null>(null);
  useEffect(() => {
    const reload = () => void loadEffectiveSettings().then(setState);
    reload();
    const listener = (_changes: unknown, area: string) => {
      if (area === 'local' || area === 'managed') reload();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  return state;
}
