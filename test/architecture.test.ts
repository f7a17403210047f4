import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules, read from the source (`npm run check` runs this file):
 * - the core (`src/`) imports no platform library, dotenv or adapter, and reads no `process.env`;
 * - adapters reach the core only through `src/index.ts`;
 * - `adapters/discord` and `adapters/slack` never import each other (what both need lives in `adapters/shared`);
 * - src/ and adapters/ import no package of `devDependencies` (the bot is installed with `npm ci --omit=dev`;
 *   `adapters/preview`, the developers' screenshot tool, may: it drives chromium through playwright-core):
 *   minisearch among them since issue 14, when title lookup came to reproduce its ranking over compact tables (tests
 *   and benchmarks compare the two);
 * - no import cycles among src/ and adapters/ (type-only imports included).
 * Every kind of import counts: `import x from`, `import 'side-effect'`, `export … from`, `import()` and `require()`.
 * Each rule has a self-check below that plants a violation and expects it caught.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every module specifier a source file imports, by any syntax (TypeScript's own pre-processor finds them). */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The repository path a relative specifier of `file` points at (`.js` → `.ts`), or undefined for a package. */
function resolveImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
}

const PLATFORM_LIBRARY = /^(?:(?:discord\.js|dotenv)(?:\/|$)|@discordjs\/|@slack\/)/;

/** What a file of the core, or of an adapter, may not import or read. */
function violations(file: string, source: string): string[] {
  const out: string[] = [];
  const imports = importsOf(source);
  const targets = imports.map((spec) => ({ spec, path: resolveImport(file, spec) }));
  if (file.startsWith('src/')) {
    for (const { spec, path } of targets) {
      if (PLATFORM_LIBRARY.test(spec)) out.push(`${file} imports the platform library "${spec}"`);
      if (path?.startsWith('adapters/')) out.push(`${file} imports an adapter "${spec}"`);
    }
    if (/\bprocess\.env\b/.test(source.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) out.push(`${file} reads process.env`);
  }
  if (file.startsWith('adapters/')) {
    for (const { spec, path } of targets) {
      if (path?.startsWith('src/') && path !== 'src/index.ts') out.push(`${file} imports "${spec}" instead of src/index.js`);
    }
    for (const [a, b] of [
      ['adapters/discord/', 'adapters/slack/'],
      ['adapters/slack/', 'adapters/discord/'],
    ] as const) {
      if (file.startsWith(a))
        for (const { spec, path } of targets) if (path?.startsWith(b)) out.push(`${file} imports "${spec}" from another platform`);
    }
  }
  return out;
}

const DEV_PACKAGES = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies,
);

/** `file imports "spec"` for each import of a devDependency (any entry point of the package) among the given files. */
function devImports(files: ReadonlyMap<string, string>, dev: readonly string[] = DEV_PACKAGES): string[] {
  const out: string[] = [];
  for (const [file, source] of files)
    for (const spec of importsOf(source))
      if (dev.some((d) => spec === d || spec.startsWith(`${d}/`))) out.push(`${file} imports "${spec}"`);
  return out;
}

/** Import cycles among the given files (each as the list of files around it), from their relative imports. */
function importCycles(files: ReadonlyMap<string, string>): string[][] {
  const edges = new Map<string, string[]>();
  for (const [file, source] of files) {
    edges.set(
      file,
      importsOf(source)
        .map((s) => resolveImport(file, s))
        .filter((p): p is string => p !== undefined && files.has(p)),
    );
  }
  // Tarjan's strongly connected components: a component of more than one file (or a self-import) is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v)?.includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of files.keys()) if (!index.has(f)) visit(f);
  return cycles;
}

const sources = new Map([...tsFiles('src'), ...tsFiles('adapters')].map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

describe('architecture', () => {
  it('the core imports no platform library, adapter or dotenv, and reads no process.env', () => {
    const found = [...sources].filter(([f]) => f.startsWith('src/')).flatMap(([f, s]) => violations(f, s));
    expect(found).toEqual([]);
  });

  it('adapters reach the core only through src/index.ts, and Discord and Slack never import each other', () => {
    const found = [...sources].filter(([f]) => f.startsWith('adapters/')).flatMap(([f, s]) => violations(f, s));
    expect(found).toEqual([]);
  });

  it('src/ and adapters/ import no devDependency (minisearch included): the bot runs from `npm ci --omit=dev`', () => {
    expect(DEV_PACKAGES).toContain('minisearch');
    const bot = new Map([...sources].filter(([f]) => !f.startsWith('adapters/preview/')));
    expect(devImports(bot)).toEqual([]);
  });

  it('there are no import cycles', () => {
    expect(importCycles(sources)).toEqual([]);
  });

  describe('each rule catches a planted violation', () => {
    it.each([
      ['src/x.ts', "import { Client } from 'discord.js';"],
      ['src/x.ts', "import { App } from '@slack/bolt';"],
      ['src/x.ts', "import 'dotenv/config';"],
      ['src/x.ts', "import { config } from 'dotenv';"],
      ['src/x.ts', "export { config } from 'dotenv';"],
      ['src/x.ts', "const d = require('dotenv');"],
      ['src/x.ts', "const m = await import('discord.js');"],
      ['src/answer/x.ts', "import { render } from '../../adapters/discord/render.js';"],
      ['src/x.ts', 'const t = process.env.DISCORD_TOKEN;'],
      ['adapters/cli/x.ts', "import { Library } from '../../src/answer/library.js';"],
      ['adapters/cli/x.ts', "import type { Library } from '../../src/answer/library.js';"],
      ['adapters/discord/x.ts', "import { escapeText } from '../slack/rules.js';"],
      ['adapters/slack/listeners/x.ts', "import '../../discord/render.js';"],
    ])('%s: %s', (file, source) => {
      expect(violations(file, source)).toHaveLength(1);
    });

    it('allows what the rules allow', () => {
      expect(violations('adapters/cli/x.ts', "import { createLibrary } from '../../src/index.js';")).toEqual([]);
      expect(violations('adapters/discord/x.ts', "import { log } from '../shared/log.js';")).toEqual([]);
      expect(violations('src/x.ts', "// never read process.env here\nimport { z } from 'zod';")).toEqual([]);
      expect(violations('src/answer/x.ts', "import { analyze } from '../retrieval/analyzer.js';")).toEqual([]);
    });

    it('an import of a devDependency is found, by any entry point', () => {
      const planted = new Map([
        ['src/retrieval/title-lookup.ts', "import MiniSearch from 'minisearch';"],
        ['adapters/shared/x.ts', "import SearchableMap from 'minisearch/SearchableMap';"],
        ['src/answer/y.ts', "import { analyze } from '../retrieval/analyzer.js';\nimport { z } from 'zod';"],
        ['src/answer/z.ts', "import x from 'minisearchx';"],
      ]);
      expect(devImports(planted)).toEqual([
        'src/retrieval/title-lookup.ts imports "minisearch"',
        'adapters/shared/x.ts imports "minisearch/SearchableMap"',
      ]);
    });

    it('a cycle is found, type-only imports and self-imports included', () => {
      const planted = new Map([
        ['adapters/slack/listeners/guard.ts', "import type { Spec } from './commands.js';"],
        ['adapters/slack/listeners/commands.ts', "import { guard } from './guard.js';"],
        ['src/a.ts', "import { b } from './b.js';"],
        ['src/b.ts', "export const b = 1;\nimport './self-free.js';"],
        ['src/c.ts', "import { c } from './c.js';"],
      ]);
      expect(importCycles(planted)).toEqual([['adapters/slack/listeners/commands.ts', 'adapters/slack/listeners/guard.ts'], ['src/c.ts']]);
    });
  });
});
