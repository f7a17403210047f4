/**
 * What a question does beyond asking about a topic, from its wording: compare two papers ("compare A and B", "A vs
 * B", "difference between A and B"), follow up on the previous turn ("and the value cache?", "how much faster is
 * it?"), and the names of papers or methods it uses (shaped like names: "FastViDAR", "SwiftKV", "GPT-4").
 */

/** A comparison: the two things compared, as typed, and the aspect, when one is given. */
export interface CompareIntent {
  sides: [string, string];
  aspect: string | undefined;
}

const SIDE = '([^,;?]{1,60}?)';
const ASPECT = String.raw`(?:\s*(?:,|:|\s)\s*(?:on|in|for|regarding|with\s+respect\s+to|in\s+terms\s+of|when\s+it\s+comes\s+to)\s+([^?]{1,80}?))?`;
const COMPARE_RULES = [
  new RegExp(
    String.raw`^(?:can\s+you\s+|please\s+)?(?:compare|contrast)\s+${SIDE}\s+(?:and|with|to|vs\.?|versus)\s+${SIDE}${ASPECT}\s*[?.!]?$`,
    'i',
  ),
  new RegExp(
    String.raw`^(?:what(?:['’]?s|\s+is|\s+are)\s+(?:the\s+)?|how\s+do(?:es)?\s+)?(?:main\s+|key\s+|real\s+)?(?:differ(?:ences?|s?)|diff)\s+between\s+${SIDE}\s+and\s+${SIDE}${ASPECT}\s*[?.!]?$`,
    'i',
  ),
  new RegExp(String.raw`^how\s+(?:does|do)\s+${SIDE}\s+(?:compare|stack\s+up)\s+(?:to|with|against)\s+${SIDE}${ASPECT}\s*[?.!]?$`, 'i'),
  new RegExp(String.raw`^how\s+(?:is|are|does|do)\s+${SIDE}\s+differ(?:ent)?\s+(?:from|than|to)\s+${SIDE}${ASPECT}\s*[?.!]?$`, 'i'),
  new RegExp(String.raw`^which\s+is\s+better\s*[,:]?\s+${SIDE}\s+or\s+${SIDE}${ASPECT}\s*[?.!]?$`, 'i'),
  new RegExp(String.raw`^${SIDE}\s+(?:vs\.?|versus)\s+${SIDE}()\s*[?.!]?$`, 'i'),
];

/** A side that is no one thing but the rest of the field ("other quantization methods", "prior work"). */
const GENERIC_SIDE = /^(?:other|others|previous|prior|existing|traditional|conventional|standard|earlier|regular|normal|usual)\b/i;

/** The comparison a question asks for, if any. */
export function compareIntent(text: string): CompareIntent | undefined {
  for (const [k, re] of COMPARE_RULES.entries()) {
    const m = re.exec(text.trim());
    if (!m) continue;
    const a = cleanSide(m[1]!);
    const b = cleanSide(m[2]!);
    // A bare "A vs B" compares two names, not "label supervised llama text classification vs bert and roberta".
    const most = k === COMPARE_RULES.length - 1 ? 3 : 6;
    const long = (side: string) => side.split(/\s+/).length > most || (k === COMPARE_RULES.length - 1 && /\b(?:and|or)\b/i.test(side));
    if (a === '' || b === '' || long(a) || long(b) || GENERIC_SIDE.test(a) || GENERIC_SIDE.test(b)) continue;
    return { sides: [a, b], aspect: m[3]?.trim() || undefined };
  }
  return undefined;
}

function cleanSide(s: string): string {
  return s
    .trim()
    .replace(/^(?:the\s+)?(?:papers?\s+)?/i, '')
    .replace(/\s+(?:papers?|methods?|approach(?:es)?)$/i, '')
    .trim();
}

/** Openings of a follow-up that leans on the previous turn ("and…", "what about…", "also…"). */
const FOLLOW_OPENING =
  /^(?:and|also|but|so|then|what\s+about|how\s+about|and\s+what\s+about|what\s+else|anything\s+else|same\s+for|ok(?:ay)?,?\s+and)\b/i;
/** Words that point back at the thread's paper ("it", "this method", "the paper", "they"). */
const BACK_REFERENCE =
  /\b(?:it|its|it's|itself|they|them|their|this|that|these|those|the\s+(?:paper|method|approach|model|authors?|technique|work))\b/i;

/**
 * Whether a question, asked after other turns, leans on them: it opens like a follow-up, or points back ("it",
 * "this method") and names no paper of its own, or is a fragment of at most three words that names nothing
 * ("what is FastViDAR?" asks about a new name, even when no paper has it) and asks for no list of its own topic
 * ("papers about Italian" starts a new topic; "any other papers?" does not).
 */
export function isFollowUp(text: string, namesOwnPaper: boolean, namesAnything = namesOwnPaper, listsOwnTopic = false): boolean {
  if (FOLLOW_OPENING.test(text.trim())) return true;
  if (namesOwnPaper) return false;
  if (BACK_REFERENCE.test(text)) return true;
  return !namesAnything && !listsOwnTopic && text.trim().split(/\s+/).length <= 3;
}

/** Words of a list request that say "more of the same" rather than a topic ("any other papers?", "similar ones"). */
const LIST_FILLER =
  /^(?:papers?|works?|studies|articles?|publications?|ones?|any|some|more|other|others|similar|related|else|also|too|like|further|additional)$/i;

/** Whether a list request's search text (framing and filters blanked) holds a topic word of its own. */
export function hasOwnTopic(searchText: string, stopWords: ReadonlySet<string>): boolean {
  return (searchText.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).some(
    (w) => w.length > 1 && !stopWords.has(w.toLowerCase()) && !LIST_FILLER.test(w),
  );
}

/** A word as typed, hyphenated parts included ("SwiftKV", "LASP-2H", "GPT-4"). */
const TOKEN = /[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*/gu;

/**
 * The words of a text shaped like the name of a paper or method: a capital after the first letter ("FastViDAR",
 * "SwiftKV", "KIVI"), or capitals with digits ("GPT-4"); at least three characters. None when the text is mostly in
 * capitals (shouting, not naming).
 */
export function namedWords(text: string): { name: string; start: number; end: number }[] {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const caps = letters.replace(/[^\p{Lu}]/gu, '');
  if (letters.length > 0 && caps.length / letters.length > 0.6) return [];
  const out: { name: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const w = m[0];
    if (w.length < 3 || !/\p{L}/u.test(w)) continue;
    if (/^.+\p{Lu}/u.test(w) || (/\p{Lu}/u.test(w) && /\p{N}/u.test(w))) out.push({ name: w, start: m.index, end: m.index + w.length });
  }
  return out;
}

/**
 * "Papers like KIVI", "anything similar to SwiftKV?", "what's related to the hedgehog paper", "more like this": a
 * request for the papers closest to one paper, and the words naming it ("KIVI", "this"; empty for "similar papers?").
 * Whether those words name exactly one paper is for the caller to decide ("papers related to kv cache" is a topic).
 */
export function similarIntent(text: string): { subject: string } | undefined {
  const t = text.trim();
  const m = SIMILAR.exec(t);
  if (m) return { subject: m[1]!.trim() };
  return SIMILAR_BARE.test(t) ? { subject: '' } : undefined;
}

const SIMILAR =
  /^(?:(?:are\s+there|is\s+there|do\s+you\s+have|(?:can\s+you\s+)?(?:show|find|give|recommend|suggest)(?:\s+me)?|list|what(?:'s|\s+is|\s+are)?|which)\s+)?(?:(?:any|some|other|more|the)\s+)*(?:papers?|works?|ones?|stuff|things?|anything|something|research|articles?)?\s*(?:(?:is|are)\s+)?(?:(?:similar|related|close(?:st)?)\s+to|like)\s+(.+?)[\s?.!]*$/i;
const SIMILAR_BARE =
  /^(?:(?:any|some|other|more)\s+)*(?:similar|related)\s+(?:papers?|works?|ones?)[\s?.!]*$|^(?:any(?:thing)?\s+|some(?:thing)?\s+)?(?:more\s+|else\s+)?(?:papers?\s+)?like\s+(?:this|that|it)(?:\s+one)?[\s?.!]*$/i;
