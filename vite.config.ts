import { defineConfig, type Plugin } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { manifestFor, type TargetBrowser } from './scripts/manifest.ts';
import { pageSideModule } from './scripts/page-side-plugin.ts';

// One build per browser: TARGET_BROWSER=chrome|firefox writes dist/<browser>/ (scripts/build.mjs runs both), from
// manifest.json and that browser's overlay, manifest.<browser>.json (scripts/manifest.ts).
const browser: TargetBrowser = process.env.TARGET_BROWSER === 'firefox' ? 'firefox' : 'chrome';

/**
 * engine.io-client (under socket.io-client) falls back to `Function("return this")()` where neither `self` nor `window`
 * exists: never in an extension, but web-ext lint (and a store review) reads it as eval. `globalThis` is the same.
 */
const noFunctionEval: Plugin = {
  name: 'ipbx:engine-io-global-this',
  transform(code, id) {
    if (!/engine\.io-client[\\/].*globals\.js$/.test(id)) return null;
    return code.replace('Function("return this")()', 'globalThis');
  },
};

export default defineConfig({
  plugins: [preact(), crx({ manifest: manifestFor(browser), browser }), noFunctionEval, pageSideModule()],
  define: { __BROWSER__: JSON.stringify(browser) },
  build: {
    outDir: `dist/${browser}`,
    emptyOutDir: true,
    target: browser === 'chrome' ? 'chrome116' : 'firefox140',
    // BENCH_SOURCEMAP=1: source maps without a reference in the code, for the benchmark's CPU-profile attribution
    // (bench/profile.ts); the bench builds its own copy with it. Never set for dist/ by default.
    sourcemap: process.env.BENCH_SOURCEMAP ? 'hidden' : false,
    // NO_MINIFY=1 keeps names and lines for a line-level CPU profile (docs/performance.md); otherwise Vite's default.
    ...(process.env.NO_MINIFY ? { minify: false } : {}),
    chunkSizeWarningLimit: 600,
    // Pages the manifest does not name: the call guard's confirm page (background/call-guard/), opened in its own window.
    rollupOptions: { input: { confirm: 'src/confirm/index.html' } },
  },
  server: { port: 5173, strictPort: true },
});
