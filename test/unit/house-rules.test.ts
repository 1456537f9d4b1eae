/**
 * House rules a linter cannot check, as tests (the idea of Refined GitHub's "lint rules as tests"): how long a source
 * or test file may grow, casts that skip validation, and what the content script may pull in. Biome checks the rest
 * (`npm run lint`). That every `t('…')` key exists in en and cs is locales.test.ts's job, and the compiler's: `t()`
 * takes a MessageKey, which is why a cast to MessageKey is banned here.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LINES = 300;
/** Where MAX_LINES holds: the extension, the simulator, the scripts and the benchmarks. */
const SIZED_DIRS = ['src', 'sim', 'scripts', 'bench'];
/** Tests may be longer than the code they test, but not unbounded: split a longer one along its describe blocks. */
const MAX_TEST_LINES = 500;

/** The content script's entry (one self-contained file per frame: crxjs builds `*.iife.ts` as one file). */
const CONTENT_ENTRY = 'src/content/index.iife.ts';
/** The module the content script loads where a frame has something to link (scripts/page-side-plugin.ts). */
const PAGE_SIDE_ENTRY = 'src/content/page-side.ts';
/** What only the page side may carry: the scan, the candidate rules, the extension's text. */
const PAGE_SIDE_ONLY = ['src/content/scanner.ts', 'src/content/candidates.ts', 'src/shared/i18n.ts'];
/** Packages the content script must never include: the polyfill, the schema library, and so the storage code. */
const BANNED_IN_CONTENT = ['webextension-polyfill', 'valibot'];
const BANNED_DIR_IN_CONTENT = 'src/shared/storage/';

/** Every .ts/.tsx file under `dir` (relative to the root, with forward slashes), declaration files aside. */
function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => `${dir}/${f.replaceAll('\\', '/')}`)
    .sort();
}

function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

/** Lines of text; a last line without a newline counts too (`wc -l` would not count it). */
function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Comments out of the way: blocks that start a line (JSDoc), and `//` comments after white space. */
function withoutComments(text: string): string {
  return text.replace(/^\s*\/\*[\s\S]*?\*\//gm, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** Where `text` says `any` as a type: `as any`, `: any`, `<any…`. */
function anyTypes(text: string): string[] {
  return [...withoutComments(text).matchAll(/\bas\s+any\b|:\s*any\b|<\s*any\b/g)].map((m) => m[0]);
}

/**
 * The modules a static import of `text` brings in: `import … from`, `export … from`, `import '…'` at the start of a
 * line, and `import('…')`. Type-only imports are left out: the compiler erases them.
 */
function importsOf(text: string): string[] {
  const found: string[] = [];
  const statement = /^[ \t]*(import|export)\s+(type\s+)?(?:[^;'"`]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) if (!m[2] && m[3]) found.push(m[3]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) if (m[1]) found.push(m[1]);
  return found;
}

interface ImportGraph {
  /** Source files reached (relative to the root). */
  files: string[];
  /** Packages imported, by name (`valibot/x` counts as `valibot`). */
  packages: string[];
  /** Relative imports that name no file: the walk would miss what they bring in. */
  unresolved: string[];
}

/** Follows relative imports from `entry`; `source(file)` is a file's text, or undefined when there is no such file. */
function importGraph(entry: string, source: (file: string) => string | undefined): ImportGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const unresolved: string[] = [];
  const todo = [entry];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (files.has(file)) continue;
    const text = source(file);
    if (text === undefined) continue;
    files.add(file);
    if (!/\.tsx?$/.test(file)) continue; // a stylesheet or JSON file: nothing more to follow
    for (const spec of importsOf(text)) {
      if (!spec.startsWith('.')) {
        const parts = spec.split('/');
        packages.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
        continue;
      }
      const base = relative(ROOT, resolve(ROOT, dirname(file), spec.replace(/\?.*$/, ''))).replaceAll('\\', '/');
      const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
      const target = candidates.find((c) => source(c) !== undefined);
      if (target === undefined) unresolved.push(`${spec} (from ${file})`);
      else todo.push(target);
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort(), unresolved };
}

function fromDisk(file: string): string | undefined {
  const path = join(ROOT, file);
  return existsSync(path) && !path.endsWith('/') ? readFileSync(path, 'utf8') : undefined;
}

describe('house rules: size', () => {
  const sizes = SIZED_DIRS.flatMap((dir) => tsFiles(dir)).map((file) => ({ file, lines: lineCount(read(file)) }));

  it(`no source file under ${SIZED_DIRS.join('/, ')}/ is over ${MAX_LINES} lines`, () => {
    expect(sizes.length).toBeGreaterThan(50);
    expect([...new Set(sizes.map((s) => s.file.split('/')[0]))]).toEqual(SIZED_DIRS); // every folder was read
    const over = sizes.filter((s) => s.lines > MAX_LINES);
    expect(over.map((s) => `${s.file}: ${s.lines} lines (split it)`)).toEqual([]);
  });

  it(`no test file under test/ (tests and their support) is over ${MAX_TEST_LINES} lines`, () => {
    const tests = tsFiles('test').map((file) => ({ file, lines: lineCount(read(file)) }));
    expect(tests.length).toBeGreaterThan(100);
    const over = tests.filter((s) => s.lines > MAX_TEST_LINES);
    expect(over.map((s) => `${s.file}: ${s.lines} lines (split it along its describe blocks)`)).toEqual([]);
  });
});

describe('house rules: types', () => {
  const code = [...SIZED_DIRS, 'test'].flatMap((dir) => tsFiles(dir)).map((file) => ({ file, text: read(file) }));

  it('no `any` in src/, sim/, scripts/, bench/ or test/ (not even where a lint suppression would hide it)', () => {
    expect(code.length).toBeGreaterThan(80);
    const hits = code.flatMap(({ file, text }) => anyTypes(text).map((hit) => `${file}: ${hit}`));
    // This file shows the rule its own examples.
    expect(hits.filter((h) => !h.startsWith('test/unit/house-rules.test.ts:'))).toEqual([]);
  });

  it('no cast to MessageKey in src/: a key is a literal the compiler checks', () => {
    const casts = code.filter(({ file, text }) => file.startsWith('src/') && /\bas\s+MessageKey\b/.test(text));
    expect(casts.map((c) => c.file)).toEqual([]);
  });
});

describe('house rules: the content script stays small and storage-free', () => {
  const probe = importGraph(CONTENT_ENTRY, fromDisk);
  const pageSide = importGraph(PAGE_SIDE_ENTRY, fromDisk);

  it('the walk from each entry resolves every relative import; the page side reaches the scanner and shared code', () => {
    expect([...probe.unresolved, ...pageSide.unresolved]).toEqual([]);
    expect(probe.files).toEqual(expect.arrayContaining([CONTENT_ENTRY, 'src/content/probe.ts']));
    expect(pageSide.files).toEqual(
      expect.arrayContaining([
        PAGE_SIDE_ENTRY,
        'src/content/scanner.ts',
        'src/content/scan/walker.ts',
        'src/shared/i18n.ts',
      ]),
    );
  });

  it('the script every frame runs carries none of the scan: that waits for the page side', () => {
    expect(probe.files.filter((f) => PAGE_SIDE_ONLY.includes(f) || f === PAGE_SIDE_ENTRY)).toEqual([]);
  });

  it('imports neither webextension-polyfill nor valibot', () => {
    for (const graph of [probe, pageSide])
      expect(graph.packages.filter((p) => BANNED_IN_CONTENT.includes(p))).toEqual([]);
  });

  it('imports nothing from src/shared/storage/', () => {
    for (const graph of [probe, pageSide])
      expect(graph.files.filter((f) => f.startsWith(BANNED_DIR_IN_CONTENT))).toEqual([]);
  });
});

describe('house rules: the checks catch what they are for', () => {
  const tree: Record<string, string> = {
    'src/content/index.iife.ts': "import { a } from './a.ts';\nimport type { T } from 'valibot';\n",
    'src/content/a.ts': "export {\n  b,\n} from '../shared/b';\nconst c = () => import('./c.ts');\n",
    'src/shared/b.ts': "import browser from 'webextension-polyfill';\nimport { x } from './storage/items.ts';\n",
    'src/shared/storage/items.ts': "import * as v from 'valibot/dist';\n",
    'src/content/c.ts': "import './missing.ts';\n",
  };
  const graph = importGraph('src/content/index.iife.ts', (f) => tree[f]);

  it('the import walk follows multi-line, re-exported and dynamic imports, and skips type-only ones', () => {
    expect(graph.files).toEqual(Object.keys(tree).sort());
    expect(graph.packages).toEqual(['valibot', 'webextension-polyfill']);
    expect(graph.unresolved).toEqual(['./missing.ts (from src/content/c.ts)']);
  });

  it('the any check finds casts and annotations, not comments or prose', () => {
    const text = 'const a = b as any;\nfunction f(x: any): void {}\nconst m = new Map<any, string>();\n';
    expect(anyTypes(text)).toEqual(['as any', ': any', '<any']);
    expect(anyTypes("/** `null`: any key */\nconst s = 'in any case'; // x: any\n")).toEqual([]);
  });

  it('counts lines, a last one without a newline too', () => {
    expect([lineCount(''), lineCount('a\n'), lineCount('a\nb'), lineCount('a\nb\n')]).toEqual([0, 1, 2, 2]);
  });
});
