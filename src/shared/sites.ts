/** Per-site on/off: host patterns in settings.disabledSites ("example.com" covers its subdomains, "*.example.com" only them). */

export function normaliseSitePattern(pattern: string): string {
  let p = pattern.trim().toLowerCase();
  // People paste URLs: keep the host.
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(p);
  if (scheme) p = p.slice(scheme[0].length);
  return p.replace(/[/:?#].*$/, '').replace(/\.$/, '');
}

export function siteMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = normaliseSitePattern(pattern);
  if (p === '') return false;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  return h === p || h.endsWith(`.${p}`);
}

export function isSiteEnabled(host: string, settings: { enabled: boolean; disabledSites: readonly string[] }): boolean {
  return settings.enabled && !settings.disabledSites.some((p) => siteMatches(host, p));
}

/** The host of a page, or "" for pages without one (about:blank inherits its parent's through the sender's origin). */
export function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
