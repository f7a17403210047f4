/**
 * Answering, composed: question analysis → retrieval (query words, named papers, candidates) → ranking →
 * an excerpt per leader → the answered / abstain decision (the first pass's inputs: `ranking-inputs.ts`).
 */
import type { Paper } from '../corpus/schema.js';
import { analyze, fold } from '../retrieval/analyzer.js';
import { type DocFilter, nameMatches, nameWords } from '../retrieval/facets.js';
import { analyzeQuery, type QueryWord } from '../retrieval/query.js';
import type { FacetIndex } from '../retrieval/retriever.js';
import { STOP_WORDS } from '../retrieval/stop-words.js';
import { ABOUT, hasPhrases, isAbout, SHARED_RULE, topicOf } from './about.js';
import { citationOf } from './citation.js';
import { analyzeSentences, type Excerpt, excerptOf, leadSentences, MAX_EXCERPT_CHARS, SENTENCE_WEIGHTS } from './excerpt.js';
import type { LeaderFeatures } from './features.js';
import { type FilterReading, type Filters, readFilters } from './filters.js';
import { type CompareIntent, compareIntent, hasOwnTopic, isFollowUp, namedWords, similarIntent } from './intent.js';
import { asksAboutCollection, readQuestion, smallTalk, withoutFraming } from './question.js';
import { decide, type Ranked, rerankLeaders } from './rank.js';
import { type AnswerSources, ASKING, rankingInputs, type SearchContext } from './ranking-inputs.js';
import { type RecordQuestion, recordQuestion } from './record-question.js';
import { relatedTo } from './related.js';
import type { Answer, AskResult, CitedResult, Turn } from './types.js';

/** Options for `ask`. */
export interface AskOptions {
  /** How many papers to return at most. Default 5, clamped to 1..25. */
  top?: number;
  /** Cap on each excerpt's length in characters. Default 400. */
  maxExcerptChars?: number;
  /**
   * Filters given explicitly (a platform's `author` and `year` options); they apply with those read from the
   * question ("papers by Tri Dao", "since 2022"). Default none.
   * @example { authors: ['Tri Dao'], years: { from: 2023, to: 2024 } }
   */
  filters?: Filters;
  /** Today's date, for "last year" and "this year" (the core reads no clock). Without it those stay plain words. */
  today?: Date;
  /**
   * The earlier turns of the same conversation, oldest first: a follow-up ("and the value cache?", "how much
   * faster is it?") is answered about the last turn's paper and the thread's topic. Only the last `MAX_TURNS` count.
   */
  turns?: readonly Turn[];
}

/** Earlier turns of a thread a follow-up reads (the latest ones). */
export const MAX_TURNS = 3;

/**
 * Answer a question: the papers that answer it best, each with the verbatim sentence(s) that answer it.
 * Never throws on any question string; an empty or over-long question is a typed failure.
 */
export function ask(sources: AnswerSources, question: string, options: AskOptions = {}): AskResult {
  const top = Math.min(25, Math.max(1, Math.floor(options.top ?? 5)));
  const maxChars = options.maxExcerptChars ?? MAX_EXCERPT_CHARS;
  const read = readQuestion(question);
  if (!read.ok) return read;
  const q = read.question;
  const { retriever } = sources;
  const facets = retriever.facets;
  const base: Answer = { question: q.text, kind: q.kind, answered: false, results: [], turn: { question: q.text } };
  const earlier = options.turns ?? [];

  // Chat, not a question ("hi", "thanks!", "what can you do?"): said so, and the thread goes on from its last turn
  // ("thanks!" between "What is KIVI?" and "and the value cache?" changes nothing).
  const talk = smallTalk(q.text);
  if (talk) return { ok: true, answer: { ...base, reason: 'small-talk', talk, turn: earlier[earlier.length - 1] ?? base.turn } };
  // "What papers do you have?": the collection's size and its newest papers.
  if (asksAboutCollection(q.text)) {
    const results = newestFirst(everyPaper(sources), facets, top).map((doc) => citedLead(sources, doc, maxChars));
    return {
      ok: true,
      answer: {
        ...base,
        kind: 'list',
        answered: results.length > 0,
        ...(results.length === 0 ? { reason: 'no-match' as const } : {}),
        collectionSize: sources.papers.length,
        newestFirst: true,
        results,
      },
    };
  }

  // Filters: read from the question, and given.
  const reading = readFilters(q.text, q.searchText, facets, options.today, q.kind === 'list');
  const given = options.filters ?? {};
  for (const typed of given.authors ?? []) {
    const ids = facets.authorIds(typed);
    if (ids.length === 0) reading.unknownAuthor ??= typed;
    else reading.authors.push({ typed, ids });
  }
  if (given.years?.from !== undefined) reading.from = Math.max(reading.from ?? given.years.from, given.years.from);
  if (given.years?.to !== undefined) reading.to = Math.min(reading.to ?? given.years.to, given.years.to);
  reading.venues.push(...(given.venues ?? []));
  reading.phrases.push(...(given.phrases ?? []));
  const applied = appliedFilters(reading, facets);
  const withFilters = (a: Answer): Answer => (applied ? { ...a, filters: applied } : a);
  if (reading.unknownAuthor !== undefined)
    return { ok: true, answer: withFilters({ ...base, kind: 'list', reason: 'unknown-author', name: reading.unknownAuthor }) };
  const filter = facets.filter({
    authorGroups: reading.authors.map((a) => a.ids),
    ...(reading.from !== undefined ? { from: reading.from } : {}),
    ...(reading.to !== undefined ? { to: reading.to } : {}),
    venues: reading.venues,
  });
  const context: SearchContext = { searchText: reading.searchText, ...(filter ? { filter } : {}) };
  const typedAuthors = reading.authors.map((a) => a.typed);

  // Compare two papers.
  const cmp = compareIntent(q.text);
  const compared = cmp ? compareAnswer(sources, q.text, cmp, base, maxChars, context) : undefined;
  if (compared) return { ok: true, answer: withFilters(compared) };

  // A follow-up: about the thread's last paper and topic.
  const turns = (options.turns ?? []).slice(-MAX_TURNS);
  const last = turns[turns.length - 1];
  // The thread's topic: its latest questions about the same paper (an earlier paper's words would dilute it); of a
  // question about the paper's record, only the words naming it ("who wrote" and "the code" are no topic).
  const threadTopic = () => {
    let from = turns.length - 1;
    while (from > 0 && turns[from - 1]!.paperId === last!.paperId) from--;
    return turns
      .slice(from)
      .map((t) => {
        const record = recordQuestion(t.question);
        return record ? t.question.slice(record.subject.start, record.subject.end) : t.question;
      })
      .filter((words) => words !== '')
      .join(' ');
  };
  let followUp: Answer['followUp'];
  const finish = (a: Answer): AskResult => {
    const cited =
      a.answered && a.results[0] ? { paperId: a.results[0].citation.id } : followUp?.paperId ? { paperId: followUp.paperId } : {};
    const results = typedAuthors.length > 0 ? a.results.map((r) => withMatchedAuthors(r, typedAuthors)) : a.results;
    return { ok: true, answer: withFilters({ ...a, results, ...(followUp ? { followUp } : {}), turn: { question: q.text, ...cited } }) };
  };

  // A question about one paper's record ("who wrote KIVI?", "where's the code?"): the paper it names, or the
  // thread's, alone (no other paper answers a question about it), with the sentence saying what it is, picked by
  // its first name ("KIVI", the title's lead; not acronyms of the field it also defines, "LLMs"). Nothing is
  // searched: the question's other words ("who wrote", "the code for") are no topic.
  const record = q.kind === 'single' ? recordPaper(sources, q.text, last, filter) : undefined;
  if (record) {
    const { doc } = record;
    if (record.inThread) followUp = { paperId: last!.paperId!, topic: threadTopic() };
    const name = retriever.namesOf(doc).split(' ; ')[0] || (sources.papers.titles.at(doc) ?? '');
    const excerpt = excerptAbout(sources, name, doc, maxChars, { summary: true });
    return finish({
      ...base,
      answered: true,
      asks: record.question.field,
      results: [{ citation: citationOf(sources.papers.at(doc)), score: 0, excerpt }],
    });
  }

  // "Papers like KIVI", "anything similar to this?": the papers closest to the one paper named, or the thread's.
  const similar = similarIntent(q.text);
  if (similar) {
    const subject = similar.subject.replace(new RegExp(PAPER_WORD.source, 'gi'), ' ').replace(/\bones?\b/gi, ' ');
    const inThread = analyze(subject).length === 0;
    const doc = inThread
      ? last?.paperId !== undefined
        ? sources.docOf?.(last.paperId)
        : undefined
      : paperNamedBy(sources, similar.subject);
    // "Similar papers?" with no paper in the thread: nothing to be similar to, and "similar" is no topic.
    if (inThread && doc === undefined) return finish({ ...base, kind: 'list', reason: 'no-searchable-terms' });
    if (doc !== undefined) {
      if (inThread) followUp = { paperId: last!.paperId!, topic: threadTopic() };
      const { results } = relatedTo(sources, doc, top, filter);
      const name = retriever.namesOf(doc).split(' ; ')[0] || titleLead(sources.papers.titles.at(doc) ?? '');
      return finish({
        ...base,
        kind: 'list',
        answered: results.length > 0,
        ...(results.length === 0 ? { reason: 'no-match' as const } : {}),
        similarTo: { id: sources.papers.ids.at(doc)!, name },
        results,
      });
    }
  }

  if (last) {
    const shaped = namedWords(reading.searchText);
    const ownNames = retriever.namedIn(q.text).length > 0 || shaped.some((n) => mentioned(sources, n.name));
    const listsOwnTopic = q.kind === 'list' && hasOwnTopic(reading.searchText, STOP_WORDS);
    if (isFollowUp(q.text, ownNames, ownNames || shaped.length > 0, listsOwnTopic)) {
      const topic = threadTopic();
      const doc = last.paperId !== undefined ? sources.docOf?.(last.paperId) : undefined;
      // The paper's names stand for it in the topic, even when the turn's question had none ("how much faster is it?").
      const names = doc !== undefined ? retriever.namesOf(doc) || sources.papers.titles.at(doc) || '' : '';
      context.extraWords = analyzeQuery(`${withoutFraming(topic)} ; ${names}`, retriever, sources.termStats).map((w) => ({
        ...w,
        weight: w.weight * ASKING.topicShare,
        ...(w.informative !== undefined ? { informative: w.informative * ASKING.topicShare } : {}),
      }));
      if (doc !== undefined) context.include = [doc];
      followUp = { ...(doc !== undefined ? { paperId: last.paperId! } : {}), topic };
    }
  }

  // A paper or method named that no paper mentions.
  // (An empty collection mentions nothing: it says it covers nothing, as for any question.)
  const absent =
    followUp || sources.papers.length === 0 ? undefined : namedWords(reading.searchText).find((n) => !mentioned(sources, n.name));

  const inputs = rankingInputs(sources, question, { maxChars }, context);
  if (!inputs.ok) return inputs;
  if ('reason' in inputs) {
    // "Papers by X" (or "2023 papers", "latest papers") with no topic: the papers the filters allow, newest first.
    if (inputs.reason === 'no-searchable-terms' && (filter || reading.newest)) {
      const docs = filter ? filter.docs : everyPaper(sources);
      const results = newestFirst(docs, facets, top).map((doc) => citedLead(sources, doc, maxChars));
      return finish({
        ...base,
        kind: 'list',
        answered: results.length > 0,
        ...(results.length === 0 ? { reason: 'no-match' as const } : {}),
        ...(reading.authors.length > 0 ? { byAuthor: true } : {}),
        ...(reading.newest ? { newestFirst: true } : {}),
        results,
      });
    }
    if (absent) return finish({ ...base, reason: 'not-in-collection', name: absent.name });
    return finish({ ...base, reason: inputs.reason });
  }

  const { words, ranked, inspect } = inputs;
  let leaders = rerankLeaders(ranked, top, inspect);
  // Quoted phrases must be in the paper.
  if (reading.phrases.length > 0) leaders = leaders.filter((r) => reading.phrases.every((p) => containsPhrase(r.paper, p)));
  // "Papers on X": only papers about X.
  if (q.kind === 'list' && leaders.length > 0 && words.length <= ASKING.topicWords)
    leaders = aboutTopic(leaders, ranked, inspect, words, reading.searchText, sources, top);
  if (leaders.length === 0) return finish({ ...base, reason: 'no-match' });
  const { answered, evidence } = decide(leaders[0]!, words, sources.termStats !== undefined, sources.papers.length);
  // "The latest on X": the same best answers, newest first (relevance within a year). A wider pool would let a
  // newer paper that barely matches displace one on the topic.
  if (reading.newest && answered) {
    const year = (r: (typeof leaders)[number]) => r.paper.year ?? 0;
    leaders = leaders
      .slice(0, top)
      .map((r, i) => [r, i] as const)
      .sort(([a, i], [b, j]) => year(b) - year(a) || i - j)
      .map(([r]) => r);
  }
  const cite = (r: (typeof leaders)[number]): CitedResult => ({
    citation: citationOf(r.paper),
    score: Number(r.score.toFixed(4)),
    excerpt: r.excerpt,
  });
  if (absent)
    return finish({ ...base, evidence, reason: 'not-in-collection', name: absent.name, results: leaders.slice(0, top).map(cite) });

  // Several papers go by the name the question uses: say so, and list them.
  if (q.kind === 'single' && !followUp) {
    for (const n of namedWords(reading.searchText)) {
      // Papers called so: the name leads their title ("KIVI: …", "KIVI …"), not an acronym an abstract defines.
      const docs = retriever
        .namedAs(n.name)
        .filter((d) => (!filter || filter.allowed[d] === 1) && calledBy(sources.papers.titles.at(d) ?? '', n.name));
      if (docs.length < 2) continue;
      const order = new Map(leaders.map((r, i) => [r.hit.doc, i]));
      const sharing = docs
        .map(
          (doc) =>
            leaders.find((r) => r.hit.doc === doc) ?? withInspection(ranked.find((r) => r.hit.doc === doc) ?? rankedOf(doc), inspect),
        )
        .sort((a, b) => (order.get(a.hit.doc) ?? 1e9) - (order.get(b.hit.doc) ?? 1e9));
      return finish({ ...base, answered: true, evidence, ambiguous: { name: n.name }, results: sharing.slice(0, top).map(cite) });
    }
  }
  return finish({
    ...base,
    answered,
    evidence,
    ...(reading.newest && answered ? { newestFirst: true } : {}),
    results: leaders.slice(0, top).map(cite),
    ...(answered ? {} : { reason: 'weak-match' as const }),
  });
}

/** Words that make a record question's subject a description of a paper ("the hedgehog paper", "the paper on…"). */
const PAPER_WORD = /\b(?:paper|work|article|preprint|publication|study|method|model|approach|framework|technique)\b/i;

/**
 * The paper a record question is about, if it is about exactly one. Its words name it: the paper whose title's lead
 * (before a colon or a question mark) is those words ("KIVI", "Me LLaMA", "What Matters in Transformers"; none when
 * several titles start with them, "KIVI: …" and "KIVI for …"); else the one paper the index knows by them (its first
 * name, else any of its names) when they are no word of the field ("DSnoT"; not "BERT"). Or they describe it, with a
 * word such as "paper": the one paper among the closest title lookups whose title and names hold all of them ("the
 * hedgehog paper", "the paper on linear attention with softmax mimicry"; a title holding them as typed wins over one
 * holding them stemmed, "Hedgehogs"). With no words of their own ("when was it published?", "who wrote this
 * method?"), the thread's paper. Undefined when the question is no record question, or names no paper, or several,
 * or one the filters exclude: it is then answered as any question.
 */
function recordPaper(
  sources: AnswerSources,
  text: string,
  last: Turn | undefined,
  filter: DocFilter | undefined,
): { question: RecordQuestion; doc: number; inThread: boolean } | undefined {
  const question = recordQuestion(text);
  if (!question) return undefined;
  const subject = text.slice(question.subject.start, question.subject.end);
  // "it", "the paper", "this method": no words of its own.
  const inThread = analyze(subject.replace(new RegExp(PAPER_WORD.source, 'gi'), ' ')).length === 0;
  const doc = inThread ? (last?.paperId !== undefined ? sources.docOf?.(last.paperId) : undefined) : paperNamedBy(sources, subject);
  if (doc === undefined || (filter && filter.allowed[doc] !== 1)) return undefined;
  return { question, doc, inThread };
}

/** The one paper a record question's subject names or describes (see `recordPaper`), if there is one. */
function paperNamedBy(sources: AnswerSources, subject: string): number | undefined {
  const { retriever, papers, termStats } = sources;
  const only = (docs: readonly number[]) => (docs.length === 1 ? docs[0] : undefined);
  const folded = (s: string) => nameWords(s).join(' ');
  const name = folded(
    subject
      .replace(/^(?:the|a|an|this|that)\s+/i, '')
      .replace(/['’]s$/, '')
      .replace(new RegExp(`(?:\\s+${PAPER_WORD.source})+$`, 'i'), ''),
  );
  if (name === '') return undefined;
  const typed = (subject.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? []).filter((w) => !STOP_WORDS.has(fold(w)));
  const title = (d: number) => papers.titles.at(d) ?? '';
  const names = (d: number) => retriever.namesOf(d).split(' ; ');
  // Called so: the title's lead is the subject ("KIVI: A Tuning-Free…", "Bone: …", "What Matters in Transformers?
  // Not All…"). Several titles led by it ("KIVI: …", "KIVI for …") share the name: the answer lists them, as for any
  // question.
  const calledIn = (pool: readonly number[]) => {
    if (pool.filter((d) => `${folded(title(d))} `.startsWith(`${name} `)).length > 1) return null;
    // The lead typed with or without its spaces ("MeLLaMA" for "Me LLaMA").
    const whole = (s: string) => s.replaceAll(' ', '');
    return pool.filter((d) => whole(folded(titleLead(title(d)))) === whole(name));
  };
  const named = retriever.namedIn(subject);
  let called = calledIn(named);
  let looked: number[] | undefined;
  const lookup = () => (looked ??= retriever.lookup(typed.join(' '), ASKING.recordLookup));
  if (called?.length === 0) called = calledIn([...new Set([...named, ...lookup()])]);
  if (called === null) return undefined;
  if (called.length > 0) return only(called);
  // A name the index knows for one paper, its first name or else any, that is no word of the field ("DSnoT", "ATS";
  // "BERT" and "LoRA" are many papers' words, and a paper using one lists it among its names).
  if (named.length > 0) {
    const rare = !termStats || analyze(name).every((t) => termStats.docFrequency(t) < ASKING.commonNameDf);
    const first = named.filter((d) => folded(names(d)[0]!) === name);
    const known = first.length > 0 ? first : named.filter((d) => names(d).some((n) => folded(n) === name));
    if (known.length > 0) return rare ? only(known) : undefined;
  }
  if (!PAPER_WORD.test(subject)) return undefined;
  // A description: the one title holding all its words (as typed, when several hold them stemmed).
  const terms = analyze(typed.join(' '));
  const own = (d: number) => `${title(d)} ; ${retriever.namesOf(d)}`;
  const holders = lookup().filter((d) => {
    const held = new Set(analyze(own(d)));
    return terms.every((t) => held.has(t));
  });
  if (holders.length <= 1) return only(holders);
  const words = typed.map(folded);
  const exact = (d: number) => {
    const held = ` ${folded(own(d))} `;
    return words.every((w) => held.includes(` ${w} `));
  };
  return only(holders.filter(exact));
}

/** Whether a title is led by a name ("KIVI: A Tuning-Free…", "KIVI for…"). */
function calledBy(title: string, name: string): boolean {
  return title.startsWith(name) && /^(?:$|[\s:,-])/.test(title.slice(name.length));
}

function withInspection<T>(r: Ranked, inspect: (r: Ranked) => T): Ranked & T {
  return { ...r, ...inspect(r) };
}

/** A zero-score first-pass entry for a paper no search returned (a paper named elsewhere). */
function rankedOf(doc: number): Ranked {
  return {
    hit: { doc, score: 0, matched: [] },
    ev: { coverage: 0, matchedWeight: 0, totalWeight: 0 },
    features: { lexical: 0, coverage: 0, corpusCoverage: 0, named: 1, namedTitle: 0 },
    score: 0,
  };
}

/** Whether some paper mentions a name: any of its index terms is in the collection, or the field uses it widely. */
function mentioned({ retriever, termStats }: AnswerSources, name: string): boolean {
  const terms = analyze(name);
  if (terms.length === 0) return true;
  if (terms.some((t) => retriever.has(t))) return true;
  // A paper's name of several words typed as one ("MeLLaMA" for "Me LLaMA").
  if (retriever.namedIn(name).length > 0) return true;
  return termStats !== undefined && terms.some((t) => termStats.docFrequency(t) >= ASKING.commonNameDf);
}

/** The filters as applied: authors as the collection spells them. Undefined when there are none. */
function appliedFilters(r: FilterReading, facets: FacetIndex): Filters | undefined {
  const f: Filters = {};
  if (r.authors.length > 0) f.authors = r.authors.map((a) => facets.authorName(a.ids[0]!));
  if (r.from !== undefined || r.to !== undefined)
    f.years = { ...(r.from !== undefined ? { from: r.from } : {}), ...(r.to !== undefined ? { to: r.to } : {}) };
  if (r.venues.length > 0) f.venues = [...new Set(r.venues)];
  if (r.phrases.length > 0) f.phrases = r.phrases;
  if (r.unknownAuthor !== undefined) f.authors = [...(f.authors ?? []), r.unknownAuthor];
  return Object.keys(f).length > 0 ? f : undefined;
}

/** Every paper of the collection, by position. */
function everyPaper({ papers }: AnswerSources): Uint32Array {
  return Uint32Array.from({ length: papers.length }, (_, i) => i);
}

/** A title's lead, before its first ":", "?" or "!" ("KIVI" of "KIVI: A Tuning-Free…"; the whole title when none). */
function titleLead(title: string): string {
  return title.split(/[:?!]/)[0]!.trim();
}

/** The allowed papers, newest first (papers without a year last), ties in corpus order; the first `top`. */
function newestFirst(docs: Uint32Array, facets: FacetIndex, top: number): number[] {
  // One pass keeping the best `top` (a whole collection, "latest papers", is 136k papers: no full sort).
  const before = (a: number, b: number) => (facets.yearOf(b) ?? 0) - (facets.yearOf(a) ?? 0) || a - b;
  const kept: number[] = [];
  for (const d of docs) {
    if (kept.length === top && before(d, kept[top - 1]!) >= 0) continue;
    let i = Math.min(kept.length, top - 1);
    kept[i] = d;
    while (i > 0 && before(kept[i]!, kept[i - 1]!) < 0) {
      [kept[i - 1], kept[i]] = [kept[i]!, kept[i - 1]!];
      i--;
    }
  }
  return kept;
}

/** A paper cited with the lead of its abstract (a list with no topic to pick a passage by). */
function citedLead({ papers }: AnswerSources, doc: number, maxChars: number): CitedResult {
  const paper = papers.at(doc);
  const lead = leadSentences(paper.abstract, maxChars);
  const excerpt: Excerpt = {
    text: lead.text,
    offset: 0,
    cutStart: false,
    cutEnd: lead.cut,
    highlights: [],
    matchedTerms: [],
    coverage: 0,
  };
  return { citation: citationOf(paper), score: 0, excerpt };
}

/** A result with the authors that match the typed names marked (bylines show them). */
function withMatchedAuthors(r: CitedResult, typed: readonly string[]): CitedResult {
  const wanted = typed.map(nameWords);
  const matched = r.citation.authors.filter((a) => {
    const w = nameWords(a);
    return wanted.some((t) => nameMatches(t, w));
  });
  return matched.length > 0 ? { ...r, citation: { ...r.citation, matchedAuthors: matched } } : r;
}

/** Whether a paper's title or abstract contains a phrase (case, diacritics and punctuation folded). */
function containsPhrase(paper: Paper, phrase: string): boolean {
  const norm = (s: string) => ` ${nameWords(s).join(' ')} `;
  return norm(`${paper.title} . ${paper.abstract}`).includes(norm(phrase));
}

/**
 * The leaders of a "papers on X" list that are about X (`isAbout`), reading further candidates (up to
 * `ABOUT.scan`) to fill the page. The topic is the question's words, and its phrases (see `topicOf`).
 */
function aboutTopic<T extends Ranked & { paper: Paper }>(
  leaders: readonly T[],
  ranked: readonly Ranked[],
  inspect: (r: Ranked) => { paper: Paper; excerpt: Excerpt; leader: LeaderFeatures },
  words: readonly QueryWord[],
  searchText: string,
  sources: AnswerSources,
  top: number,
): (Ranked & { paper: Paper; excerpt: Excerpt; leader: LeaderFeatures })[] {
  const topicWords = words.filter((w) => w.known.length > 0 && w.weight >= ABOUT.wordWeight).map((w) => w.known);
  const scanned = () => [
    ...leaders.map((r) => r.paper),
    ...ranked
      .slice(0, ABOUT.scan)
      .filter((r) => !leaders.some((l) => l.hit.doc === r.hit.doc))
      .map((r) => sources.papers.at(r.hit.doc)),
  ];
  // The topic as written, when enough candidates say it so; else the phrases the leading papers share.
  const written = topicOf(searchText, topicWords, [], true);
  // Each paper read once (counting the holders, then listing).
  const held = new Map<Paper, boolean>();
  const strict = (paper: Paper) => {
    const known = held.get(paper);
    if (known !== undefined) return known;
    const v = isAbout(paper.title, paper.abstract, written, ABOUT);
    held.set(paper, v);
    return v;
  };
  const enough = () => {
    let n = 0;
    for (const paper of scanned()) if (strict(paper) && ++n >= ABOUT.strictPapers) return true;
    return false;
  };
  let about: (paper: Paper) => boolean;
  if (ABOUT.strictPapers > 0 && hasPhrases(written) && enough()) about = strict;
  else {
    const topic = topicOf(
      searchText,
      topicWords,
      leaders.map((r) => `${r.paper.title}. ${r.paper.abstract}`),
    );
    if (!hasPhrases(topic)) return leaders as unknown as (Ranked & { paper: Paper; excerpt: Excerpt; leader: LeaderFeatures })[];
    about = (paper: Paper) => isAbout(paper.title, paper.abstract, topic, SHARED_RULE);
  }
  const kept = leaders.filter((r) => about(r.paper)) as unknown as (Ranked & {
    paper: Paper;
    excerpt: Excerpt;
    leader: LeaderFeatures;
  })[];
  const seen = new Set(leaders.map((r) => r.hit.doc));
  // With the topic as written, papers whose title says it come first (`ABOUT.titleFirst`), read until the page has
  // as many of them as it can hold.
  const titleFirst = ABOUT.titleFirst && about === strict;
  const inTitle = (paper: Paper) => isAbout(paper.title, '', written, ABOUT);
  let titled = titleFirst ? kept.filter((r) => inTitle(r.paper)).length : 0;
  for (const r of ranked.slice(0, ABOUT.scan)) {
    if (kept.length >= top && (!titleFirst || titled >= top)) break;
    if (seen.has(r.hit.doc)) continue;
    const paper = sources.papers.at(r.hit.doc);
    const titles = titleFirst && inTitle(paper);
    if (titles || (kept.length < top && about(paper))) {
      kept.push({ ...r, ...inspect(r) });
      if (titles) titled++;
    }
  }
  if (!titleFirst) return kept;
  // Stable: the title holders in ranked order, then the others.
  return [...kept.filter((r) => inTitle(r.paper)), ...kept.filter((r) => !inTitle(r.paper))];
}

/**
 * "Compare A and B": each side resolved to a paper (a paper it names, else the best answer to its words), each
 * with its sentence on the aspect (or, with no aspect, on what the paper does). A side whose name no paper mentions
 * makes the answer `not-in-collection` with that name; a side no paper answers, undefined (asked as a question).
 */
function compareAnswer(
  sources: AnswerSources,
  text: string,
  cmp: CompareIntent,
  base: Answer,
  maxChars: number,
  context: SearchContext,
): Answer | undefined {
  const answer: Answer = { ...base, kind: 'compare', compare: { names: cmp.sides, ...(cmp.aspect ? { aspect: cmp.aspect } : {}) } };
  const docs: number[] = [];
  for (const side of cmp.sides) {
    const absent = namedWords(side).find((n) => !mentioned(sources, n.name));
    if (absent) return { ...answer, reason: 'not-in-collection', name: absent.name };
    const inputs = rankingInputs(sources, side, { maxChars }, context.filter ? { filter: context.filter } : {});
    // A side that is no paper's name and answers nothing: not a comparison of papers after all.
    if (!inputs.ok || 'reason' in inputs) return undefined;
    const leaders = rerankLeaders(inputs.ranked, 1, inputs.inspect).filter((r) => !docs.includes(r.hit.doc));
    const best = leaders[0];
    if (!best || !decide(best, inputs.words, sources.termStats !== undefined, sources.papers.length).answered) return undefined;
    docs.push(best.hit.doc);
  }
  const results = docs.map((doc, i) => {
    const aspect = cmp.aspect ? `${cmp.sides[i]} ${cmp.aspect}` : `what is ${cmp.sides[i]}?`;
    return { citation: citationOf(sources.papers.at(doc)), score: 0, excerpt: excerptAbout(sources, aspect, doc, maxChars) };
  });
  const names = cmp.sides.map((side, i) => spelledAsPaper(sources, side, docs[i]!)) as [string, string];
  return { ...answer, question: text, answered: true, results, compare: { ...answer.compare!, names } };
}

/**
 * A side of a comparison as its paper spells it ("kivi" → "KIVI", "hedgehog" → "Hedgehog") when it is one of the
 * paper's names or words of its title, else as typed.
 */
function spelledAsPaper(sources: AnswerSources, side: string, doc: number): string {
  const title = sources.papers.titles.at(doc) ?? '';
  const key = (s: string) => fold(s).replace(/[^\p{L}\p{N}]+/gu, '');
  const named = [...sources.retriever.namesOf(doc).split(' ; '), titleLead(title)];
  const found = named.find((n) => n !== '' && key(n) === key(side));
  if (found) return found;
  const escaped = side
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+');
  const inTitle = escaped === '' ? null : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').exec(title);
  return inTitle?.[0] ?? side;
}

/** One paper's excerpt for a question (its lead when the question has nothing to search). */
function excerptAbout(
  sources: AnswerSources,
  question: string,
  doc: number,
  maxChars: number,
  context: Pick<SearchContext, 'summary'> = {},
): Excerpt {
  const inputs = rankingInputs(sources, question, { maxChars }, { include: [doc], ...context });
  if (!inputs.ok || !('excerptInput' in inputs)) return citedLead(sources, doc, maxChars).excerpt;
  const input = inputs.excerptInput(doc);
  return excerptOf(analyzeSentences(input.text, input.groups, input.options), input.options.weights ?? SENTENCE_WEIGHTS);
}
