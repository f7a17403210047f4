/**
 * Benchmarks beyond the chat sets: SciFact (claims over biomedical abstracts, with gold rationale sentences)
 * and researcher-written literature-search questions over the 136k ML/NLP corpus. Loaders, the ranking
 * metrics (nDCG@10, recall@k, top-1, MRR) and the rationale metric, shared by `npm run eval`, `npm run fit`
 * and the CI floors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Library, Paper } from '../../src/index.js';
import { loadCorpusFile } from '../../src/index.js';
import { naiveWindow, type PlainBm25 } from './bm25.js';
import type { EvalQuestion } from './evaluate.js';

/** SciFact's training split, read from `../shared` (CC BY-NC 2.0: measured with, never copied here). */
export const SCIFACT_DIR = fileURLToPath(new URL('../../../shared/benchmarks/scifact/', import.meta.url));
export const LITSEARCH_FILE = fileURLToPath(new URL('./litsearch.jsonl', import.meta.url));
/** Harder literature-search questions, written apart after the fit and never tuned on (see litsearch-hard.README.md). */
export const LITSEARCH_HARD_FILE = fileURLToPath(new URL('./litsearch-hard.jsonl', import.meta.url));
/** Chat-style questions about papers of the 136k corpus, each with its answering sentence's key phrase (see chat-136k.README.md). */
export const CHAT_136K_FILE = fileURLToPath(new URL('./chat-136k.jsonl', import.meta.url));
/**
 * Chat questions about other papers of the 136k corpus in six other styles, by another writer, all `test`: never
 * tuned on, never read for misses (see chat-136k-styles.README.md).
 */
export const CHAT_136K_STYLES_FILE = fileURLToPath(new URL('./chat-136k-styles.jsonl', import.meta.url));
/**
 * Chat questions about 200 more papers of the 136k corpus in ten styles, by two more writers, train and test
 * (see chat-136k-mixed.README.md): its `train` split is fitted on with chat-136k's.
 */
export const CHAT_136K_MIXED_FILE = fileURLToPath(new URL('./chat-136k-mixed.jsonl', import.meta.url));
/**
 * Chat questions about 300 more papers of the 136k corpus in the same ten styles, by three more writers, train and
 * test (see chat-136k-more.README.md): its `train` split is fitted on with the two above.
 */
export const CHAT_136K_MORE_FILE = fileURLToPath(new URL('./chat-136k-more.jsonl', import.meta.url));
/** The chat sets over the 136k corpus whose `train` split is fitted on and read for misses. */
export const CHAT_136K_TRAIN_FILES: readonly string[] = [CHAT_136K_FILE, CHAT_136K_MIXED_FILE, CHAT_136K_MORE_FILE];

/** A question with the ids of the papers that answer it. */
export interface Judged {
  id: string;
  q: string;
  relevant: string[];
  /** Gold answer sentences (verbatim), by paper id, when known. */
  evidence?: Record<string, string[]>;
  /** A phrase of the answering sentence of the (one) relevant paper, when known: shown when the excerpt's first 400 characters hold it. */
  key?: string;
  split?: string;
}

export const hasSciFact = () => existsSync(`${SCIFACT_DIR}train.jsonl`);
export const hasLitsearch = () => existsSync(LITSEARCH_FILE);

/** SciFact's 809 training claims. */
export function loadSciFactTrain(): Judged[] {
  return readJsonl(`${SCIFACT_DIR}train.jsonl`).map((r) => ({
    id: String(r.qid),
    q: String(r.claim),
    relevant: (r.relevant as unknown[]).map(String),
    evidence: r.evidence as Record<string, string[]>,
  }));
}

/** SciFact's 5,183 abstracts, in citebot's corpus schema. */
export function loadSciFactCorpus(): Promise<Paper[]> {
  return loadCorpusFile(`${SCIFACT_DIR}corpus.jsonl.gz`);
}

/**
 * The literature-search questions (`test/eval/litsearch.jsonl`), each with its `split` (train or test); the same
 * format holds the chat questions about the 136k corpus (`chat-136k.jsonl`), whose `key` marks the answer.
 */
export function loadLitsearch(file = LITSEARCH_FILE): Judged[] {
  return readJsonl(file).map((r, i) => ({
    id: String(r.id ?? i),
    q: String(r.q ?? r.question),
    relevant: ((r.expected ?? r.relevant) as unknown[]).map(String),
    ...(typeof r.key === 'string' && r.key !== '' ? { key: r.key } : {}),
    split: String(r.split),
  }));
}

/** Whether an excerpt shows a key phrase: within its first 400 characters, as the chat sets are scored. */
export const showsKey =
  (key: string) =>
  (excerpt: string): boolean =>
    excerpt.slice(0, 400).includes(key);

/** How to recognise a question's answer in an excerpt of paper `id`: its key phrase, else a gold sentence. */
export function answerShown(item: Judged, id: string): ((excerpt: string) => boolean) | undefined {
  if (item.key !== undefined) return item.relevant[0] === id ? showsKey(item.key) : undefined;
  const gold = item.evidence?.[id];
  return gold && gold.length > 0 ? (x) => showsGold(x, gold) : undefined;
}

/** A question with each right paper whose answer is known, and how to recognise that answer in an excerpt. */
export interface AnswerItem {
  q: string;
  answers: { id: string; shows: (excerpt: string) => boolean }[];
}

/** The questions' known answers (a key phrase of the first relevant paper, or gold sentences by paper). */
export function answerItems(items: readonly Judged[]): AnswerItem[] {
  return items.map((item) => ({
    q: item.q,
    answers: (item.key !== undefined ? item.relevant.slice(0, 1) : Object.keys(item.evidence ?? {})).flatMap((id) => {
      const shows = answerShown(item, id);
      return shows ? [{ id, shows }] : [];
    }),
  }));
}

/** A chat set's ranked questions with a key phrase, as judged questions. */
export function keyedChat(questions: readonly EvalQuestion[]): Judged[] {
  return questions
    .filter((q) => ['fact', 'numeric', 'topic', 'typo'].includes(q.kind) && q.key)
    .map((q, i) => ({ id: String(i), q: q.q, relevant: q.expected, key: q.key }));
}

function readJsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Ranking quality over judged questions (binary relevance). */
export interface RankingMetrics {
  questions: number;
  ndcg10: number;
  recall5: number;
  recall10: number;
  top1: number;
  mrr: number;
}

/** Score ranked id lists against the judgements, question by question in order. */
export function rankingMetrics(items: readonly Judged[], ranked: readonly (readonly string[])[]): RankingMetrics {
  let ndcg = 0,
    r5 = 0,
    r10 = 0,
    top1 = 0,
    mrr = 0;
  items.forEach((item, i) => {
    const ids = ranked[i]!.slice(0, 10);
    const rel = new Set(item.relevant);
    let dcg = 0;
    ids.forEach((id, k) => {
      if (rel.has(id)) dcg += 1 / Math.log2(k + 2);
    });
    let ideal = 0;
    for (let k = 0; k < Math.min(10, rel.size); k++) ideal += 1 / Math.log2(k + 2);
    ndcg += ideal > 0 ? dcg / ideal : 0;
    r5 += ids.slice(0, 5).filter((id) => rel.has(id)).length / rel.size;
    r10 += ids.filter((id) => rel.has(id)).length / rel.size;
    if (rel.has(ids[0] ?? '')) top1++;
    const first = ids.findIndex((id) => rel.has(id));
    if (first >= 0) mrr += 1 / (first + 1);
  });
  const n = items.length || 1;
  return { questions: items.length, ndcg10: ndcg / n, recall5: r5 / n, recall10: r10 / n, top1: top1 / n, mrr: mrr / n };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Whether an excerpt shows a gold sentence: contains one whole, or is a cut of one (an over-long sentence). */
export function showsGold(excerpt: string, gold: readonly string[]): boolean {
  const e = squash(excerpt);
  return gold.some((g) => {
    const s = squash(g);
    return e.includes(s) || (e.length >= 40 && s.includes(e));
  });
}

/** One benchmark run: citebot's ranking and rationale figures beside the plain baselines'. */
export interface BenchmarkRun {
  citebot: RankingMetrics;
  bm25: RankingMetrics;
  /** When citebot's top paper is right and has gold sentences: how often its first excerpt shows one… */
  rationale: { questions: number; citebot: number; naive: number };
  /** Share of the questions citebot abstained on (each has a relevant paper, so every abstention is a false one). */
  abstained: number;
}

/** Ask every question of a benchmark (top 10) and score citebot against the same-run BM25 baseline. */
export function runBenchmark(library: Library, bm25: PlainBm25, items: readonly Judged[]): BenchmarkRun {
  const ours: string[][] = [];
  const theirs: string[][] = [];
  let den = 0,
    hit = 0,
    naiveHit = 0,
    abstained = 0;
  for (const item of items) {
    const res = library.ask(item.q, { top: 10 });
    if (!res.ok || !res.answer.answered) abstained++;
    const results = res.ok ? res.answer.results : [];
    ours.push(results.map((r) => r.citation.id));
    theirs.push(bm25.search(item.q, 10));
    const first = results[0];
    const shows = first && item.relevant.includes(first.citation.id) ? answerShown(item, first.citation.id) : undefined;
    if (!first || !shows) continue;
    den++;
    if (shows(first.excerpt.text)) hit++;
    const abstract = library.get(first.citation.id)!.abstract;
    if (shows(naiveWindow(abstract, item.q, (t) => bm25.idf(t)))) naiveHit++;
  }
  return {
    citebot: rankingMetrics(items, ours),
    bm25: rankingMetrics(items, theirs),
    rationale: { questions: den, citebot: hit / (den || 1), naive: naiveHit / (den || 1) },
    abstained: abstained / (items.length || 1),
  };
}
