import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { CitebotError } from '../errors.js';

/**
 * Document frequencies of index terms in a large background corpus (about 136k ML/NLP abstracts). They say
 * how informative a question word is in this field ("model" is not, "sourdough" is) and whether an unknown
 * word is a real word or a typo, independently of how small the answering corpus is.
 */
export class TermStats {
  constructor(
    /** Documents the frequencies were counted over. */
    readonly documents: number,
    private readonly df: ReadonlyMap<string, number>,
  ) {}

  /** Background document frequency of a term (0 when it was rarer than the table's cut-off). */
  docFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** Inverse document frequency; a term missing from the table counts as rarer than any in it. */
  idf(term: string): number {
    const df = this.df.get(term) ?? 0.5;
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }
}

/** Parse the `term<TAB>df` table written by `npm run corpus:term-stats` (first line `# documents<TAB>N`). */
export function parseTermStats(text: string, file = 'term stats'): TermStats {
  const lines = text.split('\n');
  const head = /^# documents\t(\d+)$/.exec(lines[0] ?? '');
  if (!head) throw new CitebotError('CORPUS_INVALID', `${file}:1: expected "# documents<TAB>N"`);
  const df = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const n = Number(line.slice(tab + 1));
    if (tab <= 0 || !Number.isInteger(n)) throw new CitebotError('CORPUS_INVALID', `${file}:${i + 1}: expected "term<TAB>count"`);
    df.set(line.slice(0, tab), n);
  }
  return new TermStats(Number(head[1]), df);
}

/** Load a term-stats table (`.tsv` or `.tsv.gz`). */
export async function loadTermStats(file: string): Promise<TermStats> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw new CitebotError(
      'CORPUS_UNREADABLE',
      `${file}: cannot read the term statistics (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const text = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  return parseTermStats(text, file);
}
