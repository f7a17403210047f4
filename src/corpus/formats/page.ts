import { titleKey } from '../facts.js';
import { papersFromPage } from '../from-page.js';
import type { SourcedPaper } from '../merge.js';
import { toPaper } from '../normalize.js';
import { parsePapersPage } from '../papers-page.js';
import type { Rejection, SourceParse } from './types.js';

/** A facts table (title, arxiv_id, first_author, year, code_url) and the file it came from. */
export interface FactsSource {
  text: string;
  file: string;
}

/**
 * Parse a papers page (title / blank line / abstract blocks; page chrome skipped). A page gives no arXiv id or
 * year, so each paper needs a row in a facts table matched by title; without one, each block is rejected
 * with the reason. Blocks that look like a paper but are incomplete are rejected too.
 */
export function parsePageSource(text: string, file: string, facts?: FactsSource): SourceParse {
  const papers: SourcedPaper[] = [];
  const rejected: Rejection[] = [];
  if (!facts) {
    const { entries, skipped } = parsePapersPage(text);
    for (const e of entries) {
      rejected.push({
        where: `${file}:${e.titleLine}`,
        reason: `"${short(e.title)}": a papers page has no arXiv id or year; give a facts table too (--facts FILE with columns title, arxiv_id, first_author, year, code_url)`,
      });
    }
    for (const s of skipped) {
      if (s.reason !== 'page-chrome')
        rejected.push({ where: `${file}:${s.line}`, reason: `${s.reason.replace(/-/g, ' ')}: "${short(s.text)}"` });
    }
    return { format: 'papers-page', papers, rejected };
  }
  const imported = papersFromPage(text, file, facts.text, facts.file);
  const lineOf = new Map(parsePapersPage(text).entries.map((e) => [titleKey(e.title), e.titleLine]));
  for (const p of imported.papers) {
    const where = `${file}:${lineOf.get(titleKey(p.title)) ?? 1}`;
    const checked = toPaper(p);
    if (checked.ok) papers.push({ paper: checked.paper, where });
    else for (const reason of checked.reasons) rejected.push({ where, reason });
  }
  for (const problem of imported.problems) {
    const m = /^(.*?:\d+): ([\s\S]*)$/.exec(problem);
    rejected.push(m ? { where: m[1]!, reason: m[2]! } : { where: file, reason: problem });
  }
  return { format: 'papers-page', papers, rejected };
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
