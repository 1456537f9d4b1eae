/** Reading and writing the settings object in storage.local, for the pages. The background listens for changes. */
import browser from 'webextension-polyfill';
import { applyManaged, migrateSettings, SETTINGS_KEY, validateSettings, type FieldErrors, type ManagedKey, type Settings } from './settings.ts';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return migrateSettings(stored[SETTINGS_KEY]);
}

/** All or nothing: an invalid field saves nothing and comes back as an error next to that field. */
export async function saveSettings(next: Settings): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const settings = migrateSettings(next);
  const errors = validateSettings(settings);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
  return { ok: true };
}

/** Changes some of the user's own settings (never writing the policy's values into them). */
export async function updateSettings(patch: Partial<Settings>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  return saveSettings({ ...(await loadSettings()), ...patch });
}

/**
 * Calls `fn` when the user's settings change. Listens to storage.local's own event, not storage.onChanged: that one
 * also brings every write of the background's call state in storage.session (hundreds of KB, old and new value, many
 * times a second under a flood of calls) to the page.
 */
export function onSettingsChanged(fn: (s: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    const change = changes[SETTINGS_KEY];
    if (change) fn(migrateSettings(change.newValue));
  };
  browser.storage.local.onChanged.addListener(listener);
  return () => browser.storage.local.onChanged.removeListener(listener);
}

/** The administrator's policy (storage.managed); empty where there is none (Firefox throws without a policy). */
export async function loadManaged(): Promise<Record<string, unknown>> {
  try {
    return (await browser.storage.managed.get()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** What is in force: the user's settings with the policy on top, and the locked fields. */
export async function loadEffectiveSettings(): Promise<{ settings: Settings; locked: ManagedKey[] }> {
  const [user, managed] = await Promise.all([loadSettings(), loadManaged()]);
  return applyManaged(user, managed);
}
