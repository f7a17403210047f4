/**
 * Papers a question names by the name their title leads with ("Me LLaMA: Foundation…", "LLaMA-Adapter V2: …"):
 * a question that writes a paper's own name asks about that paper, even when the name's words are a stop word
 * and a word of the field ("me", "llama") that weigh nothing in the search.
 */
import { fold, termsOfWord } from '../retrieval/analyzer.js';

/** Words of a title lead, at most: a longer lead is a phrase of the title, not a name. */
const MAX_LEAD_WORDS = 4;

/** A word shaped like a coined name: a capital after lower-case letters ("LLaMA", "SwiftKV"), or letters and digits ("V2", "LASP-2"). */
function coined(word: string): boolean {
  return (
    word.split('-').some((s) => (/\p{Ll}/u.test(s) && /^.+\p{Lu}/u.test(s)) || (/\p{L}/u.test(s) && /\p{N}/u.test(s))) ||
    /\p{L}.*-\p{N}/u.test(word)
  );
}

/** Folded words of a text, for phrase matching (stop words kept). */
function phrase(text: string): string {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .join(' ');
}

/**
 * Of the papers found named in a question (`named`: `Retriever.namedIn`), those whose title's lead (before the
 * colon, at most four words) the question writes as a phrase, when the lead is a coined name, or as one word
 * when it has several, and not a term of the field: its words joined ("pubmedqa", "gpt4") must not be common (`isCommon`), since a dataset or model many
 * papers use ("PubMedQA", "GPT-4") is named in questions about other papers.
 */
export function namedByTitle(
  text: string,
  named: Iterable<number>,
  titleOf: (doc: number) => string,
  isCommon: (term: string) => boolean,
): Set<number> {
  const asked = ` ${phrase(text)} `;
  // The question's words typed as one ("MeLLaMA", "Me-LLaMA"), to meet a lead of several words written so.
  const typedWhole = new Set(text.split(/\s+/).map((w) => phrase(w).replaceAll(' ', '')));
  const out = new Set<number>();
  for (const doc of named) {
    const title = titleOf(doc);
    const colon = title.indexOf(':');
    if (colon <= 0) continue;
    const lead = title.slice(0, colon).trim();
    const words = lead.split(/\s+/);
    if (words.length > MAX_LEAD_WORDS) continue;
    const isCoined = words.some(coined);
    const folded = phrase(lead);
    const whole = folded.replaceAll(' ', '');
    // Written as a phrase, only a coined name names the paper; a lead of several words typed as one word
    // ("llamaguard" for "Llama Guard") is a name whatever its case: nobody joins the words of a phrase.
    const asPhrase = isCoined && asked.includes(` ${folded} `);
    const asOneWord = (isCoined || words.length > 1) && typedWhole.has(whole);
    if (folded === '' || !(asPhrase || asOneWord)) continue;
    const joined = termsOfWord(whole)[0];
    if (joined !== undefined && isCommon(joined)) continue;
    out.add(doc);
  }
  return out;
}
