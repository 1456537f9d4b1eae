// Builds dist/chrome and dist/firefox, one vite build per browser (crxjs writes one manifest per build).
import { build } from 'vite';

const browsers = process.argv.slice(2).length ? process.argv.slice(2) : ['chrome', 'firefox'];
for (const browser of browsers) {
  if (browser !== 'chrome' && browser !== 'firefox')
    throw new Error(`Unknown browser "${browser}" (chrome or firefox)`);
  process.env.TARGET_BROWSER = browser;
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log(`built dist/${browser}`);
}
