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
    expect(r.stdout).toContain(': 33 added, 0 updated, 0 unchanged, 0 removed, 0 rejected; 33 papers');
    // Again over what it wrote: the counts say what happened to the file (issue 19: not "no change … 33 added").
    const again = await ingest(['--page', PAGE, '--facts', FACTS, '--out', out, '--replace']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^\(no change, not rewritten\) .*: 0 added, 0 updated, 33 unchanged, 0 removed, 0 rejected; 33 papers\n$/);
  });

  it('merges BibTeX and Atom into the corpus: known papers updated, new ones added, bad entries reported by key', async () => {
    const { out } = corpusCopy();
    const r = await ingest([join(FIX, 'zotero.bib'), join(FIX, 'mendeley.bib'), join(FIX, 'arxiv-3-papers.xml'), '--out', out]);
    expect(r.code).toBe(0); // everything valid was written; the rejection is reported
    // zotero: DSnoT and LLaMA Beyond English updated, LLaMA, LSTM and BERT (no year) added; mendeley: KIVI and
    // ChocoLlama updated, LSTM again (unchanged), Attention (no abstract, not in the corpus) rejected; Atom: KIVI
    // and DSnoT updated again, Flipped-VQA updated.
    expect(r.stdout).toMatch(/papers\.jsonl: 3 added, 7 updated, 1 unchanged, 1 rejected; 36 papers\n$/);
    expect(r.stderr).toContain(
      `rejected: ${join(FIX, 'mendeley.bib')}:48 (Vaswani2017): no abstract, and no paper in the collection has its arXiv id, DOI or title: a new paper needs its abstract`,
    );
    const papers = await loadCorpusFile(out);
    expect(papers).toHaveLength(36);
    expect(new Set(papers.map((p) => p.id)).size).toBe(36);
    expect(papers.find((p) => p.id === 'doi:10.18653/v1/n19-1423')).toMatchObject({ year: null });
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
    expect(papers.at(-2)).toMatchObject({ id: 'doi:10.1162/neco.1997.9.8.1735', authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'] });
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

  it('with DATABASE_URL unreachable, the corpus is still written and one warning says replicas were not told', async () => {
    const { dir, out } = corpusCopy();
    const input = join(dir, 'new.jsonl');
    writeFileSync(input, `${JSON.stringify({ title: 'A New Paper on Lantern Routing', abstract: 'We route tokens by lanterns.' })}\n`);
    // A port nothing listens on: the connection is refused at once.
    const r = await ingest([input, '--out', out], { env: { DATABASE_URL: 'postgres://citebot:pw-secret-1@127.0.0.1:9/citebot' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 added');
    expect((await loadCorpusFile(out)).some((p) => p.title === 'A New Paper on Lantern Routing')).toBe(true);
    expect(r.stderr).toMatch(
      /^warning: cannot record the corpus version at postgres:\/\/127\.0\.0\.1:9\/citebot: .*replicas are not told through the database\n$/m,
    );
    expect(r.stderr).not.toContain('pw-secret-1');
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
    expect(r.stdout).toContain('3 added, 2 updated, 0 unchanged, 0 rejected; 36 papers');
    expect(r.code).toBe(0);
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

  it('takes the facts table as a plain argument too, and a page without one as minimal records', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'citebot-ingest-')), 'papers.jsonl');
    expect((await ingest([PAGE, FACTS, '--out', out])).stdout).toContain('33 added');
    // The same papers without facts match the ones there by title: none added, their ids and years kept.
    const same = await ingest([PAGE, '--out', out]);
    expect(same).toMatchObject({ code: 0, stdout: expect.stringMatching(/: 0 added, \d+ updated, \d+ unchanged, 0 rejected; 33 papers/) });
    expect((await loadCorpusFile(out)).every((p) => /^\d{4}\.\d{5}$/.test(p.id) && p.year !== null)).toBe(true);
    const fresh = join(mkdtempSync(join(tmpdir(), 'citebot-ingest-')), 'papers.jsonl');
    expect((await ingest([PAGE, '--out', fresh])).code).toBe(0);
    const papers = await loadCorpusFile(fresh);
    expect(papers).toHaveLength(33);
    expect(papers[0]).toMatchObject({ id: 'dynamic-sparse-no-training-training-free-fine-tuning-for-sparse', authors: [], year: null });
    expect(readFileSync(fresh, 'utf8').split('\n')[0]).not.toContain('"year"'); // absent, as the schema allows
  });

  it('updates a known paper from a Zotero entry without abstract and keeps its abstract; rejects a new one (issue 19)', async () => {
    const { out } = corpusCopy();
    const before = (await loadCorpusFile(out)).find((p) => p.id === '2402.02750')!;
    const r = await ingest([join(FIX, 'zotero-metadata-only.bib'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('zotero-metadata-only.bib: bibtex, 0 papers, 2 records without abstract\n');
    expect(r.stderr).toContain(
      `rejected: ${join(FIX, 'zotero-metadata-only.bib')}:13 (vaswani_attention_2017): no abstract, and no paper in the collection has its arXiv id, DOI or title: a new paper needs its abstract (in Zotero or Mendeley, export with abstracts)\n`,
    );
    expect(r.stdout).toMatch(/: 0 added, 1 updated, 0 unchanged, 1 rejected; 33 papers\n$/);
    const kivi = (await loadCorpusFile(out)).find((p) => p.id === '2402.02750')!;
    expect(kivi).toEqual({
      ...before,
      authors: ['Zirui Liu', 'Jiayi Yuan', 'Hongye Jin', 'Shaochen Zhong', 'Zhaozhuo Xu', 'Vladimir Braverman', 'Beidi Chen', 'Xia Hu'],
      etAl: undefined,
    });
    expect(kivi.abstract).toBe(before.abstract);
    expect(kivi.source).toBe('papers-page'); // the abstract's source
    const strict = await ingest([join(FIX, 'zotero-metadata-only.bib'), '--out', out, '--strict']);
    expect(strict.code).toBe(1);
  });

  it('counts records, not problems: one bad line is one rejection; exit 0 unless --strict (issue 19)', async () => {
    const { dir, out } = corpusCopy();
    const input = join(dir, 'new.jsonl');
    writeFileSync(
      input,
      `${JSON.stringify({ title: 'A Minimal Paper About Things', abstract: 'It has a title and an abstract.' })}\n{"title": 1, "year": "x", "authors": 2}\n{not json\n`,
    );
    const r = await ingest([input, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('new.jsonl: jsonl, 1 paper, 2 records rejected\n');
    expect(r.stderr.match(/^rejected: /gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/: 1 added, 0 updated, 0 unchanged, 2 rejected; 34 papers\n$/);
    expect((await loadCorpusFile(out)).at(-1)).toMatchObject({ id: 'a-minimal-paper-about-things', source: 'json' });
    const dry = await ingest([input, '--out', out, '--dry-run', '--strict']);
    expect(dry.code).toBe(1);
  });

  it.each([
    ['ENOSPC', 'the disk is full: free some space, then run again'],
    ['EROFS', 'the file system is read-only'],
    ['EFBIG', 'the file would exceed the largest file this system or user may write'],
  ])('says in one line, without a stack, which file could not be written on %s (issue 18)', async (code, advice) => {
    const { out } = corpusCopy();
    // What fs.writeFile throws, with the temporary file's absolute path in it.
    const writeFile = async (file: string) => {
      throw Object.assign(new Error(`${code}: failed, write '${file}.tmp'`), { code, syscall: 'write', path: `${file}.tmp` });
    };
    const r = await ingest([join(FIX, 'zotero.bib'), '--out', out], { writeFile });
    expect(r.code).toBe(1);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line).toContain(`ingest failed, nothing written: ${out}: cannot write (${code}): ${advice}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the lock file when the corpus directory is missing', async () => {
    const out = join(tmpdir(), 'citebot-no-such-dir', 'papers.jsonl');
    const r = await ingest([join(FIX, 'zotero.bib'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `test/fixtures/ingest/zotero.bib: bibtex, 5 papers\ningest failed, nothing written: ${out}.lock: cannot take the corpus lock (ENOENT): its directory does not exist: create it first\n`,
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
