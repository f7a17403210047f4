import { fold } from '../retrieval/analyzer.js';

/** Checked metadata of one paper, from a facts table. */
export interface PaperFacts {
  title: string;
  arxivId: string;
  firstAuthor: string;
  year: number;
  codeUrl: string | null;
  line: number;
}

const COLUMNS = ['title', 'arxiv_id', 'first_author', 'year', 'code_url'] as const;

/** Key for matching titles across sources: folded, letters and digits only. */
export function titleKey(title: string): string {
  return fold(title).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Parse a tab-separated facts table with the header `title arxiv_id first_author year code_url`.
 * Returns the rows and a problem line (`file:line: reason`) for each bad row.
 */
export function parseFactsTable(text: string, file: string): { facts: PaperFacts[]; problems: string[] } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  const problems: string[] = [];
  const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => col[c] < 0);
  if (missing.length > 0) return { facts: [], problems: [`${file}:1: header lacks column(s) ${missing.join(', ')}`] };
  const facts: PaperFacts[] = [];
  lines.slice(1).forEach((row, i) => {
    const line = i + 2;
    if (row.trim() === '') return;
    const cells = row.split('\t').map((c) => c.trim());
    const get = (c: (typeof COLUMNS)[number]) => cells[col[c]] ?? '';
    const year = Number(get('year'));
    const arxivId = get('arxiv_id').replace(/v\d+$/, '');
    if (!get('title')) problems.push(`${file}:${line}: "title" is empty`);
    else if (!/^\d{4}\.\d{4,5}$/.test(arxivId))
      problems.push(`${file}:${line}: "arxiv_id" must look like 2402.02750, got "${get('arxiv_id')}"`);
    else if (!Number.isInteger(year)) problems.push(`${file}:${line}: "year" must be an integer, got "${get('year')}"`);
    else facts.push({ title: get('title'), arxivId, firstAuthor: get('first_author'), year, codeUrl: get('code_url') || null, line });
  });
  return { facts, problems };
}
