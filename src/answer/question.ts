/**
 * Question analysis: what a question asks for, from its wording alone (no index): one paper or a list, what
 * kind of sentence answers it, and the property a "how <adjective>" question is about. Filters ("since 2023")
 * are read by `filters.ts`, comparisons, follow-ups and typed names by `intent.ts`, both against the index.
 */
import type { QuestionError, SmallTalk } from './types.js';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 500;

/** What kind of sentence a question asks for (each a preference when picking the excerpt). */
export interface QuestionCues {
  /** "How much / how many / by how…": a sentence with a figure. */
  preferFigures: boolean;
  /** "Which models / datasets…", "evaluated on…": a sentence naming things. */
  preferEntities: boolean;
  /** "What's wrong with…", "why does … fail": a sentence stating a problem. */
  preferProblems: boolean;
  /** "How well does it do": a sentence reporting a result. */
  preferResults: boolean;
  /** "Which paper…", "looking for…": the sentence stating the paper's contribution. */
  asksForPaper: boolean;
  /** A statement to check ("Folate deficiency raises homocysteine levels."): a sentence reporting a finding answers. */
  statesClaim: boolean;
  /** "How do they…", "how does X work", "… how": a sentence saying how it is done (the mechanism) answers. */
  asksHow: boolean;
  /**
   * The question speaks of the paper as "it" or "they" ("that paper on X: how do they…?", "did it beat…?"): it
   * asks about one thing in a paper it describes, so the contribution statement need not answer.
   */
  refersToPaper: boolean;
  /**
   * "What was wrong with earlier methods?", "what did it say existing reviews miss?": the answer is a sentence about
   * others' work, which otherwise counts against a sentence.
   */
  asksPriorWork: boolean;
  /** "Why…", "what causes…", "what do they blame … on": a sentence giving a cause or a reason answers. */
  asksWhy: boolean;
  /** "Does it…?", "is it true that…", "can I…": a yes/no question, which a finding settles. */
  asksYesNo: boolean;
}

/** A question as answering sees it before any retrieval. */
export interface QuestionAnalysis {
  /** The question with white space collapsed and trimmed. */
  text: string;
  /**
   * `text` with its request framing ("Are there any papers that explore…", "What research has been conducted
   * on…", "I'm looking for a paper that…") blanked out, same length and offsets: what retrieval searches for.
   */
  searchText: string;
  /** `list` for a request for several papers ("papers on…", "which works…"), else `single`. */
  kind: 'single' | 'list';
  cues: QuestionCues;
  /** The adjective of a "how cheap / how robust is…" question (lower case): what the excerpt must speak to. */
  focus: string | undefined;
  /**
   * The clauses that ask, when the question first describes the paper in a clause of its own ("that QAT paper
   * with sharp minima — how do they pick the frozen layers?" → "how do they pick the frozen layers?"): the
   * answering sentence speaks to these words, where the describing ones name the paper.
   */
  asks: string | undefined;
  /**
   * The term a question asks the meaning of ("what is OPERA in the verifiability-first agents paper?", "what do
   * they mean by 'dynamic tooling'?"), as typed: the answer is the sentence that defines it.
   */
  defines: string | undefined;
}

/** A request for several papers: any question about "papers" (plural), or "which works/studies…". */
const LIST_QUESTION = /\bpapers\b|\b(?:list|which|what|any)\s+(?:works|studies)\b/i;
/** A request for the newest papers ("what's the latest on kv cache?", "newest papers", "most recent work on…"). */
const NEWEST_REQUEST =
  /\b(?:latest|newest|most\s+recent)\s+(?:(?:papers?|works?|research|stuff|studies|articles?|ones?|results?)\b|(?:on|about|in|regarding)\s)|\b(?:latest|newest|most\s+recent)\s*[?!.]*$/i;
/**
 * A request for whatever appeared in a time ("anything from 2025?", "what came out in 2024 on quantization?",
 * "anything newer than 2024 on kv cache?", "anything new this year?"): a list, dated, even without the word "papers".
 */
const DATED_REQUEST =
  /\b(?:any(?:thing)?|something|what(?:'?s|\s+is)?\s+new|what\s+(?:came|got|was|has\s+been|have\s+been)\s+(?:out|published|released))\b[^?!.]{0,60}?\b(?:(?:from|in|since|after|before|during|prior\s+to|(?:newer|later|more\s+recent|older|earlier)\s+than)\s+(?:19[5-9]\d|20\d\d)\b|\b(?:post|pre)-?(?:19[5-9]\d|20\d\d)\b|(?:this|last|past)\s+year\b)/i;
const ENTITY_QUESTION =
  /\b(?:which|what)\s+(?:\w+\s+){0,2}(?:models?|baselines?|benchmarks?|datasets?|llms?|backbones?|languages?|tasks?|methods?|sizes?|bits?|bit[- ]widths?|metrics?|architectures?)\b|\bwhat\s+(?:\w+\s+)?(?:is|are)\s+\w+\s+(?:built|based|trained|evaluated|tested)\s+on\b|\b(?:evaluated|tested|trained)\s+on\b/i;
const PROBLEM_QUESTION =
  /\b(?:wrong|problems?|issues?|limitations?|drawbacks?|downsides?|fail\w*|why\s+(?:is|are|do|does)\b|inefficien\w*|struggle\w*|challenges?)\b/i;
/** "Which paper…?", "is there a paper that…", "looking for the work on…": the answer names the paper's contribution. */
const PAPER_QUESTION =
  /\b(?:which|what|any|a|the|one)\s+(?:\w+\s+)?(?:paper|work|study|method|approach|framework)\b|\bpaper\s+(?:that|on|about|where|showing|which|with|for)\b|\blooking\s+for\b|\b(?:summari[sz]e|summary\s+of|tl;?dr|eli5|overview\s+of|in\s+a\s+nutshell|the\s+gist|what'?s\s+the\s+deal\s+with|tell\s+me\s+about|main\s+idea|key\s+idea)\b/i;
/** "How well does it do?", "which model ended up best?": the answer is a result sentence. */
const RESULT_QUESTION =
  /\bhow\s+(?:well|good|bad|badly)\b|\b(?:does|did|do)\s+(?:it|this|that|they)\s+(?:work|help)\b|\bworth\s+it\b|\bperform(?:s|ed|ance)?\b|\b(?:which|what)\b[^?.;:]{0,80}\b(?:best|most|worst|least|highest|lowest)\s*[?!.]*$|\b(?:ended\s+up|came\s+out|did|does|was|were|worked|works)\s+(?:the\s+)?(?:best|worst)\b|\bbest\s+(?:model|system|method|generali[sz]ation|score|result)\b/i;
/** "How do they…", "how can I…", "how was it built", a terse "X Y how": the answer is how it is done. */
const HOW_QUESTION = /\bhow\s+(?:do|does|did|can|could|would|should|to|is|are|was|were|exactly)\b|\bhow\s*[?!.]*$/i;
/** The paper spoken of as "it" or "they" (as its authors' work). */
const PAPER_PRONOUN = /\b(?:they|their|them|it|its)\b/i;
const FIGURE_QUESTION =
  /\b(?:how\s+(?:much|many|fast|big|large|small|long|often)|what\s+(?:score|accuracy|percentage|speed-?up|number|size)|by\s+how|what\s+\w+\s+(?:rate|score|gain))\b|\b(?:reductions?|speed-?ups?|savings?|improvements?|gains?|accuracy|perplexity|throughput|latency|win[- ]rate|wer|bleu|f1|top-1)\b|\d\s?%|\d\.\d\d/iu;

/**
 * The request framing a question may open with: a greeting, a request ("can you recommend", "I'm looking for",
 * "are there any"), the literature asked for ("papers", "research", "a study"), and what connects it to the
 * topic ("that explore", "has been conducted on", "related to"). It says what kind of answer is wanted, never
 * which paper: retrieval gives it no weight. Only a framing that names the literature is taken ("What does
 * the owl paper propose?" keeps every word).
 */
const FRAMING = new RegExp(
  [
    String.raw`^(?:(?:hi|hello|hey)\b[,!.]?\s*)?`,
    String.raw`(?:(?:please\s+)?(?:can|could|would)\s+you\s+(?:please\s+)?(?:help\s+me\s+)?(?:recommend|suggest|find|show|list|name|give|point|share|provide|tell)(?:\s+me)?(?:\s+(?:to|towards|about))?\s+`,
    String.raw`|(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:looking|searching)\s+for\s+`,
    String.raw`|(?:i|we)\s+(?:want|need|would\s+like)\s+(?:to\s+(?:find|read|see|know\s+about)\s+)?`,
    String.raw`|(?:are|is)\s+there\s+`,
    String.raw`|(?:what|which)\s+(?:are\s+(?:some|the)\s+)?`,
    String.raw`|(?:find|recommend|suggest|show\s+me|list)\s+(?:me\s+)?`,
    String.raw`)?(?:(?:any|some|a|an|the|other|recent|existing|prior|previous)\s+)*`,
    String.raw`(?:papers?|works?|stud(?:y|ies)|research|literature|articles?|publications?)\b`,
    String.raw`(?:\s+(?:that|which|where|who|on|of|about|regarding|related\s+to|(?:has|have)\s+been|been|conducted|done|published|carried\s+out|in|into|exists?|out\s+there))*`,
    String.raw`(?:\s+(?:explor|investigat|stud|examin|propos|discuss|address|focus|look|deal|analy[sz]|describ|present|introduc|us|tackl|report|show|demonstrat|propos)\w*(?:\s+(?:on|at|into|with|whether|how))?)?\b`,
  ].join(''),
  'i',
);

/**
 * A request that opens with its verb and names the literature later, or not at all ("list the medical llm papers",
 * "show me something on kv cache eviction"), asks the room ("has anyone combined…", "anyone know of…"), asks for
 * advice ("tips for…"), for what is new ("anything new on…", "what came out in 2025?") or for a summary ("tldr of the
 * llama guard paper", "key takeaways from…", "eli5: kivi", "summarize bone"): those words ask, they are no topic words.
 */
const REQUEST =
  /^(?:(?:hi|hello|hey)\b[,!.]?\s*)?(?:please\s+)?(?:list|show\s+me|find\s+me|give\s+me|name|recommend|suggest)\s+(?:me\s+)?(?:(?:the|all|some|any|a\s+few)\s+)?|^(?:(?:has|have|did|does|is)\s+)?any(?:one|body)\s+(?:here\s+)?(?:(?:know|knows|heard)\s+(?:of\s+|if\s+|whether\s+|about\s+)?|seen\s+|tried\s+)?|^(?:(?:any|some)\s+)?(?:tips|advice|pointers|best\s+practices)\s+(?:on|for|about|regarding)\s+|^(?:any(?:thing)?|something)\s+new\s+|^what(?:'?s|\s+is)?\s+new\s+|^what\s+(?:came|got|was|has\s+been|have\s+been)\s+(?:out|published|released)\s+/i;

/** A request for a summary, alone or after a request ("give me a quick summary of…"): see `REQUEST`. */
const SUMMARY_REQUEST =
  /^(?:(?:can|could)\s+you\s+|please\s+|pls\s+)?(?:give\s+me\s+)?(?:(?:a|the)\s+)?(?:(?:tl;?dr|eli5|explain\s+(?:it\s+)?like\s+i'?m\s+(?:5|five)|summari[sz]e)(?![\p{L}\p{N}])[\s:,;.!?–—-]*(?:(?:of|on|for|from|about)\s+)?|(?:(?:quick|short|brief)\s+)?(?:summary|overview|rundown|gist|recap)(?:\s*[:–—-]\s*|\s+(?:of|on|for|from|about)\s+)|(?:(?:main|key)\s+)?takeaways?(?:\s*[:–—-]\s*|\s+(?:of|on|for|from|about)\s+)|(?:main|key)\s+(?:points|ideas?|contributions?)(?:\s*[:–—-]\s*|\s+(?:of|on|for|from|about)\s+))/iu;

/**
 * Chat's openers and sign-offs around a question ("hi! quick q:", "question -", "ok so", "…, thx", "ty!"): they
 * say nothing of the topic, and "quick" or "question" would be searched for.
 */
const OPENER =
  /^(?:(?:hi|hello|hey|yo|ok(?:ay)?|so|um+|uh+|hm+)\b[,!.]*\s+)*(?:(?:a\s+)?(?:quick|random|dumb|silly|noob)\s+(?:q|qn|question)|(?:a\s+)?question|q)\s*(?:[:!?,]+|\s-+)\s*|^(?:(?:hi|hello|hey|yo|ok(?:ay)?|so)\b[,!.]*\s+)+/i;
const SIGN_OFF = /(?:[\s,.!]+(?:thx|ty|tia|thanks(?:\s+in\s+advance)?|cheers|lol)[\s!.]*)+$/i;

/** The question with its request framing replaced by spaces (offsets unchanged); all of it when nothing else is left. */
export function withoutFraming(q: string): string {
  const opener = OPENER.exec(q)?.[0].length ?? 0;
  const signOff = SIGN_OFF.exec(q.slice(opener))?.[0].length ?? 0;
  const body = q.slice(opener, q.length - signOff);
  if (!/[\p{L}\p{N}]/u.test(body)) return q;
  const framed = FRAMING.exec(body)?.[0].length ?? 0;
  let cut = framed;
  if (framed === 0) {
    // A request may go on to name the literature ("anyone know of work on …").
    cut = REQUEST.exec(body)?.[0].length ?? 0;
    cut += SUMMARY_REQUEST.exec(body.slice(cut))?.[0].length ?? 0;
    if (cut > 0) cut += FRAMING.exec(body.slice(cut))?.[0].length ?? 0;
  }
  const rest = body.slice(cut);
  const unframed = cut > 0 && /[\p{L}\p{N}]/u.test(rest) ? ' '.repeat(cut) + rest : body;
  return ' '.repeat(opener) + unframed + ' '.repeat(signOff);
}

/** How a question or a request opens: what a statement to check does not. */
const QUESTION_OPENING =
  /^(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|am|do|does|did|can|could|would|should|will|shall|may|has|have|had|any|find|show|list|give|tell|recommend|suggest|explain|compare|i|i'?m|i'?d|we|looking|papers?|please|hi|hello|hey)\b/i;

/** A statement to check: a full stop at its end, and neither a question's nor a request's opening. */
function statesClaim(q: string): boolean {
  return /\.\s*$/.test(q) && !QUESTION_OPENING.test(q) && withoutFraming(q) === q;
}

/** The words a question opens with ("how", "what's", "did", …). */
const QUESTION_WORD = String.raw`(?:how|what(?:'?s)?|which|why|when|where|who|whom|whose|did|does|do|is|are|was|were|can|could|should|would|will|has|have)\b`;

/**
 * Where a question's asking clause begins after a describing one: a dash, colon or semicolon, a question mark
 * or a full stop with more after it, or a comma, then a question word ("…paper — how do they…", "…, did it
 * beat…", "I'm pruning 3DGS scenes. is that a known issue…").
 */
const ASKING_CLAUSE = new RegExp(
  String.raw`(?:\s[—–-]{1,2}\s*|[—–]|[:;?.!]\s+|,\s+)(?=(?:so\s+|and\s+|but\s+)?(?:${QUESTION_WORD}|any\b))`,
  'gi',
);

/** A question asking from its first word. */
const DIRECT_OPENING = new RegExp(`^${QUESTION_WORD}`, 'i');

/**
 * A phrase that only says which paper: "in the verifiability-first agents paper", "that emoji lying study", "the
 * Llama-3-70B belief tracking paper (the one with…)". The rest of the question is what it asks.
 */
const PAPER_PHRASE =
  /(?:\b(?:in|from|of|for|by|about)\s+)?\b(?:the|that|this|their|a|an)\s+(?:(?!(?:in|from|of|for|by|about|on|is|are|was|were|what|how|which|why|do|does|did)\s)[\p{L}\p{N}'’.+_/-]+\s+){0,10}?(?:paper|study|work|article|survey|report|preprint|tutorial)(?:['’]s)?\b(?:\s*\([^)]*\))?/iu;
/** A word that asks something, not only a question word or a pronoun ("it", "they"). */
const CONTENT_WORD = /[\p{L}\p{N}]{3,}/gu;
const NOT_CONTENT = new RegExp(
  `^(?:${QUESTION_WORD.replace(/\\b$/, '')}|they|their|them|its|the|and|but|any|there|this|that|these|those|about|with|from|exactly|actually|really|hey|quick|anyone|know)$`,
  'i',
);

/** The asking clauses of a question that describes its paper first (see `QuestionAnalysis.asks`). */
function askingClauses(q: string): string | undefined {
  const opener = OPENER.exec(q)?.[0].length ?? 0;
  const body = q.slice(opener);
  // A question that asks from its first word ("how many…, and is it…") describes nothing first.
  if (!DIRECT_OPENING.test(body)) {
    for (const m of body.matchAll(ASKING_CLAUSE)) {
      // A describing clause names something: at least two words ("hi — …" is a greeting).
      if (!/[\p{L}\p{N}]+\W+[\p{L}\p{N}]+/u.test(body.slice(0, m.index))) continue;
      const rest = body.slice(m.index + m[0].length).trim();
      return /[\p{L}\p{N}]/u.test(rest) ? rest : undefined;
    }
  }
  // Else a phrase that says which paper ("what is OPERA in the verifiability-first agents paper?"): the rest
  // asks, when it says something besides question words and pronouns.
  const paper = PAPER_PHRASE.exec(body);
  if (!paper) return undefined;
  const rest = `${body.slice(0, paper.index)} ${body.slice(paper.index + paper[0].length)}`.replace(/\s+/g, ' ').trim();
  const content = (rest.match(CONTENT_WORD) ?? []).filter((w) => !NOT_CONTENT.test(w));
  return content.length >= 1 ? rest : undefined;
}

/**
 * "What is X…", "what's X in <paper>", "what do they mean by 'X'", "what exactly is the 'X' thing", "define X": the
 * term X (group 1 or 2).
 */
const DEFINITION_QUESTION =
  /\bwhat(?:\s+(?:exactly|actually|really))?(?:'s|’s|\s+is|\s+are)\s+(?:exactly\s+|actually\s+|really\s+)?(?:the\s+|an?\s+)?['"‘“]?((?:[\p{L}\p{N}][\p{L}\p{N}'’.+_/$-]*\s*){1,5}?)['"’”]?(?:\s+(?:thing|part|component|module|idea|concept|term|bit|step|trick))?\s*(?:\b(?:in|from|of|for|about|supposed|used|meant|they|that|doing|do|does|mean|exactly|actually|really|here|again)\b|[?.!,]|$)|\b(?:mean|meant)\s+(?:by|with)\s+['"‘“]?((?:[\p{L}\p{N}][\p{L}\p{N}'’.+_/$-]*\s*){1,5}?)['"’”]?\s*(?:\b(?:in|for|when|here|there)\b|[?.!,]|$)/iu;
/** What a "what is the … of" question asks that is no term: an aspect of the paper ("the main idea", "the speedup"). */
const NOT_A_TERM =
  /^(?:used|needed|required|done|known|meant|special|novel|wrong|important|interesting|unique|better|worse|good|bad|missing|left|it|this|that|they|these|those|there|new|going|next|different|difference|best|main|key|big|overall|general|purpose|point|goal|aim|role|idea|contribution|takeaway|finding|findings|result|results|problem|issue|limitation|advantage|benefit|reason|cause|motivation|intuition|catch|deal|impact|effect|relationship|relation|status|state|story|latest|paper|work|study|method|approach|model|name|title|source|code|link|speedup|speed|size|number|accuracy|score|cost|trade-?off|gist|summary|tl;?dr|one|ones|their|its|your|my|our|same|answer|worst|biggest|largest|smallest|most|least|typical|usual|current)s?\b/i;

/** The term a question asks the meaning of (see `QuestionAnalysis.defines`). */
function definedTerm(q: string): string | undefined {
  if (FIGURE_QUESTION.test(q) || ENTITY_QUESTION.test(q)) return undefined;
  const m = DEFINITION_QUESTION.exec(q);
  const term = (m?.[1] ?? m?.[2])
    ?.replace(/\s+(?:thing|part|component|module|idea|concept|term|bit|step|trick)\s*$/i, '')
    .replace(/^['"‘“\s]+|['"’”.,\s]+$/g, '');
  if (!term || NOT_A_TERM.test(term)) return undefined;
  return term;
}

/** "Why…", "what causes…", "how come…", "the reason…", "what do they blame … on". */
const WHY_QUESTION =
  /\bwhy\b|\bhow\s+come\b|\bwhat\s+(?:causes|caused|drives|drove|explains|leads\s+to|led\s+to)\b|\bblame\w*\b|\breasons?\b/i;
/** A question that opens with an auxiliary: yes or no ("does it…", "is it true that…", "can I…"), not a request ("is there a paper…", "can you…"). */
const YES_NO_QUESTION =
  /^(?:(?:so|and|but|ok|okay|also)\s+)?(?:does|did|do|is|are|was|were|can|could|has|have|will|would|should)\b(?!\s+(?:there|anyone|anybody|you|u)\b)/i;

/** "Earlier methods", "existing reviews", "the old fixes": a question about others' work. */
const PRIOR_WORK_QUESTION =
  /\b(?:earlier|existing|previous|prior|older|old|past|traditional|conventional|usual|standard|vanilla)\s+(?:[\p{L}-]+\s+){0,2}?(?:methods?|approach(?:es)?|works?|models?|systems?|techniques?|reviews?|surveys?|theories|solutions?|studies|tools?|fixes|pipelines?|baselines?|attempts?|designs?)\b/iu;

/** "How cheap is…", "how robust is…": the adjective is what the answer must speak to. */
const HOW_ADJECTIVE = /\bhow\s+([a-z]{4,})\b/i;
const NOT_FOCUS = /^(?:much|many|does|did|were|well|good|come|could|would|should|about|often|they|their|this|that|these)$/;

/**
 * Read a question: collapse its white space, refuse an empty or over-long one (a typed failure, with a
 * message fit for the user), and analyse the rest.
 */
export function readQuestion(question: string): { ok: true; question: QuestionAnalysis } | { ok: false; error: QuestionError } {
  const q = question.replace(/\s+/g, ' ').trim();
  if (q === '')
    return { ok: false, error: { code: 'EMPTY_QUESTION', message: 'Ask a question, for example: "How does KIVI quantize the KV cache?"' } };
  if (q.length > MAX_QUESTION_CHARS) {
    return {
      ok: false,
      error: {
        code: 'QUESTION_TOO_LONG',
        message: `That question is ${q.length} characters long; please keep it under ${MAX_QUESTION_CHARS}.`,
      },
    };
  }
  return { ok: true, question: analyzeQuestion(q) };
}

/** Analyse a (collapsed, trimmed) question's wording. */
export function analyzeQuestion(q: string): QuestionAnalysis {
  const claim = statesClaim(q);
  const asks = claim ? undefined : askingClauses(q);
  // What kind of sentence answers is read from the clause that asks ("the speedup paper — how do they verify
  // drafts?" asks for no figure); whether a paper is asked for, and spoken of as "they", from the whole question.
  const asking = asks ?? q;
  return {
    text: q,
    searchText: withoutFraming(q),
    kind: LIST_QUESTION.test(q) || DATED_REQUEST.test(q) || NEWEST_REQUEST.test(q) ? 'list' : 'single',
    cues: {
      preferFigures: FIGURE_QUESTION.test(asking),
      preferEntities: ENTITY_QUESTION.test(asking),
      preferProblems: PROBLEM_QUESTION.test(asking),
      preferResults: RESULT_QUESTION.test(asking),
      asksForPaper: PAPER_QUESTION.test(q),
      statesClaim: claim,
      asksHow: HOW_QUESTION.test(asking),
      refersToPaper: PAPER_PRONOUN.test(q),
      asksPriorWork: PRIOR_WORK_QUESTION.test(asking),
      asksWhy: WHY_QUESTION.test(asking),
      asksYesNo: YES_NO_QUESTION.test(asking.slice(OPENER.exec(asking)?.[0].length ?? 0)),
    },
    focus: focusWord(asking),
    asks,
    defines: claim ? undefined : definedTerm(asking),
  };
}

function focusWord(q: string): string | undefined {
  const m = HOW_ADJECTIVE.exec(q);
  const w = m?.[1]?.toLowerCase();
  return w !== undefined && !NOT_FOCUS.test(w) ? w : undefined;
}

/** Whole messages that are chat, not questions: greetings, thanks and sign-offs, requests for help. */
const SMALL_TALK: [SmallTalk, RegExp][] = [
  [
    'greeting',
    /^(?:hi|hello|hey|heya|hiya|yo|howdy|greetings|good\s+(?:morning|afternoon|evening)|sup|what'?s\s+up)(?:\s+(?:there|citebot|bot|all|everyone|folks))?[\s!.,?]*$/i,
  ],
  [
    'thanks',
    /^(?:(?:thanks?|thank\s+you|thx|ty|tysm|cheers|great|perfect|awesome|nice|cool|ok(?:ay)?|got\s+it|bye|goodbye|cya)(?:\s+(?:so\s+much|a\s+lot|very\s+much|citebot|bot|again))?[\s!.,]*)+$/i,
  ],
  [
    'help',
    /^(?:help(?:\s+me)?|\?+|what\s+can\s+(?:you|i)\s+(?:do|ask(?:\s+you)?)|what\s+do\s+you\s+do|how\s+do\s+(?:i|you)\s+use\s+(?:this|you|it|citebot)|how\s+does\s+this\s+(?:bot\s+)?work|who\s+are\s+you|what\s+are\s+you)[\s!.?]*$/i,
  ],
];

/** What a message says instead of a question ("hi", "thanks!", "what can you do?"), when it is only that. */
export function smallTalk(q: string): SmallTalk | undefined {
  const t = q.trim();
  return SMALL_TALK.find(([, re]) => re.test(t))?.[0];
}

/** A question about the collection itself: "what papers do you have?", "how many papers are there?", "list all papers". */
const COLLECTION_QUESTION =
  /^(?:(?:(?:can\s+you\s+)?(?:list|show(?:\s+me)?)\s+(?:me\s+)?(?:all\s+)?(?:the\s+|your\s+)?papers(?:\s+you\s+have)?)|(?:what|which)\s+papers\s+(?:do\s+you\s+(?:have|know(?:\s+about)?)|are\s+(?:there|in\s+(?:the|this|your)\s+collection|available))|how\s+many\s+papers(?:\s+(?:do\s+you\s+have|are\s+there|are\s+in\s+(?:the|this|your)\s+collection|do\s+you\s+know))?|what(?:'?s|\s+is)\s+in\s+(?:the|this|your)\s+collection|all\s+(?:the\s+)?papers)[\s!.?]*$/i;

/** Whether a question asks about the collection itself rather than a topic. */
export function asksAboutCollection(q: string): boolean {
  return COLLECTION_QUESTION.test(q.trim());
}
