import { type PaperFacts, parseFactsTable, titleKey } from './facts.js';
import { extractCodeUrl, type PageSkip, parsePapersPage } from './papers-page.js';
import { describeIssue, type Paper, PaperSchema } from './schema.js';

export interface PageImport {
  papers: Paper[];
  /** One line per rejected block or facts row: `file:line: reason`. */
  problems: string[];
  /** Paragraphs skipped as page chrome. */
  skipped: PageSkip[];
}

/**
 * Papers from a papers page, completed with a facts table (arXiv id, first author, year, code URL) matched by
 * title. A block with no facts row is rejected (its year and id are unknown). Code URLs come from the facts,
 * else from the abstract.
 */
export function papersFromPage(pageText: string, pageFile: string, factsText: string, factsFile: string): PageImport {
  const { entries, skipped } = parsePapersPage(pageText);
  const { facts, problems } = parseFactsTable(factsText, factsFile);
  const byTitle = new Map<string, PaperFacts>(facts.map((f) => [titleKey(f.title), f]));
  for (const s of skipped) {
    if (s.reason !== 'page-chrome') problems.push(`${pageFile}:${s.line}: ${s.reason.replace(/-/g, ' ')}: "${s.text.slice(0, 60)}"`);
  }
  const papers: Paper[] = [];
  for (const e of entries) {
    const f = byTitle.get(titleKey(e.title));
    if (!f) {
      problems.push(`${pageFile}:${e.titleLine}: no row in ${factsFile} for "${e.title}" (its arXiv id and year are unknown)`);
      continue;
    }
    const record = {
      id: f.arxivId,
      title: e.title,
      abstract: e.abstract,
      authors: f.firstAuthor ? [f.firstAuthor] : [],
      etAl: true,
      year: f.year,
      url: `https://arxiv.org/abs/${f.arxivId}`,
      codeUrl: f.codeUrl ?? extractCodeUrl(e.abstract),
      source: 'papers-page',
    };
    const parsed = PaperSchema.safeParse(record);
    if (parsed.success) papers.push(parsed.data);
    else for (const issue of parsed.error.issues) problems.push(`${pageFile}:${e.titleLine}: ${describeIssue(issue, record)}`);
  }
  return { papers, problems, skipped: skipped.filter((s) => s.reason === 'page-chrome') };
}
