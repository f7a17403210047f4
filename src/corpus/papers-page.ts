/** A title/abstract block found on a papers page. */
export interface PageEntry {
  title: string;
  abstract: string;
  /** 1-based line numbers in the page text. */
  titleLine: number;
  abstractLine: number;
}

/** A paragraph the parser did not take as a paper, with why. */
export interface PageSkip {
  line: number;
  text: string;
  reason: 'page-chrome' | 'abstract-without-title' | 'title-without-abstract';
}

export interface PageParse {
  entries: PageEntry[];
  skipped: PageSkip[];
}

interface Paragraph {
  line: number;
  text: string;
  lines: number;
}

/** Shortest paragraph taken as an abstract, in characters. */
const MIN_ABSTRACT_CHARS = 150;
/** Longest paragraph taken as a title. */
const MAX_TITLE_CHARS = 300;

/**
 * Parse a papers page copied as text: page chrome, then blocks of a title line, a blank line and an abstract.
 * Blocks are recognised by their shape (a short one-line paragraph followed by a long prose paragraph),
 * so chrome such as "new", "Subscribe" or a date line is skipped without a list of those exact lines.
 */
export function parsePapersPage(text: string): PageParse {
  const paragraphs = splitParagraphs(text);
  const entries: PageEntry[] = [];
  const skipped: PageSkip[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    const next = paragraphs[i + 1];
    if (isTitle(p) && next && isAbstract(next)) {
      entries.push({ title: p.text, abstract: next.text, titleLine: p.line, abstractLine: next.line });
      i++;
      continue;
    }
    if (isAbstract(p)) skipped.push({ line: p.line, text: p.text, reason: 'abstract-without-title' });
    else if (entries.length > 0 && isTitle(p) && looksLikeTitle(p.text) && (!next || !isTitle(next))) {
      skipped.push({ line: p.line, text: p.text, reason: 'title-without-abstract' });
    } else skipped.push({ line: p.line, text: p.text, reason: 'page-chrome' });
  }
  return { entries, skipped };
}

function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line === '') {
      current = undefined;
      return;
    }
    if (current) {
      current.text += ` ${line}`;
      current.lines++;
    } else {
      current = { line: i + 1, text: line, lines: 1 };
      out.push(current);
    }
  });
  return out;
}

function isTitle(p: Paragraph): boolean {
  return p.lines === 1 && p.text.length <= MAX_TITLE_CHARS && !/^https?:\/\//.test(p.text);
}

// A title has several words and does not read as a sentence of prose.
function looksLikeTitle(s: string): boolean {
  return s.split(' ').length >= 3 && !/[.!]$/.test(s);
}

function isAbstract(p: Paragraph): boolean {
  const words = p.text.split(' ').length;
  return p.text.length >= MIN_ABSTRACT_CHARS && words >= 20 && /[.!?]/.test(p.text);
}

const CODE_HOSTS = /https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/[^\s)<>\]"']+/gi;

/** The first code-repository URL (GitHub, GitLab, Bitbucket, Codeberg) in a text, without trailing punctuation. */
export function extractCodeUrl(text: string): string | null {
  for (const m of text.matchAll(CODE_HOSTS)) {
    const url = m[0].replace(/[.,;:!?]+$/, '').replace(/\/+$/, '');
    if (url.split('/').length >= 5) return url; // host/owner/repo at least
  }
  return null;
}
