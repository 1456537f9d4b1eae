/** Reading and writing the settings object in storage.local, for the pages. The background watches it itself. */
import {
  applyManaged,
  migrateSettings,
  validateSettings,
  type FieldErrors,
  type ManagedKey,
  type Settings,
} from './settings.ts';
import { extensionStorage } from './storage/extension-storage.ts';
import { ITEMS } from './storage/items.ts';

export function loadSettings(): Promise<Settings> {
  return extensionStorage().get(ITEMS.settings);
}

/** All or nothing: an invalid field saves nothing and comes back as an error next to that field. */
export async function saveSettings(next: Settings): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const settings = migrateSettings(next);
  const errors = validateSettings(settings);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await extensionStorage().set(ITEMS.settings, settings);
  return { ok: true };
}

/** Changes some of the user's own settings (never writing the policy's values into them). */
export async function updateSettings(
  patch: Partial<Settings>,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  return saveSettings({ ...(await loadSettings()), ...patch });
}

/** Calls `fn` with the user's settings whenever they change. */
export function onSettingsChanged(fn: (s: Settings) => void): () => void {
  return extensionStorage().watch(ITEMS.settings, fn);
}

/** The administrator's policy (storage.managed); empty where there is none. */
export function loadManaged(): Promise<Record<string, unknown>> {
  return extensionStorage().get(ITEMS.policy);
}

/** What is in force: the user's settings with the policy on top, and the locked fields. */
export async function loadEffectiveSettings(): Promise<{ settings: Settings; locked: ManagedKey[] }> {
  const [user, managed] = await Promise.all([loadSettings(), loadManaged()]);
  return applyManaged(user, managed);
}

/** Calls `fn` whenever the settings in force may have changed: the user's, or the policy. */
export function onEffectiveSettingsChanged(fn: () => void): () => void {
  const storage = extensionStorage();
  const stops = [storage.watch(ITEMS.settings, fn), storage.watch(ITEMS.policy, fn)];
  return () => {
    for (const stop of stops) stop();
  };
}
