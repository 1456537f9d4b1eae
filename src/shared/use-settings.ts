/** The settings in force (the user's with the administrator's policy on top), live, for the pages. */
import { useEffect, useState } from 'preact/hooks';
import type { ManagedKey, Settings } from './settings.ts';
import { loadEffectiveSettings, onEffectiveSettingsChanged } from './settings-store.ts';

export function useSettings(): { settings: Settings; locked: ManagedKey[] } | null {
  const [state, setState] = useState<{ settings: Settings; locked: ManagedKey[] } | null>(null);
  useEffect(() => {
    const reload = () => void loadEffectiveSettings().then(setState);
    reload();
    // Only the settings key and the policy (recent calls, in the same area, change many times a second under a flood
    // of calls, and each reload hands the page a new settings object, which redraws the whole panel).
    return onEffectiveSettingsChanged(reload);
  }, []);
  return state;
}
