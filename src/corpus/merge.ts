import { titleKey } from './facts.js';
import { doiKey, isArxivId } from './normalize.js';
import type { Paper, PaperMetadata } from './schema.js';

/** A validated paper and where it came from (`file:line`, `file:line (entry key)`, `arXiv API: id`). */
export interface SourcedPaper {
  paper: Paper;
  where: string;
}

/** A record without an abstract, and where it came from: it may only update a paper already in the collection. */
export interface SourcedMetadata {
  metadata: PaperMetadata;
  where: string;
}

/** What merging did to one incoming paper. */
export type MergeChange =
  | { kind: 'added'; paper: Paper; where: string }
  | { kind: 'updated'; before: Paper; paper: Paper; where: string; fields: string[]; matchedBy: MatchKey }
  | { kind: 'unchanged'; paper: Paper; where: string; matchedBy: MatchKey };

/** Which key found the paper already in the corpus. */
export type MatchKey = 'id' | 'doi' | 'title';

/** The merged corpus and one change per incoming paper, in input order (whole papers first, then metadata). */
export interface MergeResult {
  papers: Paper[];
  changes: MergeChange[];
  added: number;
  updated: number;
  unchanged: number;
  /** Metadata-only records that match no paper of the collection (a new paper needs an abstract). */
  rejected: { where: string; reason: string }[];
}

/** Why a metadata-only record that matches no paper is not added. */
export const NO_ABSTRACT_FOR_NEW_PAPER =
  'no abstract, and no paper in the collection has its arXiv id, DOI or title: a new paper needs its abstract (in Zotero or Mendeley, export with abstracts)';

/** Titles shorter than this (as a title key) are too generic to identify a paper on their own. */
const MIN_TITLE_KEY_CHARS = 12;

const FIELDS = ['id', 'title', 'abstract', 'authors', 'etAl', 'year', 'url', 'codeUrl', 'doi', 'venue', 'source'] as const;

/**
 * Merge incoming papers into a corpus. An incoming paper that is the same paper as one already there (same id,
 * which is the arXiv id without version where known; else the same DOI; else the same normalised title) updates
 * that record in place instead of adding a duplicate; new papers are appended in input order. Nothing already
 * in the corpus is dropped. The inputs are not modified.
 *
 * An update takes the incoming record's values, but never loses information: a missing code URL or DOI keeps the
 * old one, an empty or truncated (`etAl`) author list does not replace a complete one, an arXiv id replaces a
 * slug id but not the other way round, and an arXiv abs URL is not replaced by another URL.
 * A publisher DOI is not replaced by arXiv's own (`10.48550/arXiv.*`). Two papers with different arXiv ids, or
 * different publisher DOIs, are never merged by DOI or title.
 */
export function mergePapers(
  existing: readonly Paper[],
  incoming: readonly SourcedPaper[],
  metadataOnly: readonly SourcedMetadata[] = [],
): MergeResult {
  const papers = [...existing];
  const byId = new Map<string, number>();
  const byDoi = new Map<string, number>();
  const byTitle = new Map<string, number>();
  const remember = (p: Paper, i: number) => {
    if (!byId.has(p.id)) byId.set(p.id, i);
    if (p.doi && !byDoi.has(doiKey(p.doi))) byDoi.set(doiKey(p.doi), i);
    const t = titleKey(p.title);
    if (t.length >= MIN_TITLE_KEY_CHARS && !byTitle.has(t)) byTitle.set(t, i);
  };
  papers.forEach(remember);

  const changes: MergeChange[] = [];
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  /** Record the merge of a matched record: unchanged, or the paper replaced by `after` and its keys remembered. */
  const update = (match: { index: number; by: MatchKey }, before: Paper, after: Paper, where: string) => {
    if (samePaper(after, before)) {
      changes.push({ kind: 'unchanged', paper: before, where, matchedBy: match.by });
      unchanged++;
      return;
    }
    papers[match.index] = after;
    remember(after, match.index);
    changes.push({ kind: 'updated', before, paper: after, where, fields: changedFields(before, after), matchedBy: match.by });
    updated++;
  };
  for (const { paper, where } of incoming) {
    const match = findMatch(paper, papers, byId, byDoi, byTitle);
    if (!match) {
      papers.push(paper);
      remember(paper, papers.length - 1);
      changes.push({ kind: 'added', paper, where });
      added++;
      continue;
    }
    const before = papers[match.index]!;
    const after = combine(before, paper);
    update(match, before, after, where);
  }
  // After the whole papers, so metadata of a paper added in the same run applies to it.
  const rejected: MergeResult['rejected'] = [];
  for (const { metadata, where } of metadataOnly) {
    const match = findMatch(metadata, papers, byId, byDoi, byTitle);
    if (!match) {
      rejected.push({ where, reason: NO_ABSTRACT_FOR_NEW_PAPER });
      continue;
    }
    const before = papers[match.index]!;
    // The abstract is what answers quote: it stays, and so does the source it was taken from.
    const after = combine(before, { ...metadata, abstract: before.abstract, source: before.source });
    update(match, before, after, where);
  }
  return { papers, changes, added, updated, unchanged, rejected };
}

function findMatch(
  p: PaperMetadata,
  papers: readonly Paper[],
  byId: Map<string, number>,
  byDoi: Map<string, number>,
  byTitle: Map<string, number>,
): { index: number; by: MatchKey } | undefined {
  const id = byId.get(p.id);
  if (id !== undefined) return { index: id, by: 'id' };
  if (p.doi) {
    const i = byDoi.get(doiKey(p.doi));
    if (i !== undefined && !conflicting(p, papers[i]!)) return { index: i, by: 'doi' };
  }
  const t = titleKey(p.title);
  if (t.length >= MIN_TITLE_KEY_CHARS) {
    const i = byTitle.get(t);
    if (i !== undefined && !conflicting(p, papers[i]!)) return { index: i, by: 'title' };
  }
  return undefined;
}

// arXiv's own DataCite DOI: a preprint also has its journal's DOI, so it never contradicts one.
const isArxivDoi = (doi: string) => /^10\.48550\/arxiv\./i.test(doi);

// Distinct arXiv ids, or distinct publisher DOIs, mean distinct papers whatever their titles say.
function conflicting(a: PaperMetadata, b: Paper): boolean {
  if (a.id !== b.id && isArxivId(a.id) && isArxivId(b.id)) return true;
  return Boolean(a.doi && b.doi && !isArxivDoi(a.doi) && !isArxivDoi(b.doi) && doiKey(a.doi) !== doiKey(b.doi));
}

function combine(old: Paper, next: Paper): Paper {
  const id = isArxivId(old.id) || !isArxivId(next.id) ? old.id : next.id;
  const keepAuthors = next.authors.length === 0 || (next.etAl === true && old.etAl !== true && old.authors.length >= next.authors.length);
  const authors = keepAuthors ? old.authors : next.authors;
  const etAl = keepAuthors ? old.etAl : next.etAl;
  const oldIsArxivPage = old.url !== null && /^https:\/\/arxiv\.org\/abs\//.test(old.url);
  const url = next.url === null || (oldIsArxivPage && !/^https:\/\/arxiv\.org\/abs\//.test(next.url)) ? old.url : next.url;
  const doi = next.doi && !(isArxivDoi(next.doi) && old.doi && !isArxivDoi(old.doi)) ? next.doi : old.doi;
  return {
    id,
    title: next.title,
    abstract: next.abstract,
    authors,
    ...(etAl ? { etAl: true } : {}),
    year: next.year ?? old.year,
    url,
    codeUrl: next.codeUrl ?? old.codeUrl,
    ...(doi ? { doi } : {}),
    source: next.source,
  };
}

function changedFields(a: Paper, b: Paper): string[] {
  return FIELDS.filter((f) => !sameValue(a[f], b[f]));
}

// Field by field rather than serialising both: a re-ingest of a large corpus compares every record.
function samePaper(a: Paper, b: Paper): boolean {
  return FIELDS.every((f) => sameValue(a[f], b[f]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return (a ?? null) === (b ?? null) || (a === undefined && b === false) || (a === false && b === undefined);
}
