/** Keeping the raw material of a run on request: traces (BENCH_TRACE_DIR) and CPU profiles (BENCH_PROFILE_DIR). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** BENCH_TRACE_DIR=dir keeps every trace (Chrome's JSON format: open in chrome://tracing or Perfetto). */
export function keepTrace(name: string, events: unknown[]): void {
  const dir = process.env.BENCH_TRACE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ traceEvents: events }));
}

/** BENCH_PROFILE_DIR=dir keeps each CPU profile (open it in DevTools; with NO_MINIFY=1 the bench's build keeps lines). */
export function keepProfile(path: string, profile: unknown): void {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${path.replace(/\W+/g, '-').replace(/^-/, '')}.cpuprofile`), JSON.stringify(profile));
}
