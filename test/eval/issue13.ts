/**
 * Issue 13's evaluation sets, built from corpus metadata (never written by hand, so they scale with the corpus and
 * cannot be tuned by editing): authors and years checked against the records; names made absent by removing their
 * papers from a copy of the corpus, the same names present as a control; comparisons of two named papers;
 * follow-ups about a named paper; "papers on X" lists of title phrases. Each item has a split by a hash of its key:
 * `train` (looked at while tuning) and `test` (never looked at). Every figure is printed beside plain BM25 over
 * title + abstract, computed in the same run.
 */

import { namedWords } from '../../src/answer/intent.js';
import { analyze, fold, type Library, type Paper } from '../../src/index.js';
import { nameWords } from '../../src/retrieval/facets.js';
import { PlainBm25, plainTokens, vocabularyOf } from './bm25.js';

export type Split = 'train' | 'test';

export interface AuthorItem {
  split: Split;
  q: string;
  /** The author's folded name words, joined: the identity checked against the records. */
  key: string;
  papers: string[];
}
export interface YearItem {
  split: Split;
  q: string;
  from: number;
  to: number;
  target: string;
}
export interface NameItem {
  split: Split;
  q: string;
  name: string;
  target: string;
}
export interface CompareItem {
  split: Split;
  q: string;
  a: string;
  b: string;
  names: [string, string];
}
export interface FollowItem {
  split: Split;
  first: string;
  q: string;
  target: string;
  /** Words of the follow-up that its excerpt should show. */
  key: string;
}
export interface ListItem {
  split: Split;
  q: string;
  phrase: string;
  /** Papers whose title has the phrase (for the new topics, as `hasPhrase` reads it). */
  gold: string[];
}

export interface Issue13Sets {
  authors: AuthorItem[];
  years: YearItem[];
  names: NameItem[];
  compares: CompareItem[];
  followUps: FollowItem[];
  lists: ListItem[];
  /** The first version's list phrases (see `oldListPhrases`), scored by the old measure, for comparison only. */
  oldLists: ListItem[];
  /** Ids of the papers removed from the copy (the absent names' papers). */
  removed: Set<string>;
}

/** FNV-1a of a string: the deterministic order and split of every set. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const splitOf = (key: string): Split => ((hash(`split:${key}`) & 1) === 0 ? 'train' : 'test');
const byHash = <T>(items: T[], key: (t: T) => string): T[] => items.sort((x, y) => hash(key(x)) - hash(key(y)));

const TOKEN = /[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*/gu;
const STOP = new Set(
  plainTokens(
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with',
  ),
);
const contentWords = (text: string) => plainTokens(text).filter((w) => w.length >= 4 && !/^\d+$/.test(w) && !STOP.has(w));

/**
 * Function words and generic title verbs: never a word of a list topic ("what makes", "really need", "using long").
 */
const FUNCTION_WORDS = new Set(
  (
    'about above across after against along among around before behind being below beneath beside besides between ' +
    'beyond both does done down during each either enough every from have having here however into just less like ' +
    'many more most much must near neither only onto other over same shall should some such than that their them ' +
    'then there these they this those though through toward towards under unlike until upon very what when where ' +
    'whether which while whom whose with within without would could your yours also even ever well really still ' +
    'make makes making made using based need needs needed anything everything something nothing thing things via'
  ).split(' '),
);

/**
 * "Papers on X" topics: two adjacent words of a title that are each a plain word of four letters or more (not
 * part of a hyphenated compound, no digits), neither a function word, with nothing but a space between them (no
 * colon, comma or dash), by the papers whose title has them. A phrase taken from inside "Zero-Shot Visual" or across
 * "Dataset: Real" is not a topic anyone would ask for.
 */
export function listPhrases(papers: readonly Paper[]): Map<string, string[]> {
  const phrases = new Map<string, string[]>();
  for (const p of papers) {
    const words = p.title.split(/\s+/).filter((w) => w.length > 0);
    for (let k = 0; k + 1 < words.length; k++) {
      const [a, b] = [words[k]!, words[k + 1]!];
      // The first word must end cleanly, the second may carry trailing punctuation ("Translation:").
      const second = b.replace(/[.,:;!?)\]]+$/u, '');
      if (!/^\p{L}{4,}$/u.test(a) || !/^\p{L}{4,}$/u.test(second)) continue;
      const pair = [fold(a), fold(second)];
      if (pair.some((w) => FUNCTION_WORDS.has(w))) continue;
      const phrase = pair.join(' ');
      const ids = phrases.get(phrase) ?? [];
      if (!ids.includes(p.id)) ids.push(p.id);
      phrases.set(phrase, ids);
    }
  }
  return phrases;
}

/** The first version's list topics: any two adjacent plain tokens of a title of four letters or more. */
function oldListPhrases(papers: readonly Paper[]): Map<string, string[]> {
  const phrases = new Map<string, string[]>();
  for (const p of papers) {
    const w = plainTokens(p.title).filter((x) => !/^\d+$/.test(x));
    for (let k = 0; k + 1 < w.length; k++) {
      if (w[k]!.length < 4 || w[k + 1]!.length < 4) continue;
      const phrase = `${w[k]} ${w[k + 1]}`;
      const ids = phrases.get(phrase) ?? [];
      if (!ids.includes(p.id)) ids.push(p.id);
      phrases.set(phrase, ids);
    }
  }
  return phrases;
}

/** Build every set from the papers; `perSet` items per set at most (half train, half test, by hash). */
export function buildSets(papers: readonly Paper[], perSet = 60): Issue13Sets {
  // Papers per folded token of their title and abstract: a name is unique when one paper has it.
  const docsWithToken = new Map<string, number>();
  for (const p of papers) {
    const seen = new Set<string>();
    for (const m of `${p.title} ${p.abstract}`.matchAll(TOKEN)) seen.add(fold(m[0]));
    for (const t of seen) docsWithToken.set(t, (docsWithToken.get(t) ?? 0) + 1);
  }

  // Authors: two to forty papers, a name of two words or more.
  const byAuthor = new Map<string, { name: string; papers: Paper[] }>();
  for (const p of papers)
    for (const a of new Set(p.authors)) {
      const key = nameWords(a).join(' ');
      if (key.split(' ').length < 2) continue;
      const e = byAuthor.get(key) ?? { name: a, papers: [] };
      e.papers.push(p);
      byAuthor.set(key, e);
    }
  const authorCandidates = byHash(
    [...byAuthor].filter(([, e]) => e.papers.length >= 2 && e.papers.length <= 40 && /^[\p{L}' .-]+$/u.test(e.name)),
    ([k]) => k,
  ).slice(0, perSet);
  const authors: AuthorItem[] = authorCandidates.map(([key, e], i) => {
    const words = e.name.trim().split(/\s+/);
    const initials = `${words[0]![0]}. ${words[words.length - 1]}`;
    const newest = [...e.papers].sort((x, y) => (y.year ?? 0) - (x.year ?? 0))[0]!;
    const topic = contentWords(newest.title).slice(0, 2).join(' ');
    const forms = [`papers by ${e.name}`, `papers by ${initials}`, `papers by ${e.name.toLowerCase()}`, `${e.name}'s work on ${topic}`];
    return { split: splitOf(key), q: forms[i % forms.length]!, key, papers: e.papers.map((p) => p.id) };
  });

  // Years: a paper's title words, asked for its year (or since / before it).
  const dated = byHash(
    papers.filter((p) => p.year !== null && contentWords(p.title).length >= 2),
    (p) => `year:${p.id}`,
  ).slice(0, perSet);
  const years: YearItem[] = dated.map((p, i) => {
    const y = p.year!;
    const topic = contentWords(p.title).slice(0, 3).join(' ');
    const forms: [string, number, number][] = [
      [`${y} papers on ${topic}`, y, y],
      [`papers on ${topic} since ${y}`, y, 9999],
      [`papers on ${topic} before ${y + 1}`, 0, y],
      [`papers on ${topic} from ${y}`, y, y],
    ];
    const [q, from, to] = forms[i % forms.length]!;
    return { split: splitOf(p.id), q, from, to, target: p.id };
  });

  // Names: a title led by a one-word name ("FastViDAR: …") that no other paper mentions, by the index's own terms
  // (so "EventRadar" is not taken when another paper says "Event-Radar", nor "TimePre" beside "TimePred").
  const leads = papers.map((p) => {
    const lead = /^([^:]{3,30}):\s/.exec(p.title)?.[1]?.trim();
    return lead && /^\p{L}+$/u.test(lead) && namedWords(lead).length === 1 && docsWithToken.get(fold(lead)) === 1 ? lead : undefined;
  });
  const leadTerms = new Map<string, number>();
  for (const lead of leads) if (lead) for (const t of analyze(lead)) leadTerms.set(t, 0);
  for (const p of papers)
    for (const t of new Set(analyze(`${p.title} ${p.abstract}`))) if (leadTerms.has(t)) leadTerms.set(t, leadTerms.get(t)! + 1);
  const named = byHash(
    papers.filter((_, d) => {
      const lead = leads[d];
      return lead !== undefined && analyze(lead).every((t) => leadTerms.get(t) === 1);
    }),
    (p) => `name:${p.id}`,
  ).slice(0, perSet * 2);
  const leadOf = (p: Paper) => /^([^:]+):/.exec(p.title)![1]!.trim();
  const nameItems = named.slice(0, perSet);
  const names: NameItem[] = nameItems.map((p, i) => {
    const name = leadOf(p);
    const rest = contentWords(p.title.slice(p.title.indexOf(':') + 1))
      .slice(0, 3)
      .join(' ');
    const forms = [`what is ${name}?`, `How does ${name} do ${rest}?`, `tell me about ${name}`, `${name} ${rest}`];
    return { split: splitOf(p.id), q: forms[i % forms.length]!, name, target: p.id };
  });

  // Compare: a named paper removed from the copy beside one kept, in either order.
  const compares: CompareItem[] = [];
  for (let k = 0; k < perSet && perSet + k < named.length; k++) {
    const [a, b] = k % 2 === 0 ? [named[k]!, named[perSet + k]!] : [named[perSet + k]!, named[k]!];
    const [na, nb] = [leadOf(a), leadOf(b)];
    const forms = [`compare ${na} and ${nb}`, `${na} vs ${nb}`, `what is the difference between ${na} and ${nb}?`];
    compares.push({ split: splitOf(`${a.id}+${b.id}`), q: forms[k % forms.length]!, a: a.id, b: b.id, names: [na, nb] });
  }

  // Follow-ups: "What is NAME?", then "and <two words of a later sentence>?" that other papers use too.
  const followUps: FollowItem[] = [];
  for (const p of named) {
    if (followUps.length >= perSet) break;
    const title = new Set(plainTokens(p.title));
    const sentences = p.abstract.split(/(?<=[.!?])\s+/).slice(1);
    let key: string | undefined;
    for (const s of sentences) {
      const w = contentWords(s);
      for (let k = 0; k + 1 < w.length && !key; k++) {
        const pair = [w[k]!, w[k + 1]!];
        if (pair.some((x) => title.has(x))) continue;
        if (
          pair.every((x) => (docsWithToken.get(x) ?? 0) >= 3 && (docsWithToken.get(x) ?? 0) <= papers.length / 20) &&
          s.toLowerCase().includes(pair.join(' '))
        )
          key = pair.join(' ');
      }
      if (key) break;
    }
    if (!key) continue;
    const forms = [`and what about ${key}?`, `how does it handle ${key}?`, `and ${key}?`];
    followUps.push({
      split: splitOf(`follow:${p.id}`),
      first: `What is ${leadOf(p)}?`,
      q: forms[followUps.length % forms.length]!,
      target: p.id,
      key,
    });
  }

  // Lists: two-word noun-phrase-like title phrases in three to thirty titles (`listPhrases`); `oldLists` are the
  // phrases the first version took (any two adjacent tokens of four letters, across hyphens and colons: "shot visual"
  // from "Zero-Shot Visual", "what makes"), kept to report the old measure beside the new.
  const listItems = (phrases: Map<string, string[]>, tag: string): ListItem[] =>
    byHash(
      [...phrases].filter(([, ids]) => ids.length >= 3 && ids.length <= 30),
      ([k]) => `${tag}${k}`,
    )
      .slice(0, perSet)
      .map(([phrase, gold], i) => ({
        split: splitOf(phrase),
        q: [`which papers are about ${phrase}?`, `papers on ${phrase}`][i % 2]!,
        phrase,
        gold,
      }));
  // A topic's gold is every paper whose title holds it as the purity reference reads it ("Long-Context" holds
  // "long context"), not only the titles it was drawn from.
  const lists = listItems(listPhrases(papers), 'list:');
  const titleWords = papers.map((p) => ` ${referenceWords(p.title).join(' ')} `);
  for (const item of lists) {
    const phrase = ` ${referenceWords(item.phrase).join(' ')} `;
    item.gold = papers.filter((_, d) => titleWords[d]!.includes(phrase)).map((p) => p.id);
  }
  const oldLists = listItems(oldListPhrases(papers), 'list:');

  return { authors, years, names, compares, followUps, lists, oldLists, removed: new Set(nameItems.map((p) => p.id)) };
}

/** A text's words for the list reference: folded, split at anything not a letter or digit, a plural "s" dropped. */
const referenceWords = (text: string) =>
  (fold(text).match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));

/** Whether a paper's title or abstract has a list topic as a phrase (the reference a list's purity is judged by). */
export function hasPhrase(p: Paper, phrase: string): boolean {
  return ` ${referenceWords(`${p.title} . ${p.abstract}`).join(' ')} `.includes(` ${referenceWords(phrase).join(' ')} `);
}

/** One row of figures: citebot and plain BM25 in the same run, per split. */
export interface Row {
  set: string;
  metric: string;
  split: Split;
  n: number;
  citebot: number;
  bm25: number | undefined;
}

/** Papers by id, for checking results against their records. */
type Records = ReadonlyMap<string, Paper>;

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Ask every set and score it: author precision (results whose record lists the author) and recall@5, year purity
 * (results whose record year is in range) and hit (the paper asked about in the top 5), absent-name abstention
 * (`not-in-collection` with the name, on the copy without the paper), present-name top-1 (on the full corpus),
 * compare (both papers, A first), compare with a side removed (`not-in-collection`), follow-up top-1 and excerpt
 * key, the same follow-up asked alone, and list purity (results containing the phrase) and title recall.
 */
export function runSets(
  sets: Issue13Sets,
  full: Library,
  copy: Library,
  papers: readonly Paper[],
  today = new Date('2026-12-01T00:00:00Z'),
): Row[] {
  const records: Records = new Map(papers.map((p) => [p.id, p]));
  const questions = [
    ...sets.authors.map((i) => i.q),
    ...sets.years.map((i) => i.q),
    ...sets.names.map((i) => i.q),
    ...sets.compares.map((i) => i.q),
    ...sets.followUps.map((i) => i.q),
    ...sets.lists.map((i) => i.q),
    ...sets.oldLists.map((i) => i.q),
  ];
  const vocabulary = vocabularyOf(questions);
  const bm25 = new PlainBm25(
    papers.map((p) => ({ id: p.id, text: `${p.title} ${p.abstract}` })),
    vocabulary,
  );
  const ask = (lib: Library, q: string, turns?: { question: string; paperId?: string }[]) => {
    const r = lib.ask(q, { top: 5, today, ...(turns ? { turns } : {}) });
    return r.ok ? r.answer : undefined;
  };
  const rows: Row[] = [];
  const push = (set: string, metric: string, split: Split, c: number[], b: number[] | undefined) =>
    rows.push({ set, metric, split, n: c.length, citebot: mean(c), bm25: b ? mean(b) : undefined });

  for (const split of ['train', 'test'] as const) {
    // Authors.
    const au = sets.authors.filter((i) => i.split === split);
    const byAuthor = (key: string, id: string) => (records.get(id)?.authors ?? []).some((a) => nameWords(a).join(' ') === key);
    const prec = (ids: string[], key: string) => (ids.length === 0 ? 0 : ids.filter((id) => byAuthor(key, id)).length / ids.length);
    const rec = (ids: string[], item: AuthorItem) => ids.filter((id) => item.papers.includes(id)).length / Math.min(5, item.papers.length);
    const auIds = au.map((i) => ask(full, i.q)?.results.map((r) => r.citation.id) ?? []);
    const auBm = au.map((i) => bm25.search(i.q, 5));
    push(
      'authors',
      'precision',
      split,
      au.map((i, k) => prec(auIds[k]!, i.key)),
      au.map((i, k) => prec(auBm[k]!, i.key)),
    );
    push(
      'authors',
      'recall@5',
      split,
      au.map((i, k) => rec(auIds[k]!, i)),
      au.map((i, k) => rec(auBm[k]!, i)),
    );

    // Years.
    const ye = sets.years.filter((i) => i.split === split);
    const inRange = (id: string, i: YearItem) => {
      const y = records.get(id)?.year;
      return y !== null && y !== undefined && y >= i.from && y <= i.to;
    };
    const purity = (ids: string[], i: YearItem) => (ids.length === 0 ? 0 : ids.filter((id) => inRange(id, i)).length / ids.length);
    const yeIds = ye.map((i) => ask(full, i.q)?.results.map((r) => r.citation.id) ?? []);
    const yeBm = ye.map((i) => bm25.search(i.q, 5));
    push(
      'years',
      'purity',
      split,
      ye.map((i, k) => purity(yeIds[k]!, i)),
      ye.map((i, k) => purity(yeBm[k]!, i)),
    );
    push(
      'years',
      'hit@5',
      split,
      ye.map((i, k) => (yeIds[k]!.includes(i.target) ? 1 : 0)),
      ye.map((i, k) => (yeBm[k]!.includes(i.target) ? 1 : 0)),
    );

    // Names: absent from the copy, present in the full corpus.
    const na = sets.names.filter((i) => i.split === split);
    push(
      'names',
      'absent abstention',
      split,
      na.map((i) => {
        const a = ask(copy, i.q);
        return a && !a.answered && a.reason === 'not-in-collection' && a.name === i.name ? 1 : 0;
      }),
      na.map(() => 0),
    );
    push(
      'names',
      'present top-1',
      split,
      na.map((i) => {
        const a = ask(full, i.q);
        return a?.answered && a.results[0]?.citation.id === i.target ? 1 : 0;
      }),
      na.map((i) => (bm25.search(i.q, 1)[0] === i.target ? 1 : 0)),
    );

    // Compare.
    const co = sets.compares.filter((i) => i.split === split);
    push(
      'compare',
      'both papers',
      split,
      co.map((i) => {
        const a = ask(full, i.q);
        return a?.kind === 'compare' && a.answered && a.results[0]?.citation.id === i.a && a.results[1]?.citation.id === i.b ? 1 : 0;
      }),
      co.map((i) => {
        const top = bm25.search(i.q, 2);
        return top.includes(i.a) && top.includes(i.b) ? 1 : 0;
      }),
    );
    const gone = co.filter((i) => sets.removed.has(i.a) || sets.removed.has(i.b));
    push(
      'compare',
      'side removed: abstention',
      split,
      gone.map((i) => {
        const a = ask(copy, i.q);
        const missing = i.names.filter((_, k) => sets.removed.has(k === 0 ? i.a : i.b));
        return a && !a.answered && a.reason === 'not-in-collection' && missing.includes(a.name ?? '') ? 1 : 0;
      }),
      gone.map(() => 0),
    );

    // Follow-ups.
    const fo = sets.followUps.filter((i) => i.split === split);
    const followed = fo.map((i) => {
      const first = ask(full, i.first);
      return ask(full, i.q, first?.turn ? [first.turn] : [{ question: i.first }]);
    });
    push(
      'follow-ups',
      'top-1',
      split,
      fo.map((i, k) => (followed[k]?.results[0]?.citation.id === i.target ? 1 : 0)),
      fo.map((i) => (bm25.search(i.q, 1)[0] === i.target ? 1 : 0)),
    );
    push(
      'follow-ups',
      'key in excerpt',
      split,
      fo.map((i, k) => {
        const r = followed[k]?.results[0];
        return r?.citation.id === i.target && fold(r.excerpt.text).includes(i.key) ? 1 : 0;
      }),
      undefined,
    );
    push(
      'follow-ups',
      'top-1 asked alone',
      split,
      fo.map((i) => (ask(full, i.q)?.results[0]?.citation.id === i.target ? 1 : 0)),
      undefined,
    );

    // Lists: the topics of `listPhrases`, a result pure when its title or abstract has the phrase (`hasPhrase`); and
    // the first version's topics by its own measure (exact plain tokens), for comparison.
    const scoreLists = (set: string, items: ListItem[], has: (p: Paper, phrase: string) => boolean) => {
      const li = items.filter((i) => i.split === split);
      const pure = (ids: string[], i: ListItem) => {
        if (ids.length === 0) return 1;
        return ids.filter((id) => records.has(id) && has(records.get(id)!, i.phrase)).length / ids.length;
      };
      const recall = (ids: string[], i: ListItem) => ids.filter((id) => i.gold.includes(id)).length / Math.min(5, i.gold.length);
      const liIds = li.map((i) => ask(full, i.q)?.results.map((r) => r.citation.id) ?? []);
      const liBm = li.map((i) => bm25.search(i.q, 5));
      push(
        set,
        'purity',
        split,
        li.map((i, k) => pure(liIds[k]!, i)),
        li.map((i, k) => pure(liBm[k]!, i)),
      );
      push(
        set,
        'title recall@5',
        split,
        li.map((i, k) => recall(liIds[k]!, i)),
        li.map((i, k) => recall(liBm[k]!, i)),
      );
    };
    scoreLists('lists', sets.lists, hasPhrase);
    scoreLists('lists (old topics)', sets.oldLists, (p, phrase) =>
      ` ${plainTokens(`${p.title} ${p.abstract}`).join(' ')} `.includes(` ${phrase} `),
    );
  }
  return rows;
}

/** The rows as a Markdown table. */
export function table(rows: readonly Row[]): string {
  const f = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3));
  const out = ['| set | metric | split | n | citebot | plain BM25 |', '|---|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${r.set} | ${r.metric} | ${r.split} | ${r.n} | ${f(r.citebot)} | ${f(r.bm25)} |`);
  return out.join('\n');
}
