/** Set by vite.config.ts at build time; unit tests define it in vitest.config.ts. */
declare const __BROWSER__: 'chrome' | 'firefox';
