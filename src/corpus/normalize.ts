import { describeIssue, type Paper, type PaperMetadata, PaperMetadataSchema, PaperSchema } from './schema.js';

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
 * What a source record is once normalised and validated: a whole paper; metadata without an abstract (which
 * can only update a paper already in the collection); or the reasons it is neither.
 */
export type RecordCheck =
  | { ok: true; kind: 'paper'; paper: Paper }
  | { ok: true; kind: 'metadata'; metadata: PaperMetadata }
  | { ok: false; reasons: string[] };

/** How `toRecord` completes a record. */
export interface RecordOptions {
  /** The `source` of a record that names none: what the input's format is (`json`, `bibtex`, …). */
  source?: string;
  /** Accept a record without an abstract as metadata only (default false: it is rejected). */
  metadataOnly?: boolean;
}

/**
 * Normalise a raw record's fields (text, authors, id version suffix, URLs, DOI) and validate it with the paper
 * schema. Fields of the wrong type are left for the schema to report, e.g. `"year" must be an integer, got "2019a"`.
 */
export function toPaper(raw: unknown, options: Omit<RecordOptions, 'metadataOnly'> = {}): PaperCheck {
  const checked = toRecord(raw, options);
  if (!checked.ok) return checked;
  if (checked.kind === 'metadata') return { ok: false, reasons: ['"abstract" is missing (expected string)'] };
  return { ok: true, paper: checked.paper };
}

/** Fields never searched for a record's arXiv id or DOI: an id in them more often names another paper. */
const NOT_ID_FIELDS = new Set(['title', 'abstract', 'summary']);
/** Fields searched first, in this order. */
const ID_FIELDS = ['arxiv_id', 'arxivId', 'arxiv', 'eprint', 'doi', 'url', 'pdf_url', 'pdfUrl', 'link', 'links', 'urls'];
const ARXIV_IN_TEXT = /(?:arxiv\.org\/(?:abs|pdf)\/|arxiv:\s*|10\.48550\/arxiv\.)([a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7}|\d{4}\.\d{4,5})/i;
const DOI_IN_TEXT = /(?:doi\.org\/|doi:\s*|^)(10\.\d{4,9}\/[^\s"<>]+)/i;

/**
 * Like `toPaper`, for the minimal records people have: a title and an abstract suffice. Without an `id`, the id
 * is the arXiv id found in any field or URL (the title and abstract aside), else `doi:<doi>` for a DOI found the
 * same way, else a slug of the title; `authors` default to none, `year` to unknown (or the year of a `date` or
 * `published` field), `url` to the arXiv or DOI page, `source` to `options.source`. A record without an abstract
 * is metadata only when `options.metadataOnly` allows it.
 */
export function toRecord(raw: unknown, options: RecordOptions = {}): RecordCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reasons: ['record must be a JSON object'] };
  const r: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const k of ['title', 'abstract', 'source'] as const) if (typeof r[k] === 'string') r[k] = normalizeText(r[k]);
  if (r.source === undefined || r.source === null || r.source === '') {
    if (options.source !== undefined) r.source = options.source;
  }
  if (Array.isArray(r.authors)) {
    r.authors = r.authors.map((a) => (typeof a === 'string' ? normalizeText(a) : a)).filter((a) => a !== '');
  }
  if (r.year === undefined || r.year === null || r.year === '') {
    const date = [r.date, r.published].find((d) => typeof d === 'string' && /^\d{4}\b/.test(d)) as string | undefined;
    r.year = date ? Number(date.slice(0, 4)) : undefined;
  } else if (typeof r.year === 'string' && /^\s*\d{4}\s*$/.test(r.year)) r.year = Number(r.year);
  for (const k of ['url', 'codeUrl'] as const) {
    if (typeof r[k] === 'string') r[k] = r[k].trim() === '' ? null : normalizeUrl(r[k]);
  }
  if (typeof r.doi === 'string') {
    if (r.doi.trim() === '') delete r.doi;
    else r.doi = normalizeDoi(r.doi) ?? r.doi;
  } else if (r.doi === null) delete r.doi;
  if (typeof r.id === 'string' && r.id.trim() !== '') {
    const id = normalizeText(r.id);
    r.id = normalizeArxivId(id) ?? id;
  } else if (r.id === undefined || r.id === null || r.id === '') {
    const found = findIds(raw as Record<string, unknown>);
    if (found.arxiv) {
      r.id = found.arxiv;
      r.url ??= `https://arxiv.org/abs/${found.arxiv}`;
    } else if (found.doi) {
      r.id = `doi:${doiKey(found.doi)}`;
      r.url ??= `https://doi.org/${found.doi}`;
    } else if (typeof r.title === 'string' && r.title !== '') r.id = titleSlug(r.title);
    if (found.doi && r.doi === undefined) r.doi = found.doi;
  }
  const noAbstract = r.abstract === undefined || r.abstract === null || r.abstract === '';
  if (noAbstract && options.metadataOnly) {
    delete r.abstract;
    const parsed = PaperMetadataSchema.safeParse(r);
    if (parsed.success) return { ok: true, kind: 'metadata', metadata: parsed.data };
    return { ok: false, reasons: parsed.error.issues.map((issue) => describeIssue(issue, r)) };
  }
  const parsed = PaperSchema.safeParse(r);
  if (parsed.success) return { ok: true, kind: 'paper', paper: parsed.data };
  return { ok: false, reasons: parsed.error.issues.map((issue) => describeIssue(issue, r)) };
}

/** The first arXiv id and the first DOI in a record's fields (id fields first, then the rest; not title or abstract). */
function findIds(record: Record<string, unknown>): { arxiv?: string; doi?: string } {
  const keys = [
    ...ID_FIELDS.filter((k) => k in record),
    ...Object.keys(record).filter((k) => !ID_FIELDS.includes(k) && !NOT_ID_FIELDS.has(k)),
  ];
  const out: { arxiv?: string; doi?: string } = {};
  for (const key of keys) {
    for (const value of stringsIn(record[key])) {
      if (!out.arxiv) {
        const whole = normalizeArxivId(value);
        const inText = ARXIV_IN_TEXT.exec(value)?.[1];
        const id = whole ?? (inText ? normalizeArxivId(inText) : null);
        if (id) out.arxiv = id;
      }
      if (!out.doi) {
        const m = DOI_IN_TEXT.exec(value.trim());
        const doi = m ? normalizeDoi(m[1]!.replace(/[.,;)]+$/, '')) : null;
        if (doi && !/^10\.48550\/arxiv\./i.test(doi)) out.doi = doi;
      }
      if (out.arxiv && out.doi) return out;
    }
  }
  return out;
}

// Strings of a field: the value itself, the items of an array, the values of an object (arXiv's `{href}` links).
function* stringsIn(value: unknown, depth = 0): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (depth < 2 && Array.isArray(value)) for (const v of value) yield* stringsIn(v, depth + 1);
  else if (depth < 2 && value !== null && typeof value === 'object') for (const v of Object.values(value)) yield* stringsIn(v, depth + 1);
}

/**
 * A stable id for a paper known only by its title: its first ten words, folded to ASCII letters and digits,
 * joined by hyphens (`dynamic-sparse-no-training-training-free-fine-tuning-for-sparse`).
 */
export function titleSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .split('-')
    .slice(0, 10)
    .join('-');
  return slug || `title-${fnv1a(normalizeText(title))}`; // a title with no Latin letters or digits
}

// 32-bit FNV-1a of a text's UTF-16 code units, as 8 hex digits: stable across runs and machines.
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
