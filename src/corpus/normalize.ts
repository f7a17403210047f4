import { describeIssue, type Paper, PaperSchema } from './schema.js';

const NEW_ARXIV_ID = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;
const OLD_ARXIV_ID = /^([a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i;
const ARXIV_URL = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?$/i;
const DOI = /^10\.\d{4,9}\/\S+$/;

/**
 * Tidy a piece of text: Unicode NFC, a dotless i carrying an accent made an ordinary accented i (what
 * LaTeX's `{\'\i}` becomes), runs of whitespace (newlines, tabs, no-break spaces) collapsed to one space, trimmed.
 */
export function normalizeText(text: string): string {
  let s = text;
  // The tests first: most text is already tidy ASCII, and a 200 MB corpus goes through here.
  if (/[\u0080-\uffff]/.test(s)) s = s.replace(/\u0131(?=\p{M})/gu, 'i').normalize('NFC');
  if (/\s\s|[^\S ]/.test(s)) s = s.replace(/\s+/g, ' ');
  return s.trim();
}

/**
 * The arXiv identifier without its version, from an id, an `arXiv:` reference, an abs or pdf URL or the arXiv DOI:
 * `2402.02750v2`, `arXiv:2402.02750`, `http://arxiv.org/abs/2402.02750v2`, `10.48550/arXiv.2402.02750` all give
 * `2402.02750`; old-style ids keep their archive (`hep-th/9711200`). Null when the text is not an arXiv id.
 */
export function normalizeArxivId(text: string): string | null {
  let s = text.trim();
  const url = ARXIV_URL.exec(s);
  if (url) s = url[1]!;
  s = s.replace(/^arxiv:\s*/i, '').replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/)?10\.48550\/arxiv\./i, '');
  const m = NEW_ARXIV_ID.exec(s);
  if (m) return validNewStyle(m[1]!) ? m[1]! : null;
  return OLD_ARXIV_ID.exec(s)?.[1] ?? null;
}

// YYMM.NNNN from April 2007 to December 2014, YYMM.NNNNN since January 2015.
function validNewStyle(id: string): boolean {
  const yymm = Number(id.slice(0, 4));
  const month = yymm % 100;
  if (month < 1 || month > 12) return false;
  return id.length === 9 ? yymm >= 704 && yymm <= 1412 : yymm >= 1501;
}

/** True for an arXiv identifier without version, as stored in `Paper.id`. */
export function isArxivId(id: string): boolean {
  return normalizeArxivId(id) === id;
}

/**
 * A DOI without resolver prefix (`https://doi.org/`, `http://dx.doi.org/`, `doi:`), or null when the text is not a
 * DOI. Case is kept (DOIs compare case-insensitively: use `doiKey`).
 */
export function normalizeDoi(text: string): string | null {
  const s = text
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '');
  return DOI.test(s) ? s : null;
}

/** The key DOIs are matched by: lower case. */
export function doiKey(doi: string): string {
  return doi.toLowerCase();
}

/**
 * A URL in its canonical form: arXiv abs and pdf links become `https://arxiv.org/abs/<id>` (no version), DOI
 * resolver links `https://doi.org/<doi>`, code-host links use https without a trailing `.git` or slash.
 * Anything else is only trimmed.
 */
export function normalizeUrl(url: string): string {
  const s = url.trim().replace(/^<(.*)>$/, '$1');
  if (ARXIV_URL.test(s)) {
    const id = normalizeArxivId(s);
    if (id) return `https://arxiv.org/abs/${id}`;
  }
  if (/^https?:\/\/(?:dx\.)?doi\.org\//i.test(s)) {
    const doi = normalizeDoi(s);
    if (doi) return `https://doi.org/${doi}`;
  }
  const code = /^https?:\/\/((?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/.*)$/i.exec(s);
  if (code)
    return `https://${code[1]!
      .replace(/^www\./i, '')
      .replace(/\.git$/i, '')
      .replace(/\/+$/, '')}`;
  return s;
}

/** A record that passed normalisation and the schema, or the reasons it did not. */
export type PaperCheck = { ok: true; paper: Paper } | { ok: false; reasons: string[] };

/**
 * Normalise a raw record's fields (text, authors, id version suffix, URLs, DOI) and validate it with the paper
 * schema. Fields of the wrong type are left for the schema to report, e.g. `"year" must be an integer, got "2019a"`.
 */
export function toPaper(raw: unknown): PaperCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reasons: ['record must be a JSON object'] };
  const r: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const k of ['title', 'abstract', 'source'] as const) if (typeof r[k] === 'string') r[k] = normalizeText(r[k]);
  if (typeof r.id === 'string') {
    const id = normalizeText(r.id);
    r.id = normalizeArxivId(id) ?? id;
  }
  if (Array.isArray(r.authors)) {
    r.authors = r.authors.map((a) => (typeof a === 'string' ? normalizeText(a) : a)).filter((a) => a !== '');
  }
  for (const k of ['url', 'codeUrl'] as const) {
    if (typeof r[k] === 'string') r[k] = r[k].trim() === '' ? null : normalizeUrl(r[k]);
  }
  if (typeof r.doi === 'string') {
    if (r.doi.trim() === '') delete r.doi;
    else r.doi = normalizeDoi(r.doi) ?? r.doi;
  } else if (r.doi === null) delete r.doi;
  const parsed = PaperSchema.safeParse(r);
  if (parsed.success) return { ok: true, paper: parsed.data };
  return { ok: false, reasons: parsed.error.issues.map((issue) => describeIssue(issue, r)) };
}
