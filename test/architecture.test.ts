import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '');
}

/** The dependency rule: what a file of the core, or of an adapter, may not do. */
export function violations(file: string, source: string): string[] {
  const out: string[] = [];
  const imports = importsOf(source);
  if (file.startsWith('src/')) {
    for (const spec of imports) {
      if (/^(discord\.js|@discordjs\/|@slack\/|dotenv)/.test(spec)) out.push(`${file} imports the platform library "${spec}"`);
      if (/(^|\/)adapters\//.test(spec) || spec.startsWith('../../adapters')) out.push(`${file} imports an adapter "${spec}"`);
    }
    if (/\bprocess\.env\b/.test(source.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) out.push(`${file} reads process.env`);
  }
  if (file.startsWith('adapters/')) {
    for (const spec of imports) {
      if (/(^|\/)src\//.test(spec) && !/(^|\/)src\/index\.js$/.test(spec)) out.push(`${file} imports "${spec}" instead of src/index.js`);
    }
  }
  return out;
}

describe('architecture', () => {
  it('the core imports no platform library, adapter or dotenv, and reads no process.env', () => {
    const found = tsFiles('src').flatMap((f) => violations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('adapters reach the core only through src/index.ts', () => {
    const found = tsFiles('adapters').flatMap((f) => violations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches each kind of violation (the rule itself works)', () => {
    expect(violations('src/x.ts', "import { Client } from 'discord.js';")).toHaveLength(1);
    expect(violations('src/x.ts', "import { App } from '@slack/bolt';")).toHaveLength(1);
    expect(violations('src/x.ts', "import 'dotenv/config';\nimport { config } from 'dotenv';")).toHaveLength(1);
    expect(violations('src/x.ts', "import { render } from '../adapters/discord/render.js';")).toHaveLength(1);
    expect(violations('src/x.ts', 'const t = process.env.DISCORD_TOKEN;')).toHaveLength(1);
    expect(violations('src/x.ts', "const m = await import('discord.js');")).toHaveLength(1);
    expect(violations('adapters/cli/x.ts', "import { Library } from '../../src/answer/library.js';")).toHaveLength(1);
    expect(violations('adapters/cli/x.ts', "import { createLibrary } from '../../src/index.js';")).toEqual([]);
    expect(violations('src/x.ts', "// never read process.env here\nimport { z } from 'zod';")).toEqual([]);
  });
});
