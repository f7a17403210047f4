import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CitebotError, loadCorpusFile, papersFromPage, serializeCorpus, writeFileAtomic, type Paper } from '../../src/index.js';
import { DEFAULT_CORPUS } from '../shared/corpus.js';

const USAGE = `Usage: npm run ingest -- --page FILE --facts FILE [--out FILE] [--replace] [--dry-run]

Reads a papers page (title / blank line / abstract blocks) and a facts table (title, arxiv_id, first_author,
year, code_url), and merges the papers into the corpus (default data/papers.jsonl): same id is updated.
  --replace   write only the ingested papers (how data/papers.jsonl is generated: npm run corpus:seed)
  --dry-run   report what would change, write nothing`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      page: { type: 'string' },
      facts: { type: 'string' },
      out: { type: 'string' },
      replace: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.page || !values.facts) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const out = values.out ?? DEFAULT_CORPUS;
  const imported = papersFromPage(await readFile(values.page, 'utf8'), values.page, await readFile(values.facts, 'utf8'), values.facts);
  for (const p of imported.problems) process.stderr.write(`rejected: ${p}\n`);
  let existing: Paper[] = [];
  if (!values.replace) {
    try {
      existing = await loadCorpusFile(out);
    } catch (err) {
      if (!(err instanceof CitebotError && err.code === 'CORPUS_UNREADABLE')) throw err;
    }
  }
  const merged = new Map(existing.map((p) => [p.id, p]));
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  for (const p of imported.papers) {
    const old = merged.get(p.id);
    if (!old) added++;
    else if (JSON.stringify(old) === JSON.stringify(p)) unchanged++;
    else updated++;
    merged.set(p.id, p);
  }
  const text = serializeCorpus([...merged.values()]);
  if (!values['dry-run']) await writeFileAtomic(out, text);
  process.stdout.write(
    `${values['dry-run'] ? '(dry run) ' : ''}${out}: ${added} added, ${updated} updated, ${unchanged} unchanged, ${imported.problems.length} rejected; ${merged.size} papers\n`,
  );
  return imported.problems.length > 0 && imported.papers.length === 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof CitebotError ? err.message : (err as Error).message}\n`);
    process.exitCode = 1;
  },
);
