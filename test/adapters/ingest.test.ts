import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type IngestIo, runIngest } from '../../adapters/cli/ingest.js';
import { loadCorpusFile } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'test/fixtures/ingest');
const SEED = join(ROOT, 'data/papers.jsonl');
const PAGE = join(ROOT, 'data/sources/papers-page.txt');
const FACTS = join(ROOT, 'data/sources/paper-facts.tsv');

/** Runs the CLI in-process, capturing what it prints. */
async function ingest(argv: string[], io: Partial<IngestIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runIngest(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    fetch,
    sleep: async () => {},
    ...io,
  });
  return { code, stdout, stderr };
}

/** A fresh directory holding a copy of the seed corpus. */
function corpusCopy(): { dir: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-ingest-'));
  const out = join(dir, 'papers.jsonl');
  copyFileSync(SEED, out);
  return { dir, out };
}

describe('ingest', () => {
  it('rebuilds data/papers.jsonl byte for byte from the seed page and facts (npm run corpus:seed)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'citebot-seed-')), 'papers.jsonl');
    const r = await ingest(['--page', PAGE, '--facts', FACTS, '--out', out, '--replace']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SEED, 'utf8'));
    expect(r.stdout).toContain(': 33 added, 0 updated, 0 unchanged, 0 rejected; 33 papers');
  });

  it('merges BibTeX and Atom into the corpus: known papers updated, new ones added, bad entries reported by key', async () => {
    const { out } = corpusCopy();
    const r = await ingest([join(FIX, 'zotero.bib'), join(FIX, 'mendeley.bib'), join(FIX, 'arxiv-3-papers.xml'), '--out', out]);
    expect(r.code).toBe(1); // some records were rejected
    // zotero: DSnoT and LLaMA Beyond English updated, LLaMA and LSTM added; mendeley: KIVI and ChocoLlama updated,
    // LSTM again (unchanged); Atom: KIVI and DSnoT updated again, Flipped-VQA updated.
    expect(r.stdout).toMatch(/papers\.jsonl: 2 added, 7 updated, 1 unchanged, 2 rejected; 35 papers\n$/);
    expect(r.stderr).toContain(`rejected: ${join(FIX, 'zotero.bib')}:66 (devlin_bert_nodate): no "year" or "date" field with a year\n`);
    expect(r.stderr).toContain(`rejected: ${join(FIX, 'mendeley.bib')}:48 (Vaswani2017): no "abstract" field`);
    const papers = await loadCorpusFile(out);
    expect(papers).toHaveLength(35);
    expect(new Set(papers.map((p) => p.id)).size).toBe(35);
    const seedIds = readFileSync(SEED, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(papers.slice(0, 33).map((p) => p.id)).toEqual(seedIds); // nothing lost, order kept
    expect(papers.find((p) => p.id === '2402.02750')).toMatchObject({
      source: 'arxiv',
      codeUrl: 'https://github.com/jy-yuan/KIVI',
      authors: expect.arrayContaining(['Beidi Chen']),
    });
    expect(papers.at(-1)).toMatchObject({ id: 'doi:10.1162/neco.1997.9.8.1735', authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'] });
  });

  it('running the same input twice changes nothing the second time and does not rewrite the file', async () => {
    const { out } = corpusCopy();
    await ingest([join(FIX, 'arxiv-3-papers.xml'), '--out', out]);
    const after = readFileSync(out, 'utf8');
    const again = await ingest([join(FIX, 'arxiv-3-papers.xml'), '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('(no change, not rewritten)');
    expect(again.stdout).toContain('0 added, 0 updated, 3 unchanged, 0 rejected; 33 papers');
    expect(readFileSync(out, 'utf8')).toBe(after);
  });

  it('--dry-run lists what would change and writes nothing', async () => {
    const { out } = corpusCopy();
    const r = await ingest([join(FIX, 'zotero.bib'), '--out', out, '--dry-run']);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SEED, 'utf8'));
    expect(r.stdout).toContain('would add     2302.13971  LLaMA: Open and Efficient Foundation Language Models');
    expect(r.stdout).toMatch(
      /would update {2}2310\.08915 {2}Dynamic Sparse No Training: .*: authors, etAl, doi, source \(same id; .*zotero\.bib:2 \(zhang_dynamic_2023\)\)/,
    );
    expect(r.stdout).toContain('(dry run, nothing written)');
    expect(r.stdout).toContain('2 added, 2 updated, 0 unchanged, 1 rejected; 35 papers');
  });

  it('a failed run leaves the corpus untouched and no temporary file behind', async () => {
    const { dir, out } = corpusCopy();
    const gz = gzipSync(readFileSync(SEED));
    writeFileSync(join(dir, 'cut.jsonl.gz'), gz.subarray(0, gz.length - 40));
    const r = await ingest([join(FIX, 'zotero.bib'), join(dir, 'cut.jsonl.gz'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ingest failed, nothing written: .*cut\.jsonl\.gz: cannot read/);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SEED, 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['cut.jsonl.gz', 'papers.jsonl']);
  });

  it('when the write itself fails, the temporary file is removed and the error said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-ingest-'));
    const out = join(dir, 'papers.jsonl');
    mkdirSync(join(out, 'occupied'), { recursive: true }); // a directory where the corpus should be: rename fails
    const r = await ingest([join(FIX, 'zotero.bib'), '--out', out, '--replace']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ingest failed, nothing written');
    expect(readdirSync(dir)).toEqual(['papers.jsonl']);
    expect(readdirSync(out)).toEqual(['occupied']);
  });

  it('refuses to merge into a corpus with invalid lines, naming them', async () => {
    const { out } = corpusCopy();
    const broken = readFileSync(SEED, 'utf8').replace('"year":2024', '"year":"2024a"');
    writeFileSync(out, broken);
    const r = await ingest([join(FIX, 'zotero.bib'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /cannot merge into .*papers\.jsonl: 1 invalid line:\n.*papers\.jsonl:3: "year" must be an integer, got "2024a"\nFix those lines, or use --replace/,
    );
    expect(readFileSync(out, 'utf8')).toBe(broken);
  });

  it('--strict writes nothing when a record is rejected', async () => {
    const { out } = corpusCopy();
    const r = await ingest([join(FIX, 'mendeley.bib'), '--out', out, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--strict: 1 record rejected, nothing written');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SEED, 'utf8'));
  });

  it('writes a gzip corpus when --out ends in .gz, readable by the loader', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'citebot-ingest-')), 'papers.jsonl.gz');
    expect((await ingest([SEED, '--out', out])).code).toBe(0);
    expect(await loadCorpusFile(out)).toHaveLength(33);
  });

  it('takes the facts table as a plain argument too, and explains a page given without one', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'citebot-ingest-')), 'papers.jsonl');
    expect((await ingest([PAGE, FACTS, '--out', out])).stdout).toContain('33 added');
    const none = await ingest([PAGE, '--out', out, '--dry-run']);
    expect(none.stderr).toMatch(
      /rejected: .*papers-page\.txt:11: "Dynamic Sparse No Training: .*": a papers page has no arXiv id or year; give a facts table too/,
    );
  });

  it('shows a redrawn progress bar on a terminal and plain lines otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-ingest-'));
    const big = join(dir, 'big.jsonl');
    const line = readFileSync(SEED, 'utf8').split('\n')[0]!;
    writeFileSync(
      big,
      Array.from({ length: 600 }, (_, i) =>
        line.replace('"2310.08915"', `"x-${i}"`).replace('Dynamic Sparse', `Paper ${i} Dynamic Sparse`),
      ).join('\n'),
    );
    const out = join(dir, 'out.jsonl');
    let tty = '';
    await runIngest([big, '--out', out, '--dry-run'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (tty += s), isTTY: true, columns: 100 },
      env: {},
      fetch,
      progressMinBytes: 1,
    });
    expect(tty).toMatch(/\r.*big\.jsonl \[#+\.*\] +\d+%/);
    expect(tty).toContain('\r\x1b[K');
    const plain = await ingest([big, '--out', out, '--dry-run'], { progressMinBytes: 1 });
    expect(plain.stderr).not.toContain('\r');
    expect(plain.stderr).toMatch(/big\.jsonl: \d0% read \(\d+\.\d of \d+\.\d MB\)\n/);
  });

  it('prints usage for bad arguments', async () => {
    expect((await ingest([])).code).toBe(2);
    const r = await ingest(['--format', 'csv', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of papers-page, jsonl, json-array, arxiv-atom, bibtex');
  });
});

describe('ingest --arxiv', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('fetches the ids from ARXIV_API_URL, retrying a 503, and merges them', async () => {
    const recorded = readFileSync(join(FIX, 'arxiv-3-papers.xml'), 'utf8');
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (seen.length === 1) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(recorded);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
    const { out } = corpusCopy();
    const r = await ingest(['--arxiv', '2402.02750', '2310.08915', '2310.15747', '--out', out], { env: { ARXIV_API_URL: base } });
    expect(r.code).toBe(0);
    expect(seen).toEqual(Array(2).fill('/api/query?id_list=2402.02750,2310.08915,2310.15747&max_results=3'));
    expect(r.stderr).toContain('arXiv API: HTTP 503 Service Unavailable; retrying in 3.0 s (retry 1)');
    expect(r.stdout).toContain('0 added, 3 updated, 0 unchanged, 0 rejected; 33 papers');
  });

  it('says clearly when the API cannot be reached, and writes nothing', async () => {
    server = createServer();
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
    await new Promise((r) => server!.close(r));
    server = undefined;
    const { out } = corpusCopy();
    const r = await ingest(['--arxiv', '2402.02750', '--out', out], { env: { ARXIV_API_URL: base } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `ingest failed, nothing written: cannot reach the arXiv API at ${base} (ECONNREFUSED) after 5 attempts: are you offline?`,
    );
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SEED, 'utf8'));
  });

  it('names a bad ARXIV_API_URL', async () => {
    const r = await ingest(['--arxiv', '2402.02750'], { env: { ARXIV_API_URL: 'not a url' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ingest configuration is invalid:\n {2}- ARXIV_API_URL: /);
  });
});
