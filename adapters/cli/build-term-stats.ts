import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { analyze, writeFileAtomic } from '../../src/index.js';

/**
 * `npm run corpus:term-stats -- --from ../shared/corpora/ml-abstracts.jsonl.gz`: document frequencies of
 * index terms over a large background corpus, written to data/term-stats.tsv.gz. The answer core uses them to
 * tell informative question words from generic ones and real words from typos. Only terms in at least
 * --min-df documents are kept.
 */
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    out: { type: 'string', default: 'data/term-stats.tsv.gz' },
    'min-df': { type: 'string', default: '3' },
  },
});
if (!values.from) {
  process.stderr.write('Usage: npm run corpus:term-stats -- --from FILE.jsonl.gz [--out data/term-stats.tsv.gz] [--min-df 3]\n');
  process.exit(2);
}
const { createGunzip } = await import('node:zlib');
const input = values.from.endsWith('.gz') ? createReadStream(values.from).pipe(createGunzip()) : createReadStream(values.from);
const df = new Map<string, number>();
let docs = 0;
for await (const line of createInterface({ input, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const rec = JSON.parse(line) as { title?: string; abstract?: string };
  docs++;
  for (const t of new Set(analyze(`${rec.title ?? ''} ${rec.abstract ?? ''}`))) df.set(t, (df.get(t) ?? 0) + 1);
}
const minDf = Number(values['min-df']);
const rows = [...df].filter(([, n]) => n >= minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const text = `# documents\t${docs}\n${rows.map(([t, n]) => `${t}\t${n}`).join('\n')}\n`;
await writeFileAtomic(values.out, gzipSync(text, { level: 9 }));
process.stdout.write(`${values.out}: ${rows.length} terms from ${docs} documents (min df ${minDf})\n`);
