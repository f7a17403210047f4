import { z } from 'zod';

const trimmed = z.string().trim().min(1, 'must not be empty');
const httpUrl = z
  .string()
  .trim()
  .refine((s) => /^https?:\/\/\S+$/.test(s), 'must be an http(s) URL');

/**
 * One paper of the corpus: a line of `data/papers.jsonl`.
 * Unknown extra fields are dropped, not fatal (zod strips them).
 */
export const PaperSchema = z.object({
  /** The arXiv id without version (`2402.02750`) where known, else a stable slug. */
  id: trimmed,
  title: trimmed,
  abstract: trimmed,
  /** Author names, in order. */
  authors: z.array(trimmed),
  /** True when `authors` lists only the first author(s) of a longer list. */
  etAl: z.boolean().optional(),
  year: z.int().min(1900).max(2100),
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
    .refine((s) => /^10\.\d{4,9}\/\S+$/.test(s), 'must be a DOI like 10.1234/abc')
    .optional(),
  /** Where the record came from, e.g. `papers-page`, `arxiv`, `bibtex`. */
  source: trimmed,
});

/** A validated paper record. */
export type Paper = z.output<typeof PaperSchema>;

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
  if (issue.code === 'too_small' || issue.code === 'too_big') {
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
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
