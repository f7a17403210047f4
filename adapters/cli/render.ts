import type { Answer, AskResult, Citation, Excerpt } from '../../src/index.js';

/** How terminal text is emphasised: ANSI bold on a terminal, `**word**` elsewhere. */
export interface TermStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export const ANSI: TermStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };
export const PLAIN: TermStyle = { bold: (s) => `**${s}**`, dim: (s) => s };

/** Remove terminal control characters from untrusted text so paper text cannot drive the terminal. */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** The excerpt with its matched words emphasised, "…" where it cuts a sentence. */
export function emphasise(excerpt: Excerpt, style: TermStyle): string {
  let out = '';
  let at = 0;
  for (const h of excerpt.highlights) {
    out += stripControls(excerpt.text.slice(at, h.start)) + style.bold(stripControls(excerpt.text.slice(h.start, h.end)));
    at = h.end;
  }
  out += stripControls(excerpt.text.slice(at));
  return `${excerpt.cutStart ? '…' : ''}${out}${excerpt.cutEnd ? '…' : ''}`;
}

/** "Zirui Liu et al. · 2024 · arXiv 2402.02750" */
export function byline(c: Citation): string {
  const authors = c.authors.length === 0 ? 'Unknown authors' : c.authors.length > 3 ? `${c.authors.slice(0, 3).join(', ')} et al.` : `${c.authors.join(', ')}${c.etAl ? ' et al.' : ''}`;
  const id = c.url?.includes('arxiv.org') ? `arXiv ${c.id}` : c.id;
  return [authors, String(c.year), id].map(stripControls).join(' · ');
}

function citationLines(c: Citation, style: TermStyle): string[] {
  const lines = [`  ${style.bold(stripControls(c.title))}`, `  ${byline(c)}`];
  if (c.url) lines.push(`  ${c.url}`);
  if (c.codeUrl) lines.push(`  code: ${c.codeUrl}`);
  return lines;
}

/** A readable terminal answer: the excerpt, the citation with its link, then the next results. */
export function renderAnswer(result: AskResult, style: TermStyle): string {
  if (!result.ok) return result.error.message;
  const a: Answer = result.answer;
  const lines: string[] = [];
  const [first, ...rest] = a.results;
  if (!first) return 'No paper in the collection covers that. Try other words, or ask about a method, model or result.';
  if (!a.answered) {
    lines.push('No paper in the collection covers that; the closest are:');
    for (const r of a.results) lines.push(`  - ${stripControls(r.citation.title)} (${r.citation.year})${r.citation.url ? ` ${r.citation.url}` : ''}`);
    return lines.join('\n');
  }
  if (a.kind === 'list') {
    lines.push(`Papers on that (${a.results.length}):`);
    a.results.forEach((r, i) => {
      lines.push('');
      lines.push(`${i + 1}. ${style.bold(stripControls(r.citation.title))} (${r.citation.year})${r.citation.url ? ` ${r.citation.url}` : ''}`);
      lines.push(`   ${emphasise(r.excerpt, style)}`);
    });
    return lines.join('\n');
  }
  lines.push(`"${emphasise(first.excerpt, style)}"`);
  lines.push('');
  lines.push(...citationLines(first.citation, style));
  if (rest.length > 0) {
    lines.push('');
    lines.push(style.dim('Also relevant:'));
    for (const r of rest) lines.push(`  - ${stripControls(r.citation.title)} (${r.citation.year})${r.citation.url ? ` ${r.citation.url}` : ''}`);
  }
  return lines.join('\n');
}

/** The `--json` contract: one object per question. See README "JSON output". */
export function answerJson(question: string, result: AskResult): Record<string, unknown> {
  if (!result.ok) return { question: question.trim(), answered: false, error: result.error, results: [] };
  const a = result.answer;
  return {
    question: a.question,
    answered: a.answered,
    kind: a.kind,
    ...(a.reason ? { reason: a.reason } : {}),
    results: a.results.map((r) => ({
      id: r.citation.id,
      title: r.citation.title,
      url: r.citation.url,
      authors: r.citation.authors,
      year: r.citation.year,
      codeUrl: r.citation.codeUrl,
      score: Number(r.score.toFixed(4)),
      excerpt: r.excerpt.text,
      highlights: r.excerpt.highlights.map((h) => [h.start, h.end]),
    })),
  };
}
