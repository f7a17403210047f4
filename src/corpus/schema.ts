import { z } from 'zod';

/**
 * Largest record citebot takes, field by field: far above any real paper (arXiv abstracts stop near 1,920
 * characters by arXiv's rule and run to 4,031 in the 136k corpus; ACL's longest is 7,251), low enough that one
 * runaway record cannot exhaust memory when it is indexed (a 100 MB abstract took start-up to a 4.7 GB V8 abort).
 */
export const PAPER_LIMITS = {
  /** Characters of an abstract. */
  abstractChars: 20_000,
  /** Characters of a title. */
  titleChars: 1_000,
  /** Characters of an id, a URL, a DOI, a source tag or one author's name. */
  fieldChars: 1_000,
  /** Authors of one paper (large collaborations list a few thousand). */
  authors: 5_000,
} as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, { error: `must be at most ${max.toLocaleString('en-US')} characters` });
const trimmed = text(PAPER_LIMITS.fieldChars);
const httpUrl = z
  .string()
  .trim()
  .max(PAPER_LIMITS.fieldChars, { error: `must be at most ${PAPER_LIMITS.fieldChars.toLocaleString('en-US')} characters` })
  .refine((s) => /^https?:\/\/\S+$/.test(s), 'must be an http(s) URL');

/**
 * One paper of the corpus: a line of `data/papers.jsonl`.
 * Unknown extra fields are dropped, not fatal (zod strips them).
 */
export const PaperSchema = z.object({
  /** The arXiv id without version (`2402.02750`) where known, else a stable slug. */
  id: trimmed,
  title: text(PAPER_LIMITS.titleChars),
  abstract: text(PAPER_LIMITS.abstractChars),
  /** Author names, in order; empty (or absent in a record) when unknown. */
  authors: z
    .array(trimmed)
    .max(PAPER_LIMITS.authors, { error: `must list at most ${PAPER_LIMITS.authors.toLocaleString('en-US')} authors` })
    .optional()
    .transform((v) => v ?? []),
  /** True when `authors` lists only the first author(s) of a longer list. */
  etAl: z.boolean().optional(),
  /** Year of first publication, or null (absent in a record) when unknown. */
  year: z
    .int()
    .min(1900)
    .max(2100)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  /** The arXiv abs page (or the paper's landing page), or null when unknown. */
  url: httpUrl
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  codeUrl: httpUrl
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  /** The DOI (`10.48550/arXiv.2402.02750`), when known; absent otherwise. */
  doi: z
    .string()
    .trim()
    .max(PAPER_LIMITS.fieldChars, { error: `must be at most ${PAPER_LIMITS.fieldChars.toLocaleString('en-US')} characters` })
    .refine((s) => /^10\.\d{4,9}\/\S+$/.test(s), 'must be a DOI like 10.1234/abc')
    .optional(),
  /**
   * Where it was published, as a short label (`ACL`, `EMNLP, Findings`, `NeurIPS`), when known; absent otherwise.
   * A list of venue tags (the ACL Anthology's `["emnlp", "findings"]`) is read as one label.
   */
  venue: z
    .union([trimmed, z.array(trimmed).min(1).max(20)])
    .transform((v) => (Array.isArray(v) ? v.join(', ') : v))
    .optional(),
  /** Where the record came from, e.g. `papers-page`, `arxiv`, `bibtex`. */
  source: trimmed,
});

/** A validated paper record. */
export type Paper = z.output<typeof PaperSchema>;

/**
 * A record without an abstract (a reference manager's entry exported without one): it can update the metadata
 * of a paper already in the collection, never add one, since answers quote abstracts.
 */
export const PaperMetadataSchema = PaperSchema.omit({ abstract: true });

/** Metadata of a paper, without its abstract. */
export type PaperMetadata = z.output<typeof PaperMetadataSchema>;

/** Describe one zod issue the way a person reads it: `"year" must be an integer, got "2019a"`. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.map(String).join('.');
  const field = path ? `"${path}"` : 'record';
  const got = valueAt(input, issue.path);
  if (issue.code === 'invalid_type') {
    if (got === undefined) return `${field} is missing (expected ${issue.expected})`;
    const expected =
      issue.expected === 'int' || path === 'year'
        ? 'an integer'
        : /^[aeiou]/.test(issue.expected)
          ? `an ${issue.expected}`
          : `a ${issue.expected}`;
    return `${field} must be ${expected}, got ${show(got)}`;
  }
  if (issue.code === 'invalid_format' || issue.code === 'custom') {
    return `${field} ${issue.message}, got ${show(got)}`;
  }
  if (issue.code === 'too_big') {
    const size =
      typeof got === 'string'
        ? `${got.length.toLocaleString('en-US')} characters`
        : Array.isArray(got)
          ? `${got.length.toLocaleString('en-US')}`
          : show(got);
    return `${field} ${issue.message}, got ${size}`;
  }
  if (issue.code === 'too_small') {
    return `${field} ${issue.message.toLowerCase()}, got ${show(got)}`;
  }
  return `${field}: ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(v: unknown): string {
  // A runaway value is described, not serialised (a 100 MB string would be copied twice to show 60 characters).
  if (typeof v === 'string' && v.length > 1000) return `a text of ${v.length.toLocaleString('en-US')} characters`;
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
