import { titleKey } from '../facts.js';
import { papersFromPage } from '../from-page.js';
import { toPaper } from '../normalize.js';
import { extractCodeUrl, parsePapersPage } from '../papers-page.js';
import { collectRecord, emptyParse, type SourceParse } from './types.js';

/** A facts table (title, arxiv_id, first_author, year, code_url) and the file it came from. */
export interface FactsSource {
  text: string;
  file: string;
}

/**
 * Parse a papers page (title / blank line / abstract blocks; page chrome skipped). A page gives no arXiv id or
 * year: with a facts table, each block is completed from its row (matched by title), and a block without a row
 * is rejected (a title that does not match is more likely a typo than a paper meant to go in without facts).
 * Without a facts table, each block is a minimal record: its id a slug of the title, no authors or year, a code
 * URL when the abstract gives one. Blocks that look like a paper but are incomplete are rejected.
 */
export function parsePageSource(text: string, file: string, facts?: FactsSource): SourceParse {
  const parse = emptyParse('papers-page');
  const { papers, rejected } = parse;
  if (!facts) {
    const { entries, skipped } = parsePapersPage(text);
    for (const e of entries) {
      const record = { title: e.title, abstract: e.abstract, codeUrl: extractCodeUrl(e.abstract) };
      collectRecord(record, `${file}:${e.titleLine}`, parse, { source: 'papers-page' });
    }
    for (const s of skipped) {
      if (s.reason !== 'page-chrome')
        rejected.push({ where: `${file}:${s.line}`, reason: `${s.reason.replace(/-/g, ' ')}: "${short(s.text)}"` });
    }
    return parse;
  }
  const imported = papersFromPage(text, file, facts.text, facts.file);
  const lineOf = new Map(parsePapersPage(text).entries.map((e) => [titleKey(e.title), e.titleLine]));
  for (const p of imported.papers) {
    const where = `${file}:${lineOf.get(titleKey(p.title)) ?? 1}`;
    const checked = toPaper(p);
    if (checked.ok) papers.push({ paper: checked.paper, where });
    else rejected.push({ where, reason: checked.reasons.join('; ') });
  }
  for (const problem of imported.problems) {
    const m = /^(.*?:\d+): ([\s\S]*)$/.exec(problem);
    rejected.push(m ? { where: m[1]!, reason: m[2]! } : { where: file, reason: problem });
  }
  return parse;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
