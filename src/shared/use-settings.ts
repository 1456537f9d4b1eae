/** The settings in force (the user's with the administrator's policy on top), live, for the pages. */
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import type { ManagedKey, Settings } from './settings.ts';
import { loadEffectiveSettings, onSettingsChanged } from './settings-store.ts';

export function useSettings(): { settings: Settings; locked: ManagedKey[] } | null {
  const [state, setState] = useState<{ settings: Settings; locked: ManagedKey[] } | null>(null);
  useEffect(() => {
    const reload = () => void loadEffectiveSettings().then(setState);
    reload();
    // Only the settings key (recent calls, in the same area, change many times a second under a flood of calls, and
    // each reload hands the page a new settings object, which redraws the whole panel), and the policy.
    const stopLocal = onSettingsChanged(reload);
    browser.storage.managed.onChanged?.addListener(reload);
    return () => {
      stopLocal();
      browser.storage.managed.onChanged?.removeListener(reload);
    };
  }, []);
  return state;
}
