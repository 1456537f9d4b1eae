/**
 * The CRM lookup's cookies: the host permission for exactly the lookup's origin ("https://crm.example.com/*"), never
 * for all sites. It is asked for from a user gesture (saving the settings, or the "Allow" button); without it the
 * lookup still runs, as a plain CORS request without the user's cookies.
 */
import browser from 'webextension-polyfill';
import { isUrlTemplate } from '../shared/url-template.ts';

/** "https://crm.example.com/*" for a lookup template; null when it has no fixed http(s) origin. */
export function originPattern(template: string): string | null {
  if (template === '' || !isUrlTemplate(template) || template.startsWith('{')) return null;
  try {
    const url = new URL(template.replace(/\{\w+\}/g, 'x'));
    return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}/*`;
  } catch {
    return null;
  }
}

/** Origins known to be granted, so that saving does not ask again (a request must start within the gesture). */
const granted = new Set<string>();

export async function hasPermission(pattern: string): Promise<boolean> {
  const has = await Promise.resolve()
    .then(() => browser.permissions.contains({ origins: [pattern] }))
    .catch(() => false);
  if (has) granted.add(pattern);
  else granted.delete(pattern);
  return has;
}

/**
 * Asks for the origin's permission, unless it is known to be granted. Call it first thing in a click or submit
 * handler: the browser only shows the prompt during the user's gesture.
 */
export function askPermission(template: string): Promise<boolean> {
  const pattern = originPattern(template);
  if (pattern === null) return Promise.resolve(false);
  if (granted.has(pattern)) return Promise.resolve(true);
  let asked: Promise<boolean>;
  try {
    // Called at once, not after an await: the browser only prompts within the gesture.
    asked = browser.permissions.request({ origins: [pattern] });
  } catch {
    return Promise.resolve(false);
  }
  return asked.then(
    (ok) => {
      if (ok) granted.add(pattern);
      return ok;
    },
    () => false,
  );
}
