/** The lead line of an answer to a record question, decided once for every platform from the paper's record. */
import { describe, expect, it } from 'vitest';
import { answerView, recordLead } from '../../../adapters/shared/commands.js';
import type { Answer, Citation } from '../../../src/index.js';
import { testCitation, testResult } from '../support.js';

const kivi: Citation = { ...testCitation('2402.02750', 'KIVI', ['Zirui Liu']), etAl: true, codeUrl: 'https://github.com/jy-yuan/KIVI' };

describe('recordLead', () => {
  it('authors: the list, saying when the collection records only the first author(s)', () => {
    expect(recordLead('authors', kivi)).toEqual({
      field: 'authors',
      label: 'Authors',
      text: 'Zirui Liu et al.',
      note: '(the collection records the first author only)',
    });
    expect(recordLead('authors', { ...kivi, authors: ['Zirui Liu', 'Jiayi Yuan'] }).note).toBe(
      '(the collection records only the first 2 authors)',
    );
    const whole = { ...kivi, etAl: false, authors: ['A One', 'B Two', 'C Three', 'D Four'] };
    expect(recordLead('authors', whole)).toEqual({ field: 'authors', label: 'Authors', text: 'A One, B Two, C Three, D Four' });
    const many = { ...whole, authors: Array.from({ length: 45 }, (_, i) => `Author ${i}`) };
    expect(recordLead('authors', many).note).toBe('(45 authors in all)');
    expect(recordLead('authors', { ...kivi, authors: [] })).toEqual({
      field: 'authors',
      text: 'The collection records no authors for this paper.',
    });
  });

  it('year: the year and where the paper is; or that no year is recorded', () => {
    expect(recordLead('year', kivi)).toEqual({ field: 'year', label: 'Published', text: '2024', note: '(arXiv 2402.02750)' });
    expect(recordLead('year', { ...kivi, venue: 'emnlp, findings' }).note).toBe('(EMNLP Findings · arXiv 2402.02750)');
    expect(recordLead('year', { ...kivi, year: null })).toEqual({
      field: 'year',
      text: 'No year is recorded for this paper.',
      note: '(arXiv 2402.02750)',
    });
  });

  it('code: the link; or that none is recorded', () => {
    expect(recordLead('code', kivi)).toEqual({
      field: 'code',
      label: 'Code',
      text: 'https://github.com/jy-yuan/KIVI',
      url: 'https://github.com/jy-yuan/KIVI',
    });
    expect(recordLead('code', { ...kivi, codeUrl: null })).toEqual({ field: 'code', text: 'No code link is recorded for this paper.' });
  });

  it('venue: the venue and year; or that none is recorded, saying the paper is on arXiv when it is', () => {
    const acl: Citation = { ...kivi, id: '2023.acl-long.1', url: 'https://aclanthology.org/2023.acl-long.1', venue: 'acl' };
    expect(recordLead('venue', acl)).toEqual({ field: 'venue', label: 'Venue', text: 'ACL', note: '(2024 · 2023.acl-long.1)' });
    expect(recordLead('venue', kivi)).toEqual({
      field: 'venue',
      text: 'No venue is recorded for this paper; the collection has it as arXiv 2402.02750.',
    });
    expect(recordLead('venue', { ...acl, venue: undefined }).text).toBe('No venue is recorded for this paper.');
  });

  it('an answer that asks for a field leads with it; any other answer has no lead', () => {
    const answer: Answer = {
      question: 'who wrote KIVI?',
      kind: 'single',
      answered: true,
      asks: 'authors',
      results: [testResult(kivi, 'x')],
    };
    const view = answerView({ ok: true, answer });
    expect(view).toMatchObject({ kind: 'single', lead: { field: 'authors', text: 'Zirui Liu et al.' } });
    const plain = answerView({ ok: true, answer: { ...answer, asks: undefined } });
    expect(plain).not.toHaveProperty('lead');
  });
});
