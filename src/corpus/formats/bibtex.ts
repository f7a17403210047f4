import type { Creator, Entry } from '@retorquere/bibtex-parser';
import { normalizeArxivId, normalizeDoi, normalizeText, normalizeUrl, titleSlug } from '../normalize.js';
import { extractCodeUrl } from '../papers-page.js';
import { collectRecord, emptyParse, lineAt, type SourceParse } from './types.js';

type BibtexParser = typeof import('@retorquere/bibtex-parser');
// Loaded on first use: the parser takes about 0.2 s to import, which every start of the bot would pay otherwise.
let parserModule: Promise<BibtexParser> | undefined;

// The parser renders emphasis, bold, small caps and case protection as HTML; a corpus holds plain text.
const MARKUP = /<\/?(?:i|b|code|sup|sub|p|span)(?:\s[^<>]*)?>/g;

/**
 * Parse a BibTeX or BibLaTeX export (Zotero, Better BibTeX, Mendeley, JabRef) with `@retorquere/bibtex-parser`,
 * which turns LaTeX accents and commands into Unicode (`{\"u}` → ü, `{\'e}` → é) and drops protective braces
 * (`{LLaMA}` → LLaMA). Each entry needs a title; authors and a year (or date) are taken when present. An entry
 * without an abstract is metadata only: it can update a paper already in the collection, not add one. The arXiv
 * id comes from `eprint` (with `archivePrefix`/`eprinttype` arXiv), Mendeley's `arxivId`, the arXiv DOI, an
 * arXiv URL, or an `arXiv:` reference in `journal`/`note`; without one the id is `doi:<doi>`, else a slug of the
 * title. Rejections read `file:line (entry key): reason`.
 */
export async function parseBibtex(text: string, file: string): Promise<SourceParse> {
  parserModule ??= import('@retorquere/bibtex-parser');
  const { parse, FieldMode } = await parserModule;
  const result = emptyParse('bibtex');
  const { rejected } = result;
  let lib: ReturnType<BibtexParser['parse']>;
  try {
    lib = parse(text, {
      english: false, // keep titles as written: no sentence-casing
      caseProtection: false,
      sentenceCase: false,
      unsupported: () => '', // an unknown command is dropped, its argument kept
      verbatimFields: [...FieldMode.verbatim, /^mendeley-/, 'arxivid', 'archiveprefix', 'eprinttype', 'eprintclass'],
    });
  } catch (err) {
    rejected.push({ where: `${file}:1`, reason: `cannot parse as BibTeX (${(err as Error).message})` });
    return result;
  }
  let cursor = 0;
  const locate = (input: string): number => {
    const at = input ? text.indexOf(input, cursor) : -1;
    if (at === -1) return lineAt(text, cursor);
    cursor = at;
    return lineAt(text, at);
  };
  for (const err of lib.errors) {
    const key = err.input ? (/^@\w+\s*[{(]\s*([^,\s]+)/.exec(err.input)?.[1] ?? '') : '';
    const lineFromMessage = /at line (\d+)/.exec(err.error)?.[1];
    const line = lineFromMessage ? Number(lineFromMessage) : err.input ? lineAt(text, Math.max(0, text.indexOf(err.input))) : 1;
    rejected.push({
      where: `${file}:${line}${key ? ` (${key})` : ''}`,
      reason: `BibTeX syntax error: ${err.error.replace(/ at line \d+, column \d+/, '')}`,
    });
  }
  for (const entry of lib.entries) {
    if (!entry.input) continue; // an entry the parser gave up on: reported above
    const where = `${file}:${locate(entry.input)} (${entry.key})`;
    if (!plain(entry, 'title')) {
      rejected.push({ where, reason: 'no "title" field' });
      continue;
    }
    collectRecord(record(entry), where, result, { source: 'bibtex', metadataOnly: true });
  }
  if (lib.entries.length === 0 && lib.errors.length === 0) rejected.push({ where: `${file}:1`, reason: 'no BibTeX entries found' });
  return result;
}

function field(entry: Entry, name: string): string {
  const v = (entry.fields as Record<string, unknown>)[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join(', ');
  return '';
}

function plain(entry: Entry, name: string): string {
  let s = field(entry, name).replace(MARKUP, '');
  // In LaTeX text mode a bare < or > prints as ¡ or ¿ (OT1); an export means the comparison sign.
  if (!entry.input.includes('¡')) s = s.replace(/¡/g, '<');
  if (!entry.input.includes('¿')) s = s.replace(/¿/g, '>');
  return normalizeText(s);
}

function yearOf(entry: Entry): number | undefined {
  const m = /\b(1[89]\d\d|2[01]\d\d)\b/.exec(field(entry, 'year') || field(entry, 'date'));
  return m ? Number(m[1]) : undefined;
}

function arxivIdOf(entry: Entry): string | null {
  const eprint = field(entry, 'eprint');
  const prefix = `${field(entry, 'archiveprefix')} ${field(entry, 'eprinttype')}`;
  if (eprint && (/arxiv/i.test(prefix) || normalizeArxivId(eprint))) {
    const id = normalizeArxivId(eprint);
    if (id) return id;
  }
  for (const candidate of [field(entry, 'arxivid'), field(entry, 'doi'), field(entry, 'url')]) {
    const id = candidate ? normalizeArxivId(candidate) : null;
    if (id) return id;
  }
  for (const name of ['journal', 'journaltitle', 'note', 'howpublished']) {
    const ref = /arxiv[:\s]+(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[a-z]{2})?\/\d{7})/i.exec(field(entry, name));
    if (ref) return normalizeArxivId(ref[1]!);
  }
  return null;
}

function authorName(c: Creator): string {
  if (c.name) return c.name;
  return [c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' ');
}

function record(entry: Entry): Record<string, unknown> {
  const title = plain(entry, 'title');
  const abstract = plain(entry, 'abstract');
  const creators = entry.fields.author ?? [];
  const etAl = creators.some((c) => !c.name && c.lastName === 'others' && !c.firstName);
  const authors = creators.filter((c) => !(c.lastName === 'others' && !c.firstName && !c.name)).map(authorName);
  const doi = normalizeDoi(field(entry, 'doi')) ?? undefined;
  const arxivId = arxivIdOf(entry);
  const id = arxivId ?? (doi ? `doi:${doi.toLowerCase()}` : titleSlug(title));
  const rawUrl = field(entry, 'url').split(/\s+/)[0] ?? '';
  const url = arxivId ? `https://arxiv.org/abs/${arxivId}` : rawUrl ? normalizeUrl(rawUrl) : doi ? `https://doi.org/${doi}` : null;
  return {
    id,
    title,
    abstract,
    authors,
    ...(etAl ? { etAl: true } : {}),
    year: yearOf(entry),
    url,
    codeUrl: extractCodeUrl(`${abstract} ${field(entry, 'note')} ${field(entry, 'howpublished')}`),
    ...(doi ? { doi } : {}),
    source: 'bibtex',
  };
}
