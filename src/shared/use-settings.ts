/** The stored settings, live, for the pages. */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from './settings.ts';
import { loadSettings, onSettingsChanged } from './settings-store.ts';

export function useSettings(): Settings | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return onSettingsChanged(setSettings);
  }, []);
  return settings;
}
