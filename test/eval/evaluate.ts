import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { PaperSchema } from '../../src/corpus/schema.js';
import type { Library, Paper } from '../../src/index.js';
import { naiveWindow, type PlainBm25 } from './bm25.js';

/** One evaluation question with its known answer. */
export interface EvalQuestion {
  q: string;
  kind: 'fact' | 'numeric' | 'topic' | 'list' | 'typo' | 'out-of-scope';
  expected: string[];
  key: string;
}

export const QUESTIONS_FILE = fileURLToPath(new URL('./questions.jsonl', import.meta.url));
export const SHARED_CORPUS = fileURLToPath(new URL('../../../shared/corpora/ml-abstracts.jsonl.gz', import.meta.url));

export function loadQuestions(file = QUESTIONS_FILE): EvalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalQuestion);
}

/** The metrics of one evaluation run (each 0..1, NaN when its question kind is absent). */
export interface Metrics {
  questions: number;
  top1: number;
  top3: number;
  mrr: number;
  /** Key in the first excerpt, among ranked questions whose first result is the expected paper. */
  answerInExcerpt: number;
  listRecall5: number;
  oosAbstention: number;
  falseAbstention: number;
  /** Questions that missed, for reading. */
  misses: { q: string; kind: string; why: string }[];
}

const RANKED = new Set(['fact', 'numeric', 'topic', 'typo']);

/** What one system answered to one question: its papers best first, whether it answered, its first excerpt. */
type Reply = { ids: string[]; answered: boolean; reason?: string; excerpt: () => string } | { error: string };

/**
 * Score each question's reply: top-1, top-3 and MRR of the ranked kinds, the key in the first excerpt when the
 * first paper is right, list recall@5, and (for a system that abstains) out-of-scope and false abstention.
 */
function score(questions: readonly EvalQuestion[], replyTo: (item: EvalQuestion) => Reply, abstains: boolean): Metrics {
  let ranked = 0,
    top1 = 0,
    top3 = 0,
    rr = 0,
    excerptDen = 0,
    excerptHit = 0;
  let lists = 0,
    listRecall = 0,
    oos = 0,
    oosAbstained = 0,
    inScope = 0,
    falseAbst = 0;
  const misses: Metrics['misses'] = [];
  for (const item of questions) {
    if (!abstains && item.kind === 'out-of-scope') continue;
    const reply = replyTo(item);
    if ('error' in reply) {
      misses.push({ q: item.q, kind: item.kind, why: reply.error });
      continue;
    }
    const { ids } = reply;
    if (item.kind === 'out-of-scope') {
      oos++;
      if (!reply.answered) oosAbstained++;
      else misses.push({ q: item.q, kind: item.kind, why: `answered with ${ids[0]}` });
      continue;
    }
    inScope++;
    if (!reply.answered) {
      falseAbst++;
      misses.push({ q: item.q, kind: item.kind, why: `abstained (${reply.reason})` });
    }
    if (item.kind === 'list') {
      lists++;
      const got = item.expected.filter((id) => ids.slice(0, 5).includes(id)).length;
      listRecall += got / item.expected.length;
      if (got < item.expected.length)
        misses.push({ q: item.q, kind: item.kind, why: `recall ${got}/${item.expected.length}: got ${ids.join(',')}` });
      continue;
    }
    if (!RANKED.has(item.kind)) continue;
    ranked++;
    const rank = ids.findIndex((id) => item.expected.includes(id));
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) top3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank !== 0) misses.push({ q: item.q, kind: item.kind, why: `rank ${rank < 0 ? 'none' : rank + 1}: got ${ids[0]}` });
    if (rank === 0 && item.key) {
      excerptDen++;
      const text = reply.excerpt().slice(0, 400);
      if (text.includes(item.key)) excerptHit++;
      else misses.push({ q: item.q, kind: item.kind, why: `key "${item.key}" not in excerpt: ${text.slice(0, 120)}` });
    }
  }
  return {
    questions: questions.length,
    top1: top1 / ranked,
    top3: top3 / ranked,
    mrr: rr / ranked,
    answerInExcerpt: excerptHit / excerptDen,
    listRecall5: listRecall / lists,
    oosAbstention: abstains ? oosAbstained / oos : Number.NaN,
    falseAbstention: abstains ? falseAbst / inScope : Number.NaN,
    misses,
  };
}

/** Ask every question and score the answers. */
export function evaluate(library: Library, questions: readonly EvalQuestion[]): Metrics {
  return score(
    questions,
    (item) => {
      const res = library.ask(item.q, { top: 5 });
      if (!res.ok) return { error: res.error.code };
      const a = res.answer;
      return {
        ids: a.results.map((r) => r.citation.id),
        answered: a.answered,
        ...(a.reason ? { reason: a.reason } : {}),
        excerpt: () => a.results[0]!.excerpt.text,
      };
    },
    true,
  );
}

/**
 * The same questions by the plain BM25 baseline over the same papers: its five best papers (it never abstains,
 * so those two figures are NaN and out-of-scope questions are skipped) and, when its first paper is the expected
 * one, the naive two-sentence window of that abstract as the excerpt (`naiveWindow`). Scored as `evaluate` scores
 * citebot.
 */
export function evaluateBm25(bm25: PlainBm25, papers: readonly Paper[], questions: readonly EvalQuestion[]): Metrics {
  const abstractOf = new Map(papers.map((p) => [p.id, p.abstract]));
  return score(
    questions,
    (item) => {
      const ids = bm25.search(item.q, 5);
      return { ids, answered: true, excerpt: () => naiveWindow(abstractOf.get(ids[0]!) ?? '', item.q, (t) => bm25.idf(t)) };
    },
    false,
  );
}

/**
 * Distractor papers from the shared ML-abstracts corpus: every record when `count` is undefined, else a
 * deterministic spread of `count` records (every k-th line), so runs compare like with like.
 */
export async function loadDistractors(count?: number, file = SHARED_CORPUS): Promise<Paper[]> {
  const total = 136_575;
  const step = count === undefined ? 1 : Math.max(1, Math.floor(total / count));
  const out: Paper[] = [];
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    if (i++ % step !== 0) continue;
    if (count !== undefined && out.length >= count) break;
    out.push(PaperSchema.parse(JSON.parse(line)));
  }
  return out;
}
