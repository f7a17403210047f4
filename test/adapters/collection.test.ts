/** The shared logic of /add, /remove and `ingest --arxiv-file` (issue 19). */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIngest } from '../../adapters/cli/ingest.js';
import { describeOutcome, parseArxivList, parseArxivRefs, removePapers } from '../../adapters/shared/collection.js';
import { DEFAULT_CORPUS } from '../../adapters/shared/corpus.js';
import { createLogger } from '../../adapters/shared/log.js';
import { loadCorpusFile } from '../../src/index.js';
import { atomFeed, NEW_PAPERS } from '../e2e/fakes/arxiv-peer.js';
import { seedLibrary } from './support.js';

describe('arXiv references', () => {
  it('reads ids, arXiv: references, abs and pdf links and Slack link markup; drops versions and repeats', () => {
    expect(
      parseArxivRefs(
        '2402.02750v2, arXiv:2310.08915 <https://arxiv.org/pdf/2402.02750v1.pdf|pdf> https://arxiv.org/abs/hep-th/9711200; (2401.01055) KIVI',
      ),
    ).toEqual({ ids: ['2402.02750', '2310.08915', 'hep-th/9711200', '2401.01055'], invalid: ['KIVI'] });
    expect(parseArxivRefs('   ')).toEqual({ ids: [], invalid: [] });
  });

  it('reads an id list file: one per line, # comments, bad lines by file:line', () => {
    expect(
      parseArxivList('# my reading list\n2402.02750v3  # KIVI\n\nhttps://arxiv.org/abs/2310.08915\nnot an id\n2402.02750\n', 'ids.txt'),
    ).toEqual({
      ids: ['2402.02750', '2310.08915'],
      rejected: [{ where: 'ids.txt:5', reason: 'not an arXiv id or link: "not an id"' }],
    });
  });
});

describe('describeOutcome', () => {
  it('lists what changed, what was not found, and whether the bot answers from it yet', () => {
    const text = describeOutcome(
      {
        ok: true,
        added: [{ id: '1706.03762', title: 'Attention Is All You Need' }],
        updated: [],
        unchanged: [],
        removed: [],
        notFound: ['2501.00001'],
        invalid: [],
        papers: 34,
        reload: 'pending',
      },
      'add',
    );
    expect(text).toBe(
      'Added (1):\n• Attention Is All You Need (1706.03762)\nNot found on arXiv: 2501.00001\nSaved (34 papers). I am loading the new collection and will answer from it in a few seconds.',
    );
    expect(describeOutcome({ ok: false, problem: 'busy', detail: 'x' }, 'add')).toMatch(/being changed by someone else/);
  });
});

describe('removePapers', () => {
  it('never empties the collection (the bot could not serve it)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citebot-collection-')), 'papers.jsonl');
    const one = `${readFileSync(DEFAULT_CORPUS, 'utf8').split('\n')[0]}\n`;
    writeFileSync(file, one);
    const library = await seedLibrary();
    const outcome = await removePapers('2310.08915', {
      settings: { file, arxivApiUrl: 'http://127.0.0.1:9/none' },
      library: { current: library },
      log: createLogger({ write: () => {} }),
      editor: { platform: 'slack', workspace: 'T1', userId: 'U1' },
    });
    expect(outcome).toEqual({ ok: false, problem: 'would-empty' });
    expect(readFileSync(file, 'utf8')).toBe(one);
  });

  it('announces a written collection to the other replicas (once, with the file), and nothing when nothing changed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citebot-collection-')), 'papers.jsonl');
    const lines = readFileSync(DEFAULT_CORPUS, 'utf8').split('\n').slice(0, 2);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const first = JSON.parse(lines[0]!) as { id: string };
    const announced: string[] = [];
    const ctx = {
      settings: { file, arxivApiUrl: 'http://127.0.0.1:9/none', reloadTimeoutMs: 0 },
      library: { current: await seedLibrary(), announce: async (f: string) => void announced.push(f) },
      log: createLogger({ write: () => {} }),
      editor: { platform: 'slack' as const, workspace: 'T1', userId: 'U1' },
    };
    expect(await removePapers('not-a-paper-here', ctx)).toMatchObject({ ok: true, reload: 'none' });
    expect(announced).toEqual([]);
    expect(await removePapers(first.id, ctx)).toMatchObject({ ok: true, removed: [{ id: first.id }] });
    expect(announced).toEqual([file]);
  });
});

describe('npm run ingest -- --arxiv-file', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('fetches the listed ids and merges them; a bad line is a rejected record (exit 0)', async () => {
    server = createServer((req, res) => {
      const ids = (new URL(req.url ?? '/', 'http://x').searchParams.get('id_list') ?? '').split(',');
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atomFeed(ids, NEW_PAPERS));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'citebot-arxiv-file-'));
    const out = join(dir, 'papers.jsonl');
    copyFileSync(DEFAULT_CORPUS, out);
    const list = join(dir, 'ids.txt');
    writeFileSync(list, '# to read\n1706.03762\nhttps://arxiv.org/pdf/1810.04805v2\nwhat\n');
    let stdout = '';
    let stderr = '';
    const code = await runIngest(['--arxiv-file', list, '--out', out], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: { ARXIV_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query` },
      fetch,
      sleep: async () => {},
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/rejected: .*ids\.txt:4: not an arXiv id or link: "what"\n/);
    expect(stdout).toMatch(/: 2 added, 0 updated, 0 unchanged, 1 rejected; 35 papers\n$/);
    expect((await loadCorpusFile(out)).map((p) => p.id).slice(-2)).toEqual(['1706.03762', '1810.04805']);
  });
});
