/**
 * The search engines the benchmarks compare, behind one interface: build over papers, then answer a
 * question with ranked paper ids. citebot goes through the public API (`src/index.ts`) only, so the
 * benchmarks measure whatever the core does at run time. Competitors run with their default options.
 *
 * citebot's `ask` also selects and highlights an excerpt for each result; the others return ranked ids only.
 */

import { statSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import {
  create as createOrama,
  insertMultiple,
  load as loadOrama,
  type RawData,
  save as saveOrama,
  search as searchOrama,
} from '@orama/orama';
import { Index as FlexIndex } from 'flexsearch';
import MiniSearch from 'minisearch';
import {
  analyze,
  corpusVersion,
  createLibrary,
  hashFile,
  type Library,
  loadIndex,
  loadTermStats,
  openLibrary,
  type Paper,
  saveIndex,
  type TermStats,
} from '../../src/index.js';

/** Results asked of every engine per question. */
export const TOP = 5;

/** A saved index: its serialised bytes, and how to load it back into a queryable engine. */
export interface SavedIndex {
  bytes: number;
  /** Load the saved form into the engine (replacing the built index). */
  load(): Promise<void> | void;
}

/** One engine under test. */
export interface Engine {
  name: EngineName;
  /** Index the papers. */
  build(papers: readonly Paper[]): Promise<void> | void;
  /** Ranked paper ids for a question, best first, at most `TOP`. */
  query(question: string): string[];
  /** Serialise the built index, when the engine can; undefined means not supported. `corpusFile` is the file
   * the papers came from (citebot ties its saved index to that file's hash and saves beside it). */
  save?(corpusFile: string): Promise<SavedIndex> | SavedIndex;
  /** Why `save` is missing, for the table. */
  saveNote?: string;
}

export const ENGINE_NAMES = ['citebot', 'minisearch-tuned', 'minisearch-default', 'flexsearch', 'orama'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** What each engine returns per question, for the table's footnote. */
export const ENGINE_NOTES: Record<EngineName, string> = {
  citebot:
    "built as the bot builds it (buildIndexFile: the corpus validated into a spool and indexed in a worker with a capped heap, the saved index written, then opened from the file; --objects: createLibrary(papers) on this thread) then ask(q, { top: 5 }): ranking, abstention and a highlighted excerpt per result; cold start = the corpus file's stamp checked against the saved index's, loadIndex + openLibrary, the first answer",
  'minisearch-tuned':
    "MiniSearch 7.2 queried the way citebot queries its own index: citebot's analyzer as tokenizer (stemming, stop words, compounds), fields title (boost 2) + abstract, nothing stored; the question's terms in at most 5% of papers plus its 3 rarest, OR: ranked ids only (no rerank, no excerpts)",
  'minisearch-default':
    "MiniSearch 7.2 { fields: ['title','abstract'], searchOptions: { boost: { title: 2 } } }, default tokenizer, OR query: ranked ids only",
  flexsearch:
    'FlexSearch 0.8.212 Index (default preset, tokenize "strict") over title + abstract, numeric ids, search(q, { limit: 5, suggest: true }): ranked ids only',
  orama:
    "Orama 3.1.18 create/insertMultiple, schema { id, title, abstract: 'string' }, search({ term, properties: ['title','abstract'], limit: 5 }): ranked ids only; saved index = save()/load() raw data through v8.serialize",
};

/** Papers with unique ids (first wins): the competitors refuse or merge duplicate ids. */
export function uniqueById(papers: readonly Paper[]): Paper[] {
  const seen = new Set<string>();
  return papers.filter((p) => {
    if (seen.has(p.id)) return false;
    seen.add(p.id);
    return true;
  });
}

/** Where citebot's saved index for a corpus file goes. */
export const citebotIndexFile = (corpusFile: string) => `${corpusFile}.citebot-index`;

/**
 * citebot through its public API. Its saved index is `saveIndex`/`loadIndex`, keyed by the corpus file's
 * sha256; loading includes hashing the corpus file, as the bot does at start-up.
 */
export function citebotEngine(termStats: TermStats | undefined): Engine {
  let library: Library | undefined;
  const options = termStats ? { termStats } : {};
  return {
    name: 'citebot',
    build(papers) {
      library = createLibrary(papers, options);
    },
    query(question) {
      const res = library!.ask(question, { top: TOP });
      return res.ok ? res.answer.results.map((r) => r.citation.id) : [];
    },
    async save(corpusFile) {
      const file = citebotIndexFile(corpusFile);
      // With the corpus file's stamp, as the bot saves it: a cold start then trusts it without hashing the file.
      await saveIndex(file, { papers: library!.papers, snapshot: library!.snapshot() }, await corpusVersion(corpusFile, file, new Date()));
      return {
        bytes: statSync(file).size,
        load: async () => {
          const saved = await loadIndex(file, await hashFile(corpusFile));
          if ('miss' in saved) throw new Error(`citebot's saved index was not loaded: ${saved.miss}`);
          library = openLibrary({ ...saved, ...options });
        },
      };
    },
  };
}

/** Load the bundled term statistics (what the bot uses). */
export function loadBundledTermStats(): Promise<TermStats> {
  return loadTermStats(new URL('../../data/term-stats.tsv.gz', import.meta.url).pathname);
}

/**
 * A MiniSearch engine: `options` for the index, `queryOf` to turn a question into MiniSearch's query string
 * (empty: no results), `onBuild` to learn anything else from the papers.
 */
function miniSearchBased(
  name: EngineName,
  options: ConstructorParameters<typeof MiniSearch<Paper>>[0],
  queryOf: (question: string) => string = (q) => q,
  onBuild: (papers: readonly Paper[]) => void = () => undefined,
): Engine {
  let index: MiniSearch<Paper> | undefined;
  return {
    name,
    build(papers) {
      const unique = uniqueById(papers);
      index = new MiniSearch<Paper>(options);
      index.addAll(unique);
      onBuild(unique);
    },
    query(question) {
      const query = queryOf(question);
      return query === ''
        ? []
        : index!
            .search(query)
            .slice(0, TOP)
            .map((r) => String(r.id));
    },
    save() {
      const json = JSON.stringify(index);
      return {
        bytes: Buffer.byteLength(json),
        load: () => {
          index = MiniSearch.loadJSON<Paper>(json, options);
        },
      };
    },
  };
}

/** MiniSearch with the options a user would start from. */
export function miniSearchEngine(): Engine {
  return miniSearchBased('minisearch-default', { fields: ['title', 'abstract'], storeFields: [], searchOptions: { boost: { title: 2 } } });
}

/**
 * MiniSearch as citebot would use it for ranking if it kept MiniSearch on the hot path: the same analyzer, no
 * stored fields, and very common terms left out of the query (the suggestions). Ranked ids only, so
 * it is a lower bound on what a full answer would cost through MiniSearch.
 */
export function miniSearchTunedEngine(): Engine {
  let df = new Map<string, number>();
  let size = 0;
  const queryOf = (question: string): string => {
    const terms = [...new Set(analyze(question))].filter((t) => df.has(t)).sort((a, b) => df.get(a)! - df.get(b)!);
    const maxDf = Math.max(2000, size * 0.05);
    return terms.filter((t, k) => k < 3 || df.get(t)! <= maxDf).join(' ');
  };
  const onBuild = (papers: readonly Paper[]) => {
    df = new Map();
    for (const p of papers) for (const t of new Set(analyze(`${p.title} ${p.abstract}`))) df.set(t, (df.get(t) ?? 0) + 1);
    size = papers.length;
  };
  const options = {
    fields: ['title', 'abstract'],
    storeFields: [],
    tokenize: (text: string) => analyze(text),
    processTerm: (term: string) => term,
    searchOptions: { boost: { title: 2 }, combineWith: 'OR' as const },
  };
  return miniSearchBased('minisearch-tuned', options, queryOf, onBuild);
}

/** FlexSearch's flat Index over "title abstract" with numeric ids (its README's advice); `suggest` so a
 * natural-language question is not an AND of every word (which matches nothing). */
export function flexSearchEngine(): Engine {
  let index: FlexIndex | undefined;
  let ids: string[] = [];
  return {
    name: 'flexsearch',
    build(papers) {
      const unique = uniqueById(papers);
      ids = unique.map((p) => p.id);
      index = new FlexIndex();
      unique.forEach((p, i) => {
        index!.add(i, `${p.title}\n${p.abstract}`);
      });
    },
    query(question) {
      const hits = index!.search(question, { limit: TOP, suggest: true }) as number[];
      return hits.map((i) => ids[i]!);
    },
    async save() {
      const parts: [string, string][] = [];
      await index!.export((key: string, data: string) => {
        parts.push([key, data]);
      });
      const idsJson = JSON.stringify(ids);
      const bytes = parts.reduce((n, [k, d]) => n + Buffer.byteLength(k) + Buffer.byteLength(d ?? ''), 0) + Buffer.byteLength(idsJson);
      return {
        bytes,
        load: () => {
          const fresh = new FlexIndex();
          for (const [k, d] of parts) fresh.import(k, d);
          ids = JSON.parse(idsJson) as string[];
          index = fresh;
        },
      };
    },
  };
}

const ORAMA_SCHEMA = { id: 'string', title: 'string', abstract: 'string' } as const;

/** Orama with a plain string schema. Its `search` is synchronous for this schema; a Promise is refused. */
export function oramaEngine(): Engine {
  let db = createOrama({ schema: ORAMA_SCHEMA });
  return {
    name: 'orama',
    async build(papers) {
      db = createOrama({ schema: ORAMA_SCHEMA });
      await insertMultiple(
        db,
        uniqueById(papers).map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })),
      );
    },
    query(question) {
      const res = searchOrama(db, { term: question, properties: ['title', 'abstract'], limit: TOP });
      if (res instanceof Promise) throw new Error('orama search returned a Promise; the bench expects a synchronous search');
      return res.hits.map((h) => String(h.id));
    },
    // v8.serialize, not JSON: at 136k papers Orama's raw data is past V8's longest string.
    save() {
      const bytes = serialize(saveOrama(db));
      return {
        bytes: bytes.length,
        load: () => {
          const fresh = createOrama({ schema: ORAMA_SCHEMA });
          loadOrama(fresh, deserialize(bytes) as RawData);
          db = fresh;
        },
      };
    },
  };
}

/** An engine by name; citebot gets the bundled term statistics. */
export async function makeEngine(name: EngineName, termStats?: TermStats): Promise<Engine> {
  switch (name) {
    case 'citebot':
      return citebotEngine(termStats ?? (await loadBundledTermStats()));
    case 'minisearch-tuned':
      return miniSearchTunedEngine();
    case 'minisearch-default':
      return miniSearchEngine();
    case 'flexsearch':
      return flexSearchEngine();
    case 'orama':
      return oramaEngine();
  }
}

/** Generic questions a user types besides the specific ones: short topics and broad "what is" questions. */
export const GENERIC_QUESTIONS: readonly string[] = [
  'large language models',
  'what is attention',
  'deep learning',
  'transformer',
  'neural machine translation',
  'reinforcement learning from human feedback',
  'what is a knowledge graph',
  'graph neural networks',
  'diffusion models for image generation',
  'how do I make inference faster',
  'quantization',
  'KV cache',
  'sparse attention for long context',
  'papers about retrieval augmented generation',
  'which papers use mixture of experts',
  'contrastive learning',
  'speech recognition',
  'sentiment analysis',
  'question answering',
  'summarization of long documents',
  'what is BERT',
  'federated learning privacy',
  'adversarial examples robustness',
  'low-resource languages',
  'named entity recognition',
  'in-context learning',
  'chain of thought reasoning',
  'model compression and pruning',
  'what are the limitations of this approach?',
  'the',
];

/** The mixed question set: the eval questions, then the generic ones. */
export function mixedQuestions(evalQuestions: readonly { q: string }[]): string[] {
  return [...evalQuestions.map((x) => x.q), ...GENERIC_QUESTIONS];
}
