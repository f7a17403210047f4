/**
 * Questions about a paper's record rather than its content: who wrote it, when it was published, where its code
 * is, where it was published. Read from the wording alone (no index): the field asked for, and the words that
 * name the paper ("KIVI", "the hedgehog paper", "it"). Whether those words name one paper of the collection is
 * for `ask` to decide. A topic that merely contains such words ("code generation with LLMs", "papers from 2024
 * on KV cache") is no such question: every rule reads the whole question, as a question about one thing.
 */

/** A field of a paper's record a question may ask for. */
export type RecordField = 'authors' | 'year' | 'code' | 'venue';

/** A question about one field of a paper's record. */
export interface RecordQuestion {
  field: RecordField;
  /** Where the words naming the paper are in the question (`start === end` when it names none: "where's the code?"). */
  subject: { start: number; end: number };
}

/** Openings that change nothing: "and", "ok,", a greeting, "can you tell me", "do you know", "I'd like to know". */
const OPENING = String.raw`(?:(?:and|also|so|ok(?:ay)?|hi|hey|hello|then)[,!]?\s+)*(?:(?:can|could|would)\s+you\s+(?:please\s+)?(?:tell|show|give)\s+me\s+|(?:do|does)\s+(?:you|anyone)\s+know\s+|i\s+(?:want|need|would\s+like|['’]d\s+like)\s+to\s+know\s+|please\s+(?:tell\s+me\s+)?|tell\s+me\s+)?`;
/** The words naming the paper: anything but another question's punctuation. */
const SUBJECT = '(?<s>[^?!;]{1,120}?)';
/** "… of KIVI", "… for the hedgehog paper", "… behind it": a subject after a preposition, or none. */
const OF_SUBJECT = String.raw`(?:\s+(?:of|for|behind|from|in|on)\s+${SUBJECT})?`;
/** "KIVI's", "its", "the paper's": a subject before the field. */
const POSSESSOR = `${SUBJECT}(?:['’]s)?`;

/** Published, in the words people use for it. */
const PUBLISHED = String.raw`(?:first\s+)?(?:published|released|written|posted|submitted|put\s+out|come\s+out|came\s+out|appear(?:ed)?|out|made\s+public|announced|presented)(?:\s+(?:on|at|to)\s+arxiv)?`;
/** Where code lives: the code, an implementation, a GitHub repository. */
const CODE = String.raw`(?:(?:the|its|their|an?|any|some)\s+)?(?:(?:official|public|publicly\s+available|open[- ]source)\s+)?(?:source\s+code|code\s*base|code|implementation|github(?:\s+(?:repo(?:sitory)?|page|link|project))?|git\s+repo(?:sitory)?|repo(?:sitory)?)(?:\s+(?:link|url|page|address))?`;
/** The same, but not "implementation" ("what is the implementation of X" asks how it is done, not where). */
const CODE_LINK = String.raw`(?:(?:the|its|their|an?)\s+)?(?:(?:official|public|open[- ]source)\s+)?(?:source\s+code|code\s*base|code|github(?:\s+(?:repo(?:sitory)?|page|project))?|git\s+repo(?:sitory)?|repo(?:sitory)?|implementation\s+(?:link|url|repo(?:sitory)?))(?:\s+(?:link|url|page|address))?`;
const AVAILABLE = String.raw`(?:publicly\s+)?(?:available|released|public|out|online|on\s+github|open[- ]sourced?)`;
const VENUE = String.raw`(?:venue|conference|journal|workshop|proceedings|publication\s+venue)`;

/** Each rule reads a whole question (trailing punctuation aside); `s` is the subject, when it names one. */
const RULES: [RecordField, string][] = [
  // Authors.
  [
    'authors',
    String.raw`who\s+(?:wrote|writes|authored|co-?authored|created|made|developed|proposed|introduced|invented|published|(?:is|are|was|were)\s+behind)\s+(?!about\b|on\b|regarding\b)${SUBJECT}`,
  ],
  [
    'authors',
    String.raw`(?:who|what)\s+(?:is|are|was|were)\s+(?:the\s+)?(?:names?\s+of\s+the\s+)?(?:(?:first|lead|main|last|senior|corresponding)\s+)?(?:authors?|writers?|researchers|team|creators?|inventors?)${OF_SUBJECT}`,
  ],
  ['authors', String.raw`(?:who|what)\s+(?:is|are|was|were)\s+${POSSESSOR}\s+(?:(?:first|lead|main|last)\s+)?authors?`],
  ['authors', String.raw`(?:(?:list|show|give|name)\s+(?:me\s+)?)?(?:all\s+)?(?:the\s+)?authors?\s+(?:of|for|on)\s+${SUBJECT}`],
  ['authors', String.raw`whose\s+(?:paper|work)\s+is\s+${SUBJECT}`],
  ['authors', String.raw`who\s+(?:is|was|are|were)\s+${SUBJECT}\s+by`],
  ['authors', String.raw`${POSSESSOR}\s+(?:authors?|authorship)`],
  // Year.
  ['year', String.raw`when\s+(?:was|were|is|did|has|had)\s+${SUBJECT}\s+(?:been\s+)?${PUBLISHED}`],
  ['year', String.raw`when\s+${SUBJECT}\s+(?:was|were|came|come)\s+${PUBLISHED}`],
  ['year', String.raw`(?:in\s+)?(?:what|which)\s+year\s+(?:was|were|is|did)\s+${SUBJECT}(?:\s+(?:been\s+)?(?:${PUBLISHED}|from))?`],
  ['year', String.raw`when\s+(?:is|was)\s+${SUBJECT}\s+from`],
  [
    'year',
    String.raw`(?:what(?:['’]s|\s+is|\s+was)\s+)?(?:the\s+)?(?:publication|release|submission|arxiv)\s+(?:date|year|time)${OF_SUBJECT}`,
  ],
  ['year', String.raw`how\s+(?:old|recent|new)\s+is\s+${SUBJECT}`],
  ['year', String.raw`(?:was|is)\s+${SUBJECT}\s+(?:published|released|written|from)\s+(?:in\s+)?(?:19|20)\d\d`],
  ['year', String.raw`${POSSESSOR}\s+(?:publication\s+)?(?:year|date)(?:\s+of\s+publication)?`],
  // Code.
  [
    'code',
    String.raw`where(?:['’]s|\s+is|\s+are|\s+can\s+(?:i|we|one)\s+(?:find|get|download|see|access)|\s+(?:could|do|should)\s+(?:i|we)\s+(?:find|get)|\s+to\s+(?:find|get))\s+${CODE}${OF_SUBJECT}`,
  ],
  ['code', String.raw`where(?:['’]s|\s+is|\s+are|\s+can\s+i\s+find)\s+${POSSESSOR}\s+${CODE}`],
  ['code', String.raw`(?:is|are)\s+there\s+${CODE}(?:\s+${AVAILABLE})?${OF_SUBJECT}(?:\s+${AVAILABLE})?`],
  ['code', String.raw`(?:is|was|are)\s+${CODE}${OF_SUBJECT}\s+${AVAILABLE}`],
  ['code', String.raw`(?:is|are|was)\s+${POSSESSOR}\s+${CODE}\s+${AVAILABLE}`],
  ['code', String.raw`(?:is|are|was)\s+${SUBJECT}\s+(?:open[- ]sourced?|on\s+github)`],
  [
    'code',
    String.raw`(?:did|do|does|has|have|had)\s+${SUBJECT}\s+(?:release|released|publish|published|share|shared|open[- ]sourced?|provide|provided|have|has|come\s+with|include|made\s+available|make\s+available|put\s+out)\s+${CODE}(?:\s+${AVAILABLE})?`,
  ],
  ['code', String.raw`(?:has|have)\s+${CODE}${OF_SUBJECT}\s+been\s+(?:released|published|open[- ]sourced|made\s+(?:public|available))`],
  [
    'code',
    String.raw`(?:what(?:['’]s|\s+is|\s+are)\s+|give\s+me\s+|show\s+me\s+|find\s+|get\s+|i\s+(?:need|want)\s+)?(?:(?:the|a)\s+)?(?:link|url)\s+(?:to|for|of)\s+${CODE}${OF_SUBJECT}`,
  ],
  [
    'code',
    String.raw`(?:what(?:['’]s|\s+is|\s+are)\s+|give\s+me\s+|show\s+me\s+|find\s+|get\s+|i\s+(?:need|want)\s+)?${CODE_LINK}\s+(?:of|for|to)\s+${SUBJECT}`,
  ],
  ['code', String.raw`${POSSESSOR}\s+${CODE_LINK}`],
  // Venue.
  [
    'venue',
    String.raw`where\s+(?:was|were|is|has|did)\s+${SUBJECT}\s+(?:been\s+)?(?:published|presented|accepted|appear(?:ed)?|submitted|come\s+out|came\s+out)(?:\s+at)?`,
  ],
  [
    'venue',
    String.raw`(?:(?:at|in)\s+)?(?:what|which)\s+${VENUE}\s+(?:was|were|is|did|has)\s+${SUBJECT}(?:\s+(?:been\s+)?(?:published|presented|accepted|from|appear(?:ed)?|submitted|come\s+out|came\s+out))?(?:\s+(?:at|in))?`,
  ],
  ['venue', String.raw`(?:what(?:['’]s|\s+is|\s+was)\s+)?(?:the\s+)?${VENUE}${OF_SUBJECT}`],
  [
    'venue',
    String.raw`(?:was|is|has)\s+${SUBJECT}\s+(?:been\s+)?(?:published|accepted|presented|peer[- ]reviewed)(?:\s+(?:at|in)\s+(?:a|an|any)\s+${VENUE})?`,
  ],
  ['venue', String.raw`${POSSESSOR}\s+(?:venue|conference)`],
];

const COMPILED: [RecordField, RegExp][] = RULES.map(([field, body]) => [field, new RegExp(String.raw`^${OPENING}${body}\s*[?.!]*$`, 'id')]);

/** A question for a list of papers ("which papers release code for…"): never about one paper's record. */
const LIST = /\b(?:papers|works|studies|articles|publications)\b|\bwhich\s+(?:paper|work|study|method|one)s?\b/i;

/**
 * The record field a question asks for and the words naming the paper, if it is such a question: "who wrote
 * KIVI?", "who are the authors of the hedgehog paper", "when was it published?", "what year is LLaMA-Adapter V2
 * from?", "where's the code for KIVI?", "is there a github repo for Me LLaMA?", "where was X published?".
 * Undefined for anything else, a request for papers included. `q` is a question as `readQuestion` leaves it
 * (white space collapsed and trimmed).
 */
export function recordQuestion(q: string): RecordQuestion | undefined {
  if (LIST.test(q)) return undefined;
  for (const [field, re] of COMPILED) {
    const m = re.exec(q);
    if (!m) continue;
    const span = m.indices?.groups?.s;
    const subject = span ? { start: span[0], end: span[1] } : { start: q.length, end: q.length };
    return { field, subject: trimmed(q, subject) };
  }
  return undefined;
}

/** The subject without the spaces around it. */
function trimmed(q: string, { start, end }: { start: number; end: number }): { start: number; end: number } {
  while (start < end && q[start] === ' ') start++;
  while (end > start && q[end - 1] === ' ') end--;
  return { start, end };
}
