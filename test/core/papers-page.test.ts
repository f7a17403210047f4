import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCodeUrl, parsePapersPage } from '../../src/corpus/papers-page.js';

const SEED = readFileSync(new URL('../../data/sources/papers-page.txt', import.meta.url), 'utf8');
const ABSTRACT = 'We study a thing at length. '.repeat(8).trim();

describe('papers page parser', () => {
  it('finds all 33 title/abstract blocks of the seed page and skips its chrome', () => {
    const { entries, skipped } = parsePapersPage(SEED);
    expect(entries).toHaveLength(33);
    expect(entries[0]!.title).toBe('Dynamic Sparse No Training: Training-Free Fine-tuning for Sparse LLMs');
    expect(entries[0]!.titleLine).toBe(11);
    expect(entries.at(-1)!.title).toBe('Label Supervised LLaMA Finetuning');
    expect(skipped.map((s) => s.text)).toEqual([
      'new',
      'Get trending papers in your email inbox!',
      'Subscribe',
      'byAK and the research community',
      'Mar 14',
    ]);
    expect(skipped.every((s) => s.reason === 'page-chrome')).toBe(true);
  });

  it('skips chrome it has never seen, by shape rather than by a list of lines', () => {
    const page = `Trending\n\nSign in\n\nJune 3, 2025\n\nA Real Paper Title About Things\n\n${ABSTRACT}\n\nPowered by something\n`;
    const { entries, skipped } = parsePapersPage(page);
    expect(entries.map((e) => e.title)).toEqual(['A Real Paper Title About Things']);
    expect(entries[0]!.abstract).toBe(ABSTRACT);
    expect(skipped.map((s) => s.text)).toEqual(['Trending', 'Sign in', 'June 3, 2025', 'Powered by something']);
  });

  it('reports an abstract with no title before it, with its line', () => {
    const page = `Title One Of A Paper\n\n${ABSTRACT}\n\n${ABSTRACT}\n`;
    const { entries, skipped } = parsePapersPage(page);
    expect(entries).toHaveLength(1);
    expect(skipped).toEqual([{ line: 5, text: ABSTRACT, reason: 'abstract-without-title' }]);
  });

  it('reports a title left without its abstract', () => {
    const page = `Title One Of A Paper\n\n${ABSTRACT}\n\nA Second Paper Title Without Text\n`;
    const { entries, skipped } = parsePapersPage(page);
    expect(entries).toHaveLength(1);
    expect(skipped).toEqual([{ line: 5, text: 'A Second Paper Title Without Text', reason: 'title-without-abstract' }]);
  });

  it('handles CRLF line ends, stray spaces, and empty input', () => {
    const page = `  Title One Of A Paper  \r\n\r\n${ABSTRACT}\r\n`;
    expect(parsePapersPage(page).entries).toEqual([{ title: 'Title One Of A Paper', abstract: ABSTRACT, titleLine: 1, abstractLine: 3 }]);
    expect(parsePapersPage('')).toEqual({ entries: [], skipped: [] });
  });

  it('pulls code URLs out of abstracts without trailing punctuation', () => {
    expect(extractCodeUrl('Codes are available at https://github.com/zyxxmu/DSnoT.')).toBe('https://github.com/zyxxmu/DSnoT');
    expect(extractCodeUrl('see https://github.com/ZhaolinGao/REFUEL/, and more')).toBe('https://github.com/ZhaolinGao/REFUEL');
    expect(extractCodeUrl('data at https://huggingface.co/datasets/nvidia/HelpSteer2')).toBeNull();
    expect(extractCodeUrl('our org https://github.com/openai.')).toBeNull();
  });
});
