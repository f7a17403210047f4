/**
 * How ranking weighs a question's words, beyond what the retriever resolved (`analyzeQuery`). An asker's own
 * hyphenated coinage ("noise-removal", "human-vs-machine", "task-unique") is read as its parts. The retriever
 * weighs a compound word by its rarest term, and a compound the field never writes is as rare as a word can
 * be: one coinage would outweigh three real rare words, and a paper that says "noise removal" in two words
 * covered it only by its rarer part's weight. A compound the field does write ("fine-tuning", "zero-shot") stays one word.
 */
import { analyze, fold } from '../retrieval/analyzer.js';
import { analyzeQuery, type QueryWord } from '../retrieval/query.js';
import type { TermWeights, TypoCorrection } from '../retrieval/retriever.js';
import type { TermStats } from '../retrieval/term-stats.js';

/**
 * A compound in fewer background papers than this is the asker's coinage, not a term of the field (the
 * retriever's line between a real word and a typo, `REAL_WORD_DF` in `retrieval/query.ts`).
 */
export const COINED_DF = 20;

/** Letters joined by hyphens, nothing else ("Llama-2-7B" is a name, not a coinage). */
const HYPHENATED = /^\p{L}+(?:-\p{L}+)+$/u;

/**
 * The question's words for ranking: each hyphenated compound the background corpus does not know split into
 * one word per part (weighed by its own IDF), the compound's term kept with each part so a paper writing it
 * whole still matches. Without background statistics, words are returned as they are.
 */
export function rankingWords(words: readonly QueryWord[], index: TermWeights & TypoCorrection, stats: TermStats | undefined): QueryWord[] {
  if (!stats) return [...words];
  const taken = new Set(words.map((w) => w.terms.join(' ')));
  const out: QueryWord[] = [];
  for (const w of words) {
    const compound = w.terms[0]!;
    if (w.corrected || w.terms.length < 3 || !HYPHENATED.test(w.text) || stats.docFrequency(compound) >= COINED_DF) {
      out.push(w);
      continue;
    }
    const compoundKnown = index.has(compound) ? [compound] : [];
    // A typo in a compound the field writes ("inferance-time" for inference-time) is that compound typed
    // right, one word: split, a paper naming it whole would lose the compound's weight.
    const fixed = fixedCompound(w.text, index, stats);
    if (fixed !== undefined) {
      out.push({ ...fixed, text: w.text, corrected: fixed.terms[0]! });
      continue;
    }
    for (const text of w.text.split('-')) {
      let part = analyze(text)[0];
      if (part === undefined) continue; // a stop word
      // A part the field does not write is read as the retriever reads a word: a typo is corrected
      // ("inferance-time" → inference, time) as it would be typed alone, whether no paper has it or a few share it.
      const typo = stats.docFrequency(part) < COINED_DF ? analyzeQuery(text, index, stats)[0] : undefined;
      if (typo?.corrected) part = typo.corrected;
      if (taken.has(part)) continue; // a word the question has anyway
      taken.add(part);
      if (typo?.corrected) {
        out.push({
          text,
          terms: [...typo.terms, compound],
          weight: typo.weight,
          known: [...typo.known, ...compoundKnown],
          corrected: typo.corrected,
        });
        continue;
      }
      const known = index.has(part) ? [part, ...compoundKnown] : compoundKnown;
      out.push({ text, terms: [part, compound], weight: stats.idf(part), known });
    }
  }
  return out;
}

/**
 * The word a hyphenated compound is when its misspelt parts are corrected, as the retriever would correct
 * each typed alone ("inferance-time" → "inference-time"), if the field writes that compound; else undefined.
 */
function fixedCompound(text: string, index: TermWeights & TypoCorrection, stats: TermStats): QueryWord | undefined {
  let changed = false;
  const parts = text.split('-').map((part) => {
    const folded = fold(part);
    // A part no paper writes (its stem may still be a word: "inferance" stems as "inference" does).
    if (!/^[a-z]{4,}$/.test(folded) || index.closestWord(folded, 0) !== undefined) return part;
    const word = index.closestWord(folded, folded.length >= 8 ? 2 : 1);
    if (word === undefined) return part;
    changed = true;
    return word;
  });
  if (!changed) return undefined;
  const [fixed] = analyzeQuery(parts.join('-'), index, stats);
  return fixed && stats.docFrequency(fixed.terms[0]!) >= COINED_DF ? fixed : undefined;
}
