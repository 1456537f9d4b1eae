/**
 * The page's own call links, as a selector: the probe (probe.ts) looks for them, and the scan reads them whatever their
 * text (scan/walker.ts, whose CALL_HREF this is a superset of). The bench's idle floor checks for them the same way.
 */
export const CALL_LINKS = 'a[href*="tel:" i],a[href*="callto:" i],a[href*="sip:" i],a[href*="sips:" i]';
