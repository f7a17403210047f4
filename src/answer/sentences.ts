/** A sentence of a text, by offsets into it (the text is never copied or changed). */
export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations a sentence never ends with ("e.g. BERT", "i.e. Adam", LaTeX's "\textit{e.g.} CLIP"): a break after one is always undone. */
const NEVER_LAST = /(?:^|[\s([{])(?:e\.g|i\.e|cf|viz|vs)\.\}?$/i;
/** Abbreviations that end a sentence only when a capitalised sentence follows ("et al. showed", "etc. and"). */
const BEFORE_LOWER = /\b(?:et al|etc|Fig|Figs|Eq|Eqs|resp|approx|ca)\.$/i;
/** Abbreviations before a number ("ref. 3", "Aug. 31", "approx. 5", "no. 12", "p. 561"). */
const BEFORE_NUMBER =
  /\b(?:approx|ca|no|nos|vol|vols|p|pp|ref|refs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Fig|Figs|Eq|Eqs|Tab|Sec|Suppl|Ch)\.$/i;
/** Titles before a name ("Dr. Smith"). */
const BEFORE_NAME = /\b(?:Dr|Drs|Mr|Mrs|Ms|Prof)\.$/;

/** Whether a break between `before` and the sentence starting with `next` follows an abbreviation, not a sentence. */
function afterAbbreviation(before: string, next: string): boolean {
  if (NEVER_LAST.test(before)) return true;
  // A name or a quoted question ending in "!" or "?" ("the CheckThat! lab", '"Which are correct?" and'): a sentence
  // does not open in lower case.
  if (/[!?]["'”’)\]}]*$/.test(before) && /^[a-z]/.test(next)) return true;
  if (BEFORE_LOWER.test(before) && /^[a-z0-9(]/.test(next)) return true;
  if (BEFORE_NUMBER.test(before) && /^\d/.test(next)) return true;
  return BEFORE_NAME.test(before) && /^\p{Lu}/u.test(next);
}

/**
 * Split text into sentences (Unicode sentence boundaries, not a split on "."), trimmed of surrounding
 * white space. A break before a lower-case word is undone (after a name such as "CheckThat!"), and so is a break
 * after an abbreviation: always after "e.g.", "i.e.", "cf.", "viz.", "vs.";
 * after "et al.", "etc.", "Fig." and the like when the next word is not capitalised; after "ref.", "no.",
 * "approx.", a month and the like before a number; after "Dr.", "Prof." and the like before a name.
 */
export function sentences(text: string): Span[] {
  const spans: Span[] = [];
  for (const seg of segmenter.segment(text)) {
    const lead = seg.segment.length - seg.segment.trimStart().length;
    const start = seg.index + lead;
    const end = seg.index + seg.segment.trimEnd().length;
    if (end <= start) continue;
    const prev = spans[spans.length - 1];
    if (prev && afterAbbreviation(text.slice(prev.start, prev.end), text.slice(start, start + 2))) {
      prev.end = end;
      continue;
    }
    spans.push({ start, end });
  }
  return spans;
}
