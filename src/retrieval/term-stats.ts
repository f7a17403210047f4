import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { CitebotError } from '../errors.js';
import { StringIndex } from './word-table.js';

/** Document frequencies by term: a `Map`, or anything else that can be asked for one. */
export interface FrequencyTable {
  get(term: string): number | undefined;
}

/**
 * Document frequencies of index terms in a large background corpus (about 136k ML/NLP abstracts). They say
 * how informative a question word is in this field ("model" is not, "sourdough" is) and whether an unknown
 * word is a real word or a typo, independently of how small the answering corpus is.
 */
export class TermStats {
  constructor(
    /** Documents the frequencies were counted over. */
    readonly documents: number,
    private readonly df: FrequencyTable,
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

/**
 * Parse the `term<TAB>df` table written by `npm run corpus:term-stats` (first line `# documents<TAB>N`). The table
 * stays one string, its lines found through a hashed index (1.7 MB for 61k terms, where a `Map` took 4.7 MB).
 */
export function parseTermStats(text: string, file = 'term stats'): TermStats {
  const first = text.indexOf('\n');
  const head = /^# documents\t(\d+)$/.exec(first < 0 ? text : text.slice(0, first));
  if (!head) throw new CitebotError('CORPUS_INVALID', `${file}:1: expected "# documents<TAB>N"`);
  const body = first < 0 ? '' : text.slice(first + 1);
  const counts: number[] = [];
  let line = 0;
  if (body !== '')
    for (let at = 0; at <= body.length; line++) {
      let end = body.indexOf('\n', at);
      if (end < 0) end = body.length;
      if (end > at) {
        const tab = body.indexOf('\t', at);
        const n = tab < 0 || tab > end ? Number.NaN : Number(body.slice(tab + 1, end));
        if (tab <= at || tab > end || !Number.isInteger(n))
          throw new CitebotError('CORPUS_INVALID', `${file}:${line + 2}: expected "term<TAB>count"`);
        counts[line] = n;
      }
      at = end + 1;
    }
  const index = StringIndex.ofLines(body, '\t');
  const df = Float64Array.from({ length: line }, (_, i) => counts[i] ?? 0);
  return new TermStats(Number(head[1]), {
    get: (term) => {
      const at = index.find(term);
      return at < 0 ? undefined : df[at];
    },
  });
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
