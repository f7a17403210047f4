/**
 * The language of asking: words questions use that the answering abstracts seldom say ("keep", "vs", "trick",
 * "way", "the one that"), each with the share of its weight it keeps in a question. Their IDF is high because
 * abstracts rarely write them, so unscaled they would weigh like a rare topic word. Fitted from training questions
 * with known answers (`data/question-words.json`, written by `npm run fit:question-words`); a word not listed
 * keeps its whole weight.
 */
import data from '../../data/question-words.json' with { type: 'json' };

const WHERE = 'data/question-words.json';

function parse(raw: unknown): ReadonlyMap<string, number> {
  const words = (raw as { words?: unknown } | null)?.words;
  if (typeof words !== 'object' || words === null) throw new Error(`${WHERE}: "words" must be an object`);
  const out = new Map<string, number>();
  for (const [term, entry] of Object.entries(words)) {
    const factor = Array.isArray(entry) ? entry[2] : undefined;
    if (typeof factor !== 'number' || !(factor > 0 && factor <= 1)) {
      throw new Error(`${WHERE}: "words.${term}" must be [questions, said, factor] with 0 < factor <= 1`);
    }
    out.set(term, factor);
  }
  return out;
}

const FACTORS = parse(data);

/** The share of its weight an index term keeps as a question word (1 for a topic word). */
export function askingFactor(term: string): number {
  return FACTORS.get(term) ?? 1;
}
