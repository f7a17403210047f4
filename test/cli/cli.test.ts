import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

// Saved indexes go to a temporary folder, never into the repository.
const CACHE = mkdtempSync(join(tmpdir(), 'citebot-cli-cache-'));

function run(args: string[], stdin = '', env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      TSX,
      args,
      { cwd: ROOT, timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CITEBOT_CACHE_DIR: CACHE, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(stdin);
  });
}

describe('terminal adapter', () => {
  it('npm start with piped questions answers each and exits 0 (KIVI with its arXiv link)', async () => {
    const r = await run(['adapters/main.ts'], 'What is KIVI?\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache');
    expect(r.stdout).toContain('https://arxiv.org/abs/2402.02750');
    // Piped output is plain text: no markdown markers, no ANSI; the title comes first.
    expect(r.stdout).not.toContain('**');
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout.split('\n')[0]).toBe('KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache');
  });

  it('npm start with piped commands: /paper, /papers and /next, /related and /help, in plain text', async () => {
    const r = await run(
      ['adapters/main.ts'],
      '/paper KIVI\n/papers\n/next\n/related kivi\n/help\nhow much less peak memory does KIVI use?\n',
    );
    expect(r.code).toBe(0);
    const [paper, page1, page2, related, help, answer] = r.stdout.split('\n---\n');
    expect(paper).toContain('KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache\nZirui Liu et al. · 2024 · arXiv 2402.02750');
    expect(answer).toContain('2.6× less peak memory'); // display text: the seed's "2.6times"
    expect(page1).toContain('Page 1 of 7 · 33 papers');
    expect(page1).toMatch(/^1\. .+ https:\/\/arxiv\.org\/abs\/[\d.]+\n {3}.+ · \d{4}$/m);
    expect(page1).toContain('Type /next for the next page.');
    expect(page2).toContain('Page 2 of 7 · 33 papers');
    expect(page2).toMatch(/^6\. /m);
    expect(related).toContain('Papers related to “KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache”');
    expect(related).not.toContain('https://arxiv.org/abs/2402.02750');
    expect(related).toMatch(/^ {2}1\. .+\n {5}“.+”$/m);
    expect(help).toContain('/related <title>');
    expect(r.stdout).not.toContain('**');
  });

  it('ask --json reads questions from stdin and prints one contract object per line, in order, nothing else', async () => {
    const r = await run(
      ['adapters/cli/ask.ts', '--json'],
      'What is KIVI?\n\nhow much does DSnoT beat Wanda by at 70% sparsity?\nhow do I bake bread\n',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const objs = lines.map(
      (l) =>
        JSON.parse(l) as {
          question: string;
          answered: boolean;
          results: { id: string; title: string; url: string | null; score: number; excerpt: string }[];
        },
    );
    expect(objs.map((o) => o.question)).toEqual([
      'What is KIVI?',
      'how much does DSnoT beat Wanda by at 70% sparsity?',
      'how do I bake bread',
    ]);
    expect(objs[0]!.answered).toBe(true);
    expect(objs[0]!.results[0]).toMatchObject({ id: '2402.02750', url: 'https://arxiv.org/abs/2402.02750' });
    expect(objs[1]!.results[0]!.excerpt).toContain('26.79');
    expect(objs[2]!.answered).toBe(false);
    for (const o of objs) for (const x of o.results) expect(typeof x.score).toBe('number');
  });

  it('npm run index saves the index where the bot looks for it (CITEBOT_CACHE_DIR), and a second run finds it current', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-index-dir-'));
    const first = await run(['adapters/cli/build-index.ts'], '', { CITEBOT_CACHE_DIR: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${dir}/`);
    expect(first.stdout).toContain('built (saved index was missing); 33 papers');
    expect(readdirSync(dir).filter((f) => f.endsWith('.idx'))).toHaveLength(1);
    const second = await run(['adapters/cli/build-index.ts'], '', { CITEBOT_CACHE_DIR: dir });
    expect(second.stdout).toContain('already up to date; 33 papers');
  });

  it('ask --json whose reader closes the pipe early (| head -1) ends with status 0 and no stack trace', async () => {
    const child = spawn(TSX, ['adapters/cli/ask.ts', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CITEBOT_CACHE_DIR: CACHE },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `head -1`: read the first answer, then close our end of the pipe while answers keep coming.
    child.stdin.write('What is KIVI?\n');
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    child.stdout.destroy();
    child.stdin.end('What is KIVI?\n'.repeat(2000));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toContain('"question":"What is KIVI?"');
    expect(code).toBe(0);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('ask --json adds a display form of an excerpt with LaTeX or glued "times", keeping the excerpt verbatim', async () => {
    const r = await run(['adapters/cli/ask.ts', '--json', '--top', '1', 'how much less peak memory does KIVI use?']);
    const [x] = (
      JSON.parse(r.stdout) as {
        results: { excerpt: string; highlights: [number, number][]; display?: { text: string; highlights: [number, number][] } }[];
      }
    ).results;
    expect(x!.excerpt).toContain('2.6times less');
    expect(x!.display!.text).toContain('2.6× less');
    expect(x!.display!.text.replace(/×/g, 'times').replace(/ ∼ /g, ' sim ')).toBe(x!.excerpt);
    // The same words highlighted, in the display text.
    const words = (text: string, spans: [number, number][]) => spans.map(([s, e]) => text.slice(s, e).replace(/×/g, 'times'));
    expect(words(x!.display!.text, x!.display!.highlights)).toEqual(words(x!.excerpt, x!.highlights));
  });

  it('ask --top and --data answer from another corpus file, gzip too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-cli-'));
    const papers = readFileSync(join(ROOT, 'data/papers.jsonl'), 'utf8').split('\n').slice(0, 3).join('\n');
    writeFileSync(join(dir, 'small.jsonl.gz'), gzipSync(papers));
    const r = await run(['adapters/cli/ask.ts', '--json', '--top', '2', '--data', join(dir, 'small.jsonl.gz'), 'visual instruction model']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as { results: { id: string }[] };
    expect(o.results[0]!.id).toBe('2304.15010');
    expect(o.results.length).toBeLessThanOrEqual(2);
  });

  it('explains bad arguments and a broken corpus without a stack trace', async () => {
    const bad = await run(['adapters/cli/ask.ts', '--top', 'lots', 'kv cache']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--top must be a whole number from 1 to 25, got "lots"');
    const dir = mkdtempSync(join(tmpdir(), 'citebot-cli-'));
    writeFileSync(join(dir, 'broken.jsonl'), '{"id":"x","title":"t","abstract":"a","authors":[],"year":"2019a","source":"s"}\n');
    const broken = await run(['adapters/cli/ask.ts', '--data', join(dir, 'broken.jsonl'), 'kv cache']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.jsonl:1: "year" must be an integer, got "2019a"');
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });
});
