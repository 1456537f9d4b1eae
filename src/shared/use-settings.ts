/** The settings in force (the user's with the administrator's policy on top), live, for the pages. */
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { SETTINGS_KEY, type ManagedKey, type Settings } from './settings.ts';
import { loadEffectiveSettings } from './settings-store.ts';

export function useSettings(): { settings: Settings; locked: ManagedKey[] } | null {
  const [state, setState] = useState<{ settings: Settings; locked: ManagedKey[] } | null>(null);
  useEffect(() => {
    const reload = () => void loadEffectiveSettings().then(setState);
    reload();
    // Only the settings key: other keys of storage.local (recent calls) change many times a second under a flood of
    // calls, and each reload hands the page a new settings object, which redraws the whole panel. The areas' own
    // events, not storage.onChanged: that one also brings every write of the background's call state in
    // storage.session (hundreds of KB, old and new value) to the page.
    const onLocal = (changes: Record<string, unknown>) => {
      if (SETTINGS_KEY in changes) reload();
    };
    browser.storage.local.onChanged.addListener(onLocal);
    browser.storage.managed.onChanged?.addListener(reload);
    return () => {
      browser.storage.local.onChanged.removeListener(onLocal);
      browser.storage.managed.onChanged?.removeListener(reload);
    };
  }, []);
  return state;
}
