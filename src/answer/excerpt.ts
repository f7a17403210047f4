import weights from '../../data/excerpt-weights.json' with { type: 'json' };
import { type Token, tokenize } from '../retrieval/analyzer.js';
import { numberFields } from './number-fields.js';
import { type Span, sentences } from './sentences.js';

/**
 * What a sentence is scored by (each weighted by `data/excerpt-weights.json`, fitted by `npm run fit`):
 * - coverage: the weighted share of the question's words it contains; phrase: of adjacent question words
 *   standing together; bm25: its BM25 as a document of its own (as Elasticsearch's unified highlighter scores
 *   sentences), over the question's weight; naming: the full weight of the question's words that only name the
 *   paper (they count little in coverage), for papers whose title states their topic; corpusCoverage: the
 *   coverage with each word weighted by its IDF in the indexed corpus rather than in the background one;
 * - what the question asks for, when it asks: a figure, the contribution ("which paper…" or a topic question),
 *   named models or datasets (up to three), a problem, a result (the `…Cue` features); for a statement to check,
 *   a sentence reporting a finding, and where it stands (`claimResult`, `claimPosition`);
 * - what the sentence is, whatever the question: it has a figure, it reports a result, it is the first, the
 *   last (`last`), and where it stands (0 first … 1 last);
 * - for a statement to check: `claimCoverage` and `claimNaming` (coverage and naming again, so a claim may
 *   weigh them apart from questions: the words of a claim that are also in the paper's title are its topic,
 *   where a question's are often only the paper's name) and `claimMethod` (it describes what was done, not what
 *   was found: "were randomly assigned", "we measured", "to determine");
 * - in a structured abstract (PubMed's "RESULTS …", "METHODS …" labels, carried to the next label),
 *   `findingSection`: the sentence stands under a label of findings (results, findings, conclusions,
 *   interpretation) rather than of set-up (background, objective, methods, design, participants, …) or none;
 * - for a question (not a statement to check), `background`: the sentence speaks of others' work or of what the
 *   field knows ("Recently, …", "Previous works…", "Despite…", "… has been widely…"), not of the paper's own;
 * - for "how do they…" questions, `howCue`: the sentence says how something is done ("Specifically, …", "by
 *   using…", "… introduces a … module");
 * - `aspectSummaryCue`: the contribution statement, for a question that asks for a paper but speaks of it as
 *   "it" or "they" ("that paper on X: how do they…?"), where it asks about one part of the paper;
 * - `askCoverage`: for a question that describes its paper before it asks ("that QAT paper — how do they pick
 *   the frozen layers?", "what is OPERA in the verifiability-first agents paper?"), the weighted share of the
 *   asking clause's words the sentence contains;
 * - `definitionCue`: for a question asking what a term means ("what is OPERA…", "what do they mean by 'dynamic
 *   tooling'"), the sentence defines it: the term followed by "is", "refers to", ", a…", " - …", "(…)", or after
 *   "we call", "called", "we introduce";
 * - `priorWorkCue`: for a question about others' work ("what was wrong with earlier methods?"), the sentence is
 *   about others' work (`background`, or "existing X-s …");
 * - `whyCue`: for a "why…" question, the sentence gives a cause or a reason ("because", "due to", "motivates",
 *   "leads to", "we trace this to");
 * - `yesNoCue`: for a yes/no question ("does it…?", "can I…?"), the sentence reports a finding.
 */
export const SENTENCE_FEATURES = [
  'coverage',
  'phrase',
  'bm25',
  'naming',
  'corpusCoverage',
  'figureCue',
  'summaryCue',
  'paperSummaryCue',
  'entityCue',
  'problemCue',
  'resultCue',
  'claimResult',
  'claimPosition',
  'figure',
  'result',
  'first',
  'position',
  'last',
  'claimCoverage',
  'claimMethod',
  'findingSection',
  'claimNaming',
  'background',
  'howCue',
  'aspectSummaryCue',
  'askCoverage',
  'definitionCue',
  'priorWorkCue',
  'whyCue',
  'yesNoCue',
] as const;
export type SentenceWeights = Record<(typeof SENTENCE_FEATURES)[number], number>;

/** Check that a weights object has a finite number for every sentence feature (and nothing else). */
export function parseSentenceWeights(data: unknown, where = 'excerpt weights'): SentenceWeights {
  return numberFields(data, 'sentence', SENTENCE_FEATURES, where);
}

/** The sentence weights excerpts use (see the file's `provenance`). */
export const SENTENCE_WEIGHTS: SentenceWeights = parseSentenceWeights(weights, 'data/excerpt-weights.json');

/** BM25 of a sentence as a document: the usual k1 and b, lengths against the abstract's mean sentence. */
const SENTENCE_BM25 = { k1: 1.2, b: 0.75 } as const;

/** Default cap on an excerpt's length, in characters. */
export const MAX_EXCERPT_CHARS = 400;

/** A verbatim piece of an abstract that answers the question. */
export interface Excerpt {
  /** Verbatim text of the abstract: whole sentences, or a cut of one over-long sentence. */
  text: string;
  /** Where `text` starts in the abstract. */
  offset: number;
  /** True when `text` starts or ends inside a sentence (a renderer shows "…" there). */
  cutStart: boolean;
  cutEnd: boolean;
  /** Words of `text` that match the question, as offsets into `text`, in order and non-overlapping. */
  highlights: Span[];
  /** The question's index terms found in `text`. */
  matchedTerms: string[];
  /** Share of the question's term weight that `text` covers (0..1). */
  coverage: number;
}

/** How to pick an excerpt. */
export interface ExcerptOptions {
  /** Cap on the excerpt's length in characters. Default 400. */
  maxChars?: number;
  /** Prefer sentences that carry a figure ("how much / how many" questions). Default false. */
  preferFigures?: boolean;
  /** Prefer the sentence stating the paper's contribution (for topic questions that do not name it). Default false. */
  preferSummary?: boolean;
  /** The question asks which paper does something: the contribution statement is the answer. Default false. */
  asksForPaper?: boolean;
  /** Prefer sentences naming models, datasets or methods ("which models…?" questions). Default false. */
  preferEntities?: boolean;
  /** Prefer sentences stating a problem or limitation ("what's wrong with…?", "why does … fail?"). Default false. */
  preferProblems?: boolean;
  /** Prefer sentences reporting results ("how well does it do?"). Default false. */
  preferResults?: boolean;
  /**
   * Per question word (group of `query`), its full weight when it only names the paper (its group then weighs
   * less), else 0: the `naming` feature. Default none.
   */
  naming?: readonly number[];
  /** Per question word (group of `query`), its IDF in the indexed corpus: the `corpusCoverage` feature. Default none. */
  corpusWeights?: readonly number[];
  /** The question states a claim to check: a sentence reporting a finding answers. Default false. */
  statesClaim?: boolean;
  /** "How do they…": prefer sentences saying how it is done. Default false. */
  asksHow?: boolean;
  /** The question speaks of the paper as "it" or "they" (with `asksForPaper`: it asks about a part of it). Default false. */
  refersToPaper?: boolean;
  /**
   * Per question word (group of `query`), whether it stands in the clause that asks, for a question that
   * describes its paper first (`QuestionAnalysis.asks`): the `askCoverage` feature. Default none.
   */
  asking?: readonly boolean[];
  /** The term the question asks the meaning of (`QuestionAnalysis.defines`): the `definitionCue` feature. Default none. */
  defines?: string;
  /** The question asks about others' work ("earlier methods"): the `priorWorkCue` feature. Default false. */
  asksPriorWork?: boolean;
  /** "Why…": the `whyCue` feature. Default false. */
  asksWhy?: boolean;
  /** A yes/no question: the `yesNoCue` feature. Default false. */
  asksYesNo?: boolean;
  /** Compute every feature, also those the weights ignore (for fitting them). Default false. */
  allFeatures?: boolean;
  /** Weights of the sentence features. Default `SENTENCE_WEIGHTS` (fitted). */
  weights?: SentenceWeights;
}

/** A figure: a percentage, a multiple, a decimal, a count with a unit (a bit width, a size, a time), or "twice"/"N times". */
const FIGURE =
  /(?<![\p{L}\d.-])\d+(?:[.,]\d+)?\s?(?:\\?%|x\b|×|\$?\\times\b|times\b|-?fold\b|points?\b|[kKMB]\b|[MGT]B\b|-?bits?\b|ms\b|seconds?\b|hours?\b|GPUs?\b|tokens\b)|(?<![\p{L}\d.-])\d+\.\d+(?![\p{L}\d-])|\b(?:twice|thrice|half|(?:two|three|four|five|ten|\d+)\s+times)\b/u;
/** A sentence that states what the paper contributes. */
const SUMMARY = /\b(?:we|this (?:paper|work|study))\s+(?:\w+\s+)?(?:propose|present|introduce|develop|design)|\b(?:called|named|dubbed)\b/i;
/** A sentence about others' work or what the field knows rather than about the paper ("Recently, …", "Previous work…"). */
const BACKGROUND =
  /^(?:Recent(?:ly)?|Previous(?:ly)?|Prior|Existing|Despite|Traditional(?:ly)?|Conventional(?:ly)?|Current(?:ly)?|Many|Most|Numerous|To date|In recent years|Over the past|Although|While)\b|\b(?:previous|prior|existing|earlier)\s+(?:\w+\s+)?(?:works?|studies|research|methods|approaches|literature)\b|\b(?:has|have)\s+(?:been\s+)?(?:widely|extensively|increasingly|long)\b/;
/** A sentence about others' work: `BACKGROUND`, or "existing / previous … <plural noun>" anywhere. */
const PRIOR_WORK = /\b(?:previous|prior|existing|earlier|current|conventional|traditional|standard)\s+(?:[\w-]+\s+){0,2}?[a-z-]+s\b/i;
/** A sentence giving a cause or a reason. */
const CAUSE =
  /\b(?:because|since|due\s+to|owing\s+to|as\s+a\s+result|result(?:s|ed|ing)?\s+in|leads?\s+to|led\s+to|caus(?:e|es|ed|ing)|stems?\s+from|arises?\s+from|attribut(?:e|ed|es)\s+(?:\w+\s+){0,3}?to|motivat(?:e|es|ed|ing)|driven\s+by|trace[sd]?\s+(?:\w+\s+){0,2}?to|reasons?|explain(?:s|ed)?|thus|therefore|hence|so\s+that|in\s+order\s+to|enabl(?:e|es|ing))\b/i;
/** After a term, what defines it: "is", "refers to", ", a …", " - …", ": …", "(…), which". */
const DEFINING_AFTER =
  /^['"’”]*\s*(?:\([^)]{0,120}\)\s*)?(?:,\s*(?:a|an|the|which|i\.e\.|that|where|namely)\b|\s[-–—]\s|[–—:]\s*|\s*(?:is|are|was|were|refers?\s+to|denotes?|means|stands\s+for|represents?|consists?\s+of|captures?|measures?|allows?|enables?|combines?|provides?)\b)/i;
/** Before a term, what names it as defined here: "we call", "called", "we introduce", "termed". */
const DEFINING_BEFORE =
  /\b(?:call(?:ed|s)?|named|dubbed|termed|coined|introduc(?:e|es|ed|ing)|propos(?:e|es|ed|ing)|present(?:s|ed|ing)?|defin(?:e|es|ed|ing)|develop(?:s|ed)?|design(?:s|ed)?|buil[dt]|release[sd]?)\s+(?:[\w-]+\s+){0,4}['"‘“(]*$/i;
/** The authors speaking of their own work ("While our methods…, we found…"): not background, whatever its opening. */
const AUTHORS_VOICE = /\b(?:we|our|us|this (?:paper|work|study))\b/i;
/** A named thing: a model or dataset name with digits, an acronym, or a CamelCase name. */
const ENTITY = /\b(?:[A-Za-z]+[-.]?\d[\w.-]*|[A-Z]{2,}[\w-]*|[A-Z][a-z]+[A-Z][\w-]*)/g;
/** A sentence that states a problem, a limitation or a contrast. */
const PROBLEM =
  /\b(?:however|but|although|yet|suffers?|fail(?:s|ed|ure)?|limit(?:s|ed|ation|ations)?|challeng\w*|issues?|problems?|bottleneck\w*|costly|expensive|inefficien\w*|not (?:efficient|flexible|scalable)|lack\w*|degrad\w*|complicate\w*|collapse)\b/i;
/** A sentence that reports a result. */
const RESULT =
  /\b(?:results?|show(?:s|ed|n)?|demonstrat\w+|indicat\w+|find|found|achiev\w+|outperform\w*|surpass\w*|degrad\w*|improv\w+|gains?|better|worse|competitive|comparable)\b/i;
/** A sentence that refers back to a problem the previous one states. */
const BACK_REFERENCE =
  /^(?:To (?:address|tackle|solve|overcome|mitigate|alleviate|remedy|fix|bridge|close|handle) (?:this|these|such|the above|those|this key|both)\b|(?:This|These|Such) (?:problems?|issues?|challenges?|limitations?|gaps?|bottlenecks?|drawbacks?|shortcomings?)\b)/;
/** A sentence that describes what was done rather than what was found. */
const METHOD =
  /\b(?:were|was)\s+(?:\w+ly\s+)?(?:randomi[sz]ed|assigned|enrolled|recruited|measured|collected|obtained|analy[sz]ed|performed|conducted|determined|assessed|evaluated|examined|followed|included|selected|treated|given|administered|compared|genotyped|screened|calculated)\b|\bwe\s+(?:\w+ly\s+)?(?:used|use|performed|conducted|examined|analy[sz]ed|investigated|evaluated|assessed|measured|studied|tested|compared|collected|recruited|enrolled|sought|aimed)\b|\b(?:to|aim(?:ed)? to|sought to)\s+(?:determine|assess|investigate|examine|evaluate|explore|compare|identify|characteri[sz]e)\b|\b(?:received|underwent)\b/i;
/** A sentence that says how something is done: its mechanism, steps or means. */
const MECHANISM =
  /^(?:Specifically|In particular|Concretely|To (?:this|that) end|To do so|To achieve this|First(?:ly)?|Then|Next|Finally|Our (?:method|approach|model|framework|system))\b|\b(?:by|via|through)\s+(?:\w+ing|using|a|an|the|our)\b|\b(?:uses?|using|utili[sz](?:es?|ing)|leverag(?:es?|ing)|employ(?:s|ing)?|introduc(?:es?|ing)|consists?\s+of|compris(?:es?|ing)|combin(?:es?|ing)|incorporat(?:es?|ing)|integrat(?:es?|ing)|adopt(?:s|ing)?|module|mechanism|strategy|algorithm)\b/i;
/** A structured abstract's section label opening a sentence ("RESULTS", "MAIN OUTCOME MEASURES:"). */
const SECTION_LABEL = /^[A-Z][A-Z]{2,}(?:\s+(?:AND\s+)?[A-Z]{2,}){0,3}(?=[\s:])/;
/** Labels of the sections that report findings. */
const FINDING_LABEL = /RESULT|FINDING|CONCLUSION|INTERPRETATION/;
/** Labels of the sections that set a study up (anything else in capitals, "VEGF", is not a label). */
const SETUP_LABEL =
  /BACKGROUND|OBJECTIVE|CONTEXT|PURPOSE|INTRODUCTION|AIM|IMPORTANCE|RATIONALE|MOTIVATION|METHOD|DESIGN|SETTING|PARTICIPANTS|PATIENTS|SUBJECTS|INTERVENTION|MEASURE|MATERIALS|DATA|STUDY|EXPOSURE|TRIAL|FUNDING/;

/** Share of its weight a question word keeps when it matches inside a URL. */
const LINK_SHARE = 0.25;
/** A best sentence shorter than this is joined with the next one. */
const SHORT_SENTENCE = 110;

/**
 * The question as excerpt scoring sees it: one map per question word, from the word's index terms to their
 * weights. A word counts once, with its best term present ("Llama-2-7B" is one word, not five terms).
 */
export type ExcerptQuery = readonly ReadonlyMap<string, number>[];

/** Question words a token stands for: [word index, weight] pairs. */
type Hits = readonly (readonly [number, number])[];

/**
 * The passage of `text` (a sentence, grown with related neighbours within `maxChars`) that best answers a
 * question: sentences are scored by the weighted share of the question's words they contain (weights are
 * usually IDF), adjacent question words standing together, and figures or contribution statements when asked.
 */
export function bestExcerpt(text: string, query: ExcerptQuery | ReadonlyMap<string, number>, options: ExcerptOptions = {}): Excerpt {
  return excerptOf(analyzeSentences(text, query, options), options.weights ?? SENTENCE_WEIGHTS);
}

/** The excerpt an analysed text gives under sentence weights `w` (what `bestExcerpt` does after analysing). */
export function excerptOf(analysis: SentenceAnalysis, w: SentenceWeights): Excerpt {
  const { text } = analysis;
  const { start, end, cutStart, cutEnd } = excerptSpan(analysis, w);
  const { tokens, hits, byTerm } = analysis;
  const highlights: Span[] = [];
  const matched = new Set<string>();
  let a = -1;
  let b = 0;
  tokens.forEach((tok, i) => {
    if (tok.start < start || tok.end > end) return;
    if (a < 0) a = i;
    b = i + 1;
    if (!hits[i]) return;
    for (const t of tok.terms) if (byTerm.has(t)) matched.add(t);
    highlights.push({ start: tok.start - start, end: tok.end - start });
  });
  const coverage = a < 0 ? 0 : analysis.creditOf(a, b) / analysis.total;
  return { text: text.slice(start, end), offset: start, cutStart, cutEnd, highlights, matchedTerms: [...matched], coverage };
}

/** A text analysed for one question: what choosing its excerpt needs, whatever the sentence weights. */
export interface SentenceAnalysis {
  text: string;
  maxChars: number;
  spans: Span[];
  tokens: Token[];
  /** Question words each token stands for. */
  hits: readonly (Hits | undefined)[];
  byTerm: ReadonlyMap<string, readonly (readonly [number, number])[]>;
  /** The question's total weight. */
  total: number;
  /** Credit of tokens [a, b): each question word once, with its best weight. */
  creditOf: (a: number, b: number) => number;
  /** Per sentence, its features in `SENTENCE_FEATURES` order (row-major). */
  features: Float64Array;
  /** Per sentence, the weight of the question's words it contains. */
  credit: Float64Array;
  /** Per sentence, whether it points back at a problem stated before ("To address this problem…"). */
  backReference: Uint8Array;
}

const NS = SENTENCE_FEATURES.length;
const FEATURE_INDEX = Object.fromEntries(SENTENCE_FEATURES.map((f, i) => [f, i])) as Record<(typeof SENTENCE_FEATURES)[number], number>;

/** Tokenise a text, match the question's words, split it into sentences and compute each sentence's features. */
export function analyzeSentences(
  text: string,
  query: ExcerptQuery | ReadonlyMap<string, number>,
  options: ExcerptOptions = {},
): SentenceAnalysis {
  const maxChars = options.maxChars ?? MAX_EXCERPT_CHARS;
  const groups: ExcerptQuery = query instanceof Map ? [...query].map(([t, w]) => new Map([[t, w]])) : (query as ExcerptQuery);
  const groupWeight = groups.map((g) => Math.max(0, ...g.values()));
  const total = groupWeight.reduce((a, b) => a + b, 0) || 1;
  const byTerm = new Map<string, [number, number][]>();
  groups.forEach((g, gi) => {
    for (const [t, w] of g) {
      const list = byTerm.get(t) ?? [];
      list.push([gi, w]);
      byTerm.set(t, list);
    }
  });
  // Stems that differ only in a derivational ending ("reduct"/"reduc") match too.
  const aliasCache = new Map<string, [number, number][] | undefined>();
  const hitsOfTerm = (t: string): [number, number][] | undefined => {
    const direct = byTerm.get(t);
    if (direct || !/^[a-z]{5,}$/.test(t)) return direct;
    if (aliasCache.has(t)) return aliasCache.get(t);
    let found: [number, number][] | undefined;
    for (const [q, list] of byTerm) {
      if (q.length >= 5 && Math.abs(q.length - t.length) <= 3 && (t.startsWith(q) || q.startsWith(t)) && /^[a-z]+$/.test(q)) {
        found = list;
        break;
      }
    }
    aliasCache.set(t, found);
    return found;
  };

  const tokens = tokenize(text);
  // Words inside a link ("github.com/…/LLaMA3-Quantization") say where the code is, not what the paper found.
  const links = [...text.matchAll(/\bhttps?:\/\/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const inLink = (pos: number) => links.some(([a, b]) => pos >= a && pos < b);
  const linked = tokens.map((tok) => links.length > 0 && inLink(tok.start));
  const hits: (Hits | undefined)[] = tokens.map((tok, i) => {
    let out: [number, number][] | undefined;
    for (const t of tok.terms) {
      const h = hitsOfTerm(t);
      if (h) {
        out ??= [];
        out.push(...h);
      }
    }
    if (out && linked[i]) out = out.map(([g, w]) => [g, w * LINK_SHARE]);
    return out;
  });
  const spans = sentences(text);
  if (spans.length === 0) spans.push({ start: 0, end: text.length });
  // First and past-last token of each sentence.
  const first: number[] = [];
  const past: number[] = [];
  let k = 0;
  for (const sp of spans) {
    while (k < tokens.length && tokens[k]!.start < sp.start) k++;
    first.push(k);
    let j = k;
    while (j < tokens.length && tokens[j]!.end <= sp.end) j++;
    past.push(j);
    k = j;
  }

  const best = new Float64Array(groups.length);
  /** Credit of tokens [a, b): each question word counts once, with its best weight. */
  const creditOf = (a: number, b: number): number => {
    best.fill(0);
    for (let i = a; i < b; i++) for (const [g, w] of hits[i] ?? []) if (w > best[g]!) best[g] = w;
    let sum = 0;
    for (const v of best) sum += v;
    return sum;
  };
  const phraseOf = (a: number, b: number): number => {
    let sum = 0;
    const seen = new Set<number>();
    for (let i = a; i + 1 < b; i++) {
      const h = hits[i];
      const next = hits[i + 1];
      if (!h || !next || linked[i] || linked[i + 1]) continue;
      for (const [g, w] of h) {
        if (seen.has(g)) continue;
        const after = next.find(([g2]) => g2 === g + 1);
        if (after) {
          seen.add(g);
          sum += Math.min(w, after[1]);
        }
      }
    }
    return sum;
  };
  const avgSentence = tokens.length / spans.length || 1;
  const tf = new Float64Array(groups.length);
  const peak = new Float64Array(groups.length);
  /** BM25 of tokens [a, b) as one document, each question word weighted by its best weight there. */
  const bm25Of = (a: number, b: number): number => {
    tf.fill(0);
    peak.fill(0);
    for (let i = a; i < b; i++) {
      for (const [g, wt] of hits[i] ?? []) {
        tf[g]!++;
        if (wt > peak[g]!) peak[g] = wt;
      }
    }
    const { k1, b: bb } = SENTENCE_BM25;
    const norm = k1 * (1 - bb + (bb * (b - a)) / avgSentence);
    let sum = 0;
    for (let g = 0; g < groups.length; g++) if (tf[g]! > 0) sum += (peak[g]! * tf[g]! * (k1 + 1)) / (tf[g]! + norm);
    return sum;
  };
  const { naming, corpusWeights, asking } = options;
  const askTotal = asking?.reduce((a, on, g) => a + (on ? groupWeight[g]! : 0), 0) || 1;
  const corpusTotal = corpusWeights?.reduce((a, x) => a + x, 0) || 1;
  const fullTotal = groupWeight.reduce((a, x, g) => a + Math.max(x, naming?.[g] ?? 0), 0) || 1;
  // Features the weights ignore are not computed (they cost regular expressions per sentence), unless asked.
  const w = options.weights ?? SENTENCE_WEIGHTS;
  const needs = {
    figure: options.allFeatures || w.figure !== 0,
    result: options.allFeatures || w.result !== 0,
    bm25: options.allFeatures || w.bm25 !== 0,
    method: options.statesClaim && (options.allFeatures || w.claimMethod !== 0),
    sections: (options.allFeatures || w.findingSection !== 0) && /[A-Z]{3}/.test(text),
    background: !options.statesClaim && (options.allFeatures || w.background !== 0),
    how: options.asksHow && (options.allFeatures || w.howCue !== 0),
    prior: options.asksPriorWork && (options.allFeatures || w.priorWorkCue !== 0),
    why: options.asksWhy && (options.allFeatures || w.whyCue !== 0),
    yesNo: options.asksYesNo && (options.allFeatures || w.yesNoCue !== 0),
  };
  const defined = options.defines !== undefined && (options.allFeatures || w.definitionCue !== 0) ? tokenize(options.defines) : [];
  const n = spans.length;
  const last = Math.max(1, n - 1);
  const features = new Float64Array(n * NS);
  const credit = new Float64Array(n);
  const backReference = new Uint8Array(n);
  const F = FEATURE_INDEX;
  // A structured abstract's section, carried from its label to the next: 1 findings, 2 set-up, 0 none.
  let section = 0;
  for (let i = 0; i < n; i++) {
    const a = first[i]!;
    const b = past[i]!;
    const passage = text.slice(spans[i]!.start, spans[i]!.end);
    const figure = (options.preferFigures || needs.figure) && FIGURE.test(passage);
    const result = (options.preferResults || options.statesClaim || needs.result || needs.yesNo) && RESULT.test(passage);
    const summary = (options.asksForPaper || options.preferSummary) && SUMMARY.test(passage);
    const row = i * NS;
    credit[i] = creditOf(a, b);
    let named = 0;
    let corpusCredit = 0;
    let askCredit = 0;
    for (let g = 0; g < groups.length; g++) {
      if (best[g]! <= 0) continue;
      named += naming?.[g] ?? 0;
      corpusCredit += corpusWeights?.[g] ?? 0;
      if (asking?.[g]) askCredit += best[g]!;
    }
    features[row + F.askCoverage] = askCredit / askTotal;
    features[row + F.corpusCoverage] = corpusCredit / corpusTotal;
    features[row + F.coverage] = credit[i]! / total;
    features[row + F.naming] = named / fullTotal;
    features[row + F.phrase] = phraseOf(a, b) / total;
    features[row + F.bm25] = needs.bm25 ? bm25Of(a, b) / total : 0;
    features[row + F.figureCue] = options.preferFigures && figure ? 1 : 0;
    features[row + F.paperSummaryCue] = summary && options.asksForPaper ? 1 : 0;
    features[row + F.summaryCue] = summary && !options.asksForPaper ? 1 : 0;
    features[row + F.entityCue] = options.preferEntities ? Math.min(3, passage.match(ENTITY)?.length ?? 0) / 3 : 0;
    features[row + F.problemCue] = options.preferProblems && PROBLEM.test(passage) ? 1 : 0;
    features[row + F.resultCue] = options.preferResults && result ? 1 : 0;
    features[row + F.claimResult] = options.statesClaim && result ? 1 : 0;
    features[row + F.claimPosition] = options.statesClaim ? i / last : 0;
    features[row + F.figure] = figure ? 1 : 0;
    features[row + F.result] = result ? 1 : 0;
    features[row + F.first] = i === 0 ? 1 : 0;
    features[row + F.position] = i / last;
    features[row + F.last] = i === n - 1 && n > 1 ? 1 : 0;
    features[row + F.claimCoverage] = options.statesClaim ? features[row + F.coverage]! : 0;
    features[row + F.claimMethod] = needs.method && METHOD.test(passage) ? 1 : 0;
    if (needs.sections) {
      const label = SECTION_LABEL.exec(passage)?.[0];
      if (label && FINDING_LABEL.test(label)) section = 1;
      else if (label && SETUP_LABEL.test(label)) section = 2;
    }
    features[row + F.findingSection] = section === 1 ? 1 : 0;
    features[row + F.claimNaming] = options.statesClaim ? features[row + F.naming]! : 0;
    features[row + F.background] = needs.background && BACKGROUND.test(passage) && !AUTHORS_VOICE.test(passage) ? 1 : 0;
    features[row + F.howCue] = needs.how && MECHANISM.test(passage) ? 1 : 0;
    features[row + F.aspectSummaryCue] = summary && options.asksForPaper && options.refersToPaper ? 1 : 0;
    features[row + F.definitionCue] = defined.length > 0 && definesTerm(text, tokens, a, b, defined) ? 1 : 0;
    features[row + F.priorWorkCue] =
      needs.prior && (BACKGROUND.test(passage) || PRIOR_WORK.test(passage)) && !AUTHORS_VOICE.test(passage) ? 1 : 0;
    features[row + F.whyCue] = needs.why && CAUSE.test(passage) ? 1 : 0;
    features[row + F.yesNoCue] = needs.yesNo && result ? 1 : 0;
    backReference[i] = options.preferProblems && BACK_REFERENCE.test(passage) ? 1 : 0;
  }
  return {
    text,
    maxChars,
    spans,
    tokens,
    hits,
    byTerm,
    total,
    creditOf,
    features,
    credit,
    backReference,
  };
}

/**
 * Whether the sentence of tokens [a, b) of `text` defines the term of tokens `term`: holds its words in a row,
 * followed by what defines it or preceded by what names it (see `DEFINING_AFTER`, `DEFINING_BEFORE`).
 */
function definesTerm(text: string, tokens: readonly Token[], a: number, b: number, term: readonly Token[]): boolean {
  const k = term.length;
  const sentenceStart = a < tokens.length ? tokens[a]!.start : 0;
  for (let j = a; j + k <= b; j++) {
    let t = 0;
    while (t < k && tokens[j + t]!.terms.some((x) => term[t]!.terms.includes(x))) t++;
    if (t < k) continue;
    const after = text.slice(tokens[j + k - 1]!.end, tokens[j + k - 1]!.end + 140);
    const before = text.slice(Math.max(sentenceStart, tokens[j]!.start - 80), tokens[j]!.start);
    if (DEFINING_AFTER.test(after) || DEFINING_BEFORE.test(before)) return true;
  }
  return false;
}

/**
 * The excerpt's place in the text under sentence weights `w`: the best sentence (ties keep the earlier),
 * grown with related neighbours within `maxChars`, or a window of one over-long sentence.
 */
export function excerptSpan(
  { text, maxChars, spans, tokens, hits, features, credit, backReference }: SentenceAnalysis,
  w: SentenceWeights,
): { start: number; end: number; cutStart: boolean; cutEnd: boolean } {
  const wv = SENTENCE_FEATURES.map((f) => w[f]);
  const score = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i++) {
    let s = 0;
    for (let k = 0; k < NS; k++) s += wv[k]! * features[i * NS + k]!;
    score[i] = s;
  }
  let lo = 0;
  for (let i = 1; i < spans.length; i++) if (score[i]! > score[lo]!) lo = i; // ties keep the earlier
  let hi = lo;
  // For a question about a problem, "To address this problem, we…" points back: the problem is stated in the
  // sentence before. Show both, or that sentence alone when both do not fit.
  if (lo > 0 && backReference[lo]) {
    if (spans[lo]!.end - spans[lo - 1]!.start <= maxChars) lo--;
    else hi = --lo;
  }

  // Grow the passage around the best sentence while it fits: with neighbours that mention question words,
  // and (when the best sentence is short) with the next sentence, which usually carries the detail.
  for (;;) {
    let pick: number | undefined;
    for (const j of [hi + 1, lo - 1]) {
      if (j < 0 || j >= spans.length) continue;
      const from = Math.min(lo, j);
      const to = Math.max(hi, j);
      if (spans[to]!.end - spans[from]!.start > maxChars) continue;
      const useful = credit[j]! > 0 || (j === hi + 1 && spans[hi]!.end - spans[lo]!.start < SHORT_SENTENCE);
      if (useful && (pick === undefined || score[j]! > score[pick]!)) pick = j;
    }
    if (pick === undefined) break;
    if (pick > hi) hi = pick;
    else lo = pick;
  }

  let start = spans[lo]!.start;
  let end = spans[hi]!.end;
  let cutStart = false;
  let cutEnd = false;
  if (end - start > maxChars) {
    // One over-long sentence: a window at word boundaries around its densest run of matches.
    const inside = tokens.filter((t, i) => t.start >= start && t.end <= end && hits[i] !== undefined);
    const anchor = inside.length > 0 ? densest(inside, maxChars) : start;
    let ws = Math.max(start, Math.min(anchor - Math.floor(maxChars / 5), end - maxChars));
    let we = Math.min(end, ws + maxChars);
    if (ws > start) {
      const sp = text.indexOf(' ', ws);
      ws = sp >= 0 && sp < we ? sp + 1 : ws;
      cutStart = true;
    }
    if (we < end) {
      const sp = text.lastIndexOf(' ', we);
      we = sp > ws ? sp : we;
      cutEnd = true;
    }
    start = ws;
    end = we;
  }
  return { start, end, cutStart, cutEnd };
}

function densest(tokens: { start: number }[], width: number): number {
  let bestStart = tokens[0]!.start;
  let bestCount = 0;
  let j = 0;
  for (let i = 0; i < tokens.length; i++) {
    while (tokens[j]!.start < tokens[i]!.start - width / 2) j++;
    if (i - j + 1 > bestCount) {
      bestCount = i - j + 1;
      bestStart = tokens[j]!.start;
    }
  }
  return bestStart;
}

/** The first sentences of a text, up to `maxChars` (at least one sentence, cut at a word if it is longer). */
export function leadSentences(text: string, maxChars: number): { text: string; cut: boolean } {
  const spans = sentences(text);
  let end = 0;
  for (const s of spans) {
    if (s.end > maxChars) break;
    end = s.end;
  }
  if (end > 0) return { text: text.slice(0, end), cut: end < text.length };
  const sp = text.lastIndexOf(' ', maxChars);
  return { text: text.slice(0, sp > 0 ? sp : maxChars), cut: true };
}
