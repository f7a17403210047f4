import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARED_CORPUS } from './evaluate.js';
import { fitQuestionWords, QUESTION_WORDS_FILE } from './fit-question-words.js';

const committed = JSON.parse(readFileSync(QUESTION_WORDS_FILE, 'utf8')) as { words: Record<string, [number, number, number]> };

describe('fitting the language of asking', () => {
  it.runIf(existsSync(SHARED_CORPUS))(
    'data/question-words.json is what `npm run fit:question-words` makes of the training questions',
    async () => {
      const fit = await fitQuestionWords();
      expect(fit.words).toEqual(committed.words);
    },
    60_000,
  );

  it('lists the words of asking and no topic word', () => {
    // Asked with in many questions whose papers never say them.
    for (const term of ['keep', 'vs', 'wai', 'trick', 'try']) expect(committed.words[term]?.[2], term).toBeLessThan(0.5);
    // Topic words the answering abstracts say.
    for (const term of ['llama', 'quantiz', 'translat', 'attent', 'model']) expect(committed.words[term], term).toBeUndefined();
  });
});
