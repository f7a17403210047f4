import type { AskResult, Citation, Excerpt } from '../../src/index.js';
import { type AnswerView, bylineParts, yearInParens } from '../shared/commands.js';
import { LABELS, NO_ANSWER_DETAIL, NO_ANSWER_HEADLINE } from '../shared/messages.js';

/** How terminal text is emphasised: ANSI bold on a terminal, `**word**` elsewhere. */
export interface TermStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export const ANSI: TermStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };
export const PLAIN: TermStyle = { bold: (s) => `**${s}**`, dim: (s) => s };

/** Remove terminal control characters from untrusted text so paper text cannot drive the terminal. */
export function stripControls(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters from untrusted text are what this strips
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
  return bylineParts(c).map(stripControls).join(' · ');
}

function citationLines(c: Citation, style: TermStyle): string[] {
  const lines = [`  ${style.bold(stripControls(c.title))}`, `  ${byline(c)}`];
  if (c.url) lines.push(`  ${stripControls(c.url)}`);
  if (c.codeUrl) lines.push(`  code: ${stripControls(c.codeUrl)}`);
  return lines;
}

function titleLine(c: Citation): string {
  return `${stripControls(c.title)}${yearInParens(c)}${c.url ? ` ${stripControls(c.url)}` : ''}`;
}

/** A readable terminal answer: the excerpt, the citation with its link, then the next results. */
export function renderAnswer(view: AnswerView, style: TermStyle): string {
  if (view.kind === 'problem') return view.error.message;
  const lines: string[] = [];
  if (view.kind === 'none') {
    lines.push(`${NO_ANSWER_HEADLINE}. ${NO_ANSWER_DETAIL[view.reason]}`);
    for (const c of view.closest) lines.push(`  - ${titleLine(c)}`);
    return lines.join('\n');
  }
  if (view.kind === 'list') {
    lines.push(`${LABELS.listHeading(view.results.length)}:`);
    view.results.forEach((r, i) => {
      lines.push('');
      lines.push(
        `${i + 1}. ${style.bold(stripControls(r.citation.title))}${yearInParens(r.citation)}${r.citation.url ? ` ${stripControls(r.citation.url)}` : ''}`,
      );
      lines.push(`   ${emphasise(r.excerpt, style)}`);
    });
    return lines.join('\n');
  }
  lines.push(`"${emphasise(view.best.excerpt, style)}"`);
  lines.push('');
  lines.push(...citationLines(view.best.citation, style));
  if (view.also.length > 0) {
    lines.push('');
    lines.push(style.dim(`${LABELS.alsoRelevant}:`));
    for (const c of view.also) lines.push(`  - ${titleLine(c)}`);
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
