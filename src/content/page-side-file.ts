/** Where the build puts the page side (scripts/page-side-plugin.ts), relative to the extension's root. */
export const PAGE_SIDE_FILE = 'src/content/page-side.js';
