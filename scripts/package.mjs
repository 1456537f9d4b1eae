// Store zips from the builds: artifacts/ipbx-connect-<version>-chrome.zip and -firefox.zip (web-ext build).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
for (const browser of ['chrome', 'firefox']) {
  execFileSync(
    'npx',
    [
      'web-ext',
      'build',
      '--source-dir',
      `dist/${browser}`,
      '--artifacts-dir',
      'artifacts',
      '--filename',
      `ipbx-connect-${version}-${browser}.zip`,
      '--overwrite-dest',
    ],
    { stdio: 'inherit' },
  );
}
