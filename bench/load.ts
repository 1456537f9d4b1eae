/**
 * Load benchmark of the background: the iPBX simulator sends ~1,000 call events per second for 10 s on alice's line
 * with ~200 calls alive at once, while an extension page asks for the state (getSnapshot) every ~20 ms.
 * Run: `npx tsx bench/load.ts [--transport websocket|socket.io|both]` (needs dist/chrome and /usr/bin/chromium; the
 * dialect the iPBX speaks, plain WebSocket by default; `both` runs one after the other). Progress on stderr, ONE JSON
 * object on stdout (with `both`: `{ bench, passed, runs: [websocket, socket.io] }`). Exits 0 whether the goals pass
 * or not (see `passed` / `goals`); exits 1 only when the bench itself fails.
 * What it measures and one run's figures: docs/performance.md, section "Load". This file only wires: one run is
 * bench/load/run-dialect.ts, its figures bench/load/result.ts.
 */
import { dialectsToRun, WATCHDOG_MS } from './load/config.ts';
import { log } from './load/log.ts';
import { runLoad } from './load/run-dialect.ts';

const dialects = dialectsToRun();
const watchdog = setTimeout(() => {
  process.stdout.write(
    `${JSON.stringify({ bench: 'load', passed: false, error: `watchdog: the bench did not finish within ${(WATCHDOG_MS * dialects.length) / 1000} s` })}\n`,
  );
  process.exit(1);
}, WATCHDOG_MS * dialects.length);

try {
  const runs: Record<string, unknown>[] = [];
  for (const dialect of dialects) runs.push(await runLoad(dialect));
  const result =
    runs.length === 1 && runs[0] ? runs[0] : { bench: 'load', passed: runs.every((r) => r.passed === true), runs };
  clearTimeout(watchdog);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  log(`done: ${result.passed ? 'all goals met' : 'some goals missed'}`);
  process.exit(0);
} catch (e) {
  clearTimeout(watchdog);
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  log(`failed: ${message}`);
  process.stdout.write(`${JSON.stringify({ bench: 'load', passed: false, error: message.split('\n')[0] })}\n`);
  process.exit(1);
}
