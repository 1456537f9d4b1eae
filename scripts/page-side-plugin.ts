/**
 * Builds the page side of click-to-call (src/content/page-side.ts) as one self-contained ES module,
 * src/content/page-side.js, next to the content script. The content script (a small probe, index.iife.ts) imports it
 * only in frames that show something to link, so a frame without numbers never compiles it. The manifest lists the file
 * as a web-accessible resource for that import (Chrome: at a per-session URL, use_dynamic_url).
 */
import { PAGE_SIDE_FILE } from '../src/content/page-side-file.ts';
import { build, type Plugin, type ResolvedConfig, type Rollup } from 'vite';

const PAGE_SIDE_ENTRY = 'src/content/page-side.ts';

function outputsOf(result: Awaited<ReturnType<typeof build>>): Rollup.OutputBundle[keyof Rollup.OutputBundle][] {
  const list = Array.isArray(result) ? result : [result];
  return list.flatMap((r) => ('output' in r ? r.output : []));
}

export function pageSideModule(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'ipbx:page-side-module',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      const result = await build({
        configFile: false,
        root: config.root,
        logLevel: 'warn',
        define: config.define,
        build: {
          write: false,
          emptyOutDir: false,
          target: config.build.target,
          minify: config.build.minify,
          sourcemap: config.build.sourcemap,
          // Not library mode: that leaves an ES module's whitespace unminified. One chunk, its exports kept.
          copyPublicDir: false,
          modulePreload: false,
          rollupOptions: {
            input: PAGE_SIDE_ENTRY,
            preserveEntrySignatures: 'strict',
            output: { format: 'es', entryFileNames: PAGE_SIDE_FILE },
          },
        },
      });
      for (const out of outputsOf(result)) {
        this.emitFile({
          type: 'asset',
          fileName: out.fileName,
          source: out.type === 'chunk' ? out.code : out.source,
        });
      }
    },
  };
}
