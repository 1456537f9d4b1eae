/** The one JSON object a full run of `npm run bench` prints on stdout (and writes to BENCH_OUT): figures and goals. */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { judge, type RunFigures } from './goals.ts';
import { log, T0 } from './log.ts';
import type { ControlResult } from './scenarios/control.ts';
import type { ProfileResult } from './scenarios/profiles.ts';
import { r1 } from './stats.ts';

/** What the report holds besides the judged figures. */
export interface RunContext {
  profiles: ProfileResult[];
  control: ControlResult;
  /** The load average when the run started: other work on the machine shows in every figure. */
  loadAtStart: number[];
}

/** Judges the figures and prints the report: stdout, and the file BENCH_OUT names. */
export function writeReport(run: RunFigures, { profiles, control, loadAtStart }: RunContext): void {
  const { tables, idle, spa, late, clicks } = run;
  const pages: Record<string, unknown> = {};
  for (const t of tables) pages[`table-${t.rows / 1000}k`] = t;
  pages['prose-1MB'] = idle;
  pages.spa = spa.json;
  pages.late = late.json;
  pages.clicks = clicks;
  const { goals, info } = judge(run);

  const out = {
    bench: 'iPBX Connect content script',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      memGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: control.version,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    },
    durationS: r1((Date.now() - T0) / 1000),
    passed: goals.every((g) => g.pass),
    goals,
    info,
    pages,
    profiles,
    control: control.json,
  };
  const json = `${JSON.stringify(out, null, 2)}\n`;
  process.stdout.write(json);
  const file = process.env.BENCH_OUT;
  if (file) writeFileSync(file, json);
  log(`done: ${goals.filter((g) => g.pass).length}/${goals.length} goals met`);
}
