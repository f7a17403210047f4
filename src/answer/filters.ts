/**
 * Filters understood from a question ("papers by Tri Dao", "Tri Dao's work on…", "since 2022", "before 2020",
 * "last year", "EMNLP 2023", "quoted phrases", and the power syntax `author:"Tri Dao" year:2023..2024
 * venue:ACL`) or given explicitly, resolved against the collection's authors and venues. The words a filter
 * takes are blanked out of what retrieval searches for (same length, offsets unchanged).
 */
import type { FacetIndex } from '../retrieval/retriever.js';

/** What answers may be restricted to. Several given: all must hold. */
export interface Filters {
  /** Authors, as typed or as the collection spells them ("Tri Dao", "T. Dao", "dao"); each must be an author. */
  authors?: string[];
  /** Years, inclusive (`{ from: 2023, to: 2023 }` is 2023). */
  years?: { from?: number; to?: number };
  /** Venues (a venue tag or a word of its label: "ACL", "EMNLP", "Findings"); any of them. */
  venues?: string[];
  /** Phrases the title or abstract must contain (case and diacritics folded). */
  phrases?: string[];
}

/** Filters read from a question and resolved. */
export interface FilterReading {
  /** The search text with the filters' words blanked. */
  searchText: string;
  /** Each author asked for, with the ids of the collection's authors the name can mean. */
  authors: { typed: string; ids: number[] }[];
  /** An author asked for that no paper has. */
  unknownAuthor?: string;
  from?: number;
  to?: number;
  venues: string[];
  phrases: string[];
  /** The request asks for the newest papers first ("latest papers on…", "the most recent work on…"). */
  newest: boolean;
}

const YEAR = String.raw`(19[5-9]\d|20\d\d)`;
const NAME_STOP =
  /^(?:on|about|in|from|since|before|after|at|during|that|which|who|with|for|and|or|published|regarding|related|between|until|to|of|using|the|a|an|is|are|was|were|do|does|did|has|have|this|these|those|papers?|works?)$/i;

type Span = [number, number];

/** Words asking for the newest papers first. */
const NEWEST = /\b(?:the\s+)?(?:latest|newest|most\s+recent(?:ly\s+published)?)\b/gi;

/** Year phrases and the range each means (built once: a question is read against them all). */
const YEAR_RULES: [RegExp, (m: RegExpMatchArray) => [number | undefined, number | undefined]][] = [
  [new RegExp(String.raw`\b(?:between|from)\s+${YEAR}\s+(?:and|to|until)\s+${YEAR}\b`, 'gi'), (m) => ordered(+m[1]!, +m[2]!)],
  [new RegExp(String.raw`\b${YEAR}\s*(?:-|–|—|\.\.|to)\s*${YEAR}\b`, 'gi'), (m) => ordered(+m[1]!, +m[2]!)],
  [
    new RegExp(
      String.raw`\bsince\s+${YEAR}\b|\bfrom\s+${YEAR}\s+(?:on(?=\s*(?:[?!.,;:]|$))|onwards?\b)|\b${YEAR}\s+(?:onwards?|or\s+later|and\s+later)\b`,
      'gi',
    ),
    (m) => [+(m[1] ?? m[2] ?? m[3])!, undefined],
  ],
  [
    new RegExp(String.raw`\b(?:after|(?:newer|later|more\s+recent)\s+than)\s+${YEAR}\b|\bpost-?${YEAR}\b`, 'gi'),
    (m) => [+(m[1] ?? m[2])! + 1, undefined],
  ],
  [
    new RegExp(String.raw`\b(?:before|prior\s+to|(?:older|earlier)\s+than)\s+${YEAR}\b|\bpre-?${YEAR}\b`, 'gi'),
    (m) => [undefined, +(m[1] ?? m[2])! - 1],
  ],
  [
    new RegExp(String.raw`\b(?:until|up\s+to|through|by)\s+${YEAR}\b|\b${YEAR}\s+or\s+(?:earlier|before)\b`, 'gi'),
    (m) => [undefined, +(m[1] ?? m[2])!],
  ],
  [
    new RegExp(
      String.raw`\b(?:(?:published|released|written|appeared)\s+)?(?:in|of|during|from)\s+${YEAR}\b|\b${YEAR}(?='s\b|\s+(?:papers?|works?|articles?|publications?|studies)\b)|^${YEAR}\b`,
      'gi',
    ),
    (m) => {
      const y = +(m[1] ?? m[2] ?? m[3])!;
      return [y, y];
    },
  ],
];

/** `author:"Tri Dao"`, `year:2023..2024`, `venue:ACL` typed in a question: the key, then a quoted or a bare value. */
const POWER_SYNTAX = /\b(author|year|venue):\s*(?:"([^"]*)"|“([^”]*)”|(\S+))/giu;

/**
 * The first `year:` value typed in a question that is not a year or a range (`year:soon`), for a message saying
 * so; `readFilters` would leave it out, answering as if no year had been asked for.
 */
export function unreadableYear(text: string): string | undefined {
  for (const m of text.matchAll(POWER_SYNTAX)) {
    if (m[1]!.toLowerCase() !== 'year') continue;
    const value = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    if (value !== '' && !parseYearRange(value)) return value;
  }
  return undefined;
}

/**
 * Read the filters of a question. `searchText` is the question as retrieval would search it (framing blanked);
 * `today` dates "last year" and "this year" (without it they are plain words). Years, venues and quoted phrases in
 * the wording are filters only when the question `asksForPapers` ("2023 papers on…"): in a claim or a question
 * about a finding ("mortality rose from 2009 to 2014", "cells form "Van Gogh" bundles") they are its topic. The
 * power syntax and authors apply either way.
 */
export function readFilters(text: string, searchText: string, facets: FacetIndex, today?: Date, asksForPapers = true): FilterReading {
  const blank: Span[] = [];
  const out: FilterReading = { searchText, authors: [], venues: [], phrases: [], newest: false };
  const setYears = (from: number | undefined, to: number | undefined) => {
    if (from !== undefined) out.from = out.from === undefined ? from : Math.max(out.from, from);
    if (to !== undefined) out.to = out.to === undefined ? to : Math.min(out.to, to);
  };
  const addAuthor = (typed: string): boolean => {
    const ids = facets.authorIds(typed);
    if (ids.length === 0) return false;
    out.authors.push({ typed, ids });
    return true;
  };
  const taken = (start: number, end: number) => blank.some(([s, e]) => start < e && end > s);

  // Power syntax: author:"Tri Dao" author:Dao year:2023..2024 year:>=2022 venue:ACL
  for (const m of text.matchAll(POWER_SYNTAX)) {
    const value = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    const key = m[1]!.toLowerCase();
    blank.push([m.index, m.index + m[0].length]);
    if (key === 'author') {
      if (value !== '' && !addAuthor(value)) out.unknownAuthor ??= value;
    } else if (key === 'venue') {
      if (value !== '') out.venues.push(value);
    } else {
      const range = parseYearRange(value);
      if (range) setYears(range.from, range.to);
    }
  }

  // Quoted phrases of two words or more (a one-word quote is just emphasis).
  if (asksForPapers)
    for (const m of text.matchAll(/"([^"]{3,120})"|“([^”]{3,120})”/gu)) {
      if (taken(m.index, m.index + m[0].length)) continue;
      const phrase = (m[1] ?? m[2] ?? '').trim();
      if (/\S\s+\S/.test(phrase)) out.phrases.push(phrase);
    }

  // Years.
  for (const [re, years] of asksForPapers ? YEAR_RULES : []) {
    for (const m of text.matchAll(re)) {
      if (taken(m.index!, m.index! + m[0].length)) continue;
      blank.push([m.index!, m.index! + m[0].length]);
      const [from, to] = years(m);
      setYears(from, to);
    }
  }
  if (today && asksForPapers) {
    const now = today.getUTCFullYear();
    for (const m of text.matchAll(/\b(?:from\s+|in\s+|of\s+)?(last|this|past)\s+(?:(\d|two|three|four|five)\s+)?years?\b/gi)) {
      if (taken(m.index, m.index + m[0].length)) continue;
      const n = m[2] ? Number(m[2]) || ['two', 'three', 'four', 'five'].indexOf(m[2].toLowerCase()) + 2 : undefined;
      blank.push([m.index, m.index + m[0].length]);
      if (n !== undefined) setYears(now - n + 1, now);
      else if (m[1]!.toLowerCase() === 'this') setYears(now, now);
      else setYears(now - 1, now - 1);
    }
  }

  // "Latest", "newest", "most recent": an order, not a topic word.
  if (asksForPapers)
    for (const m of text.matchAll(NEWEST)) {
      if (taken(m.index, m.index + m[0].length)) continue;
      blank.push([m.index, m.index + m[0].length]);
      out.newest = true;
    }

  // Venues typed as a venue is written (ACL, EMNLP, NAACL, NeurIPS), present in the collection.
  for (const m of text.matchAll(/(?<![\p{L}\p{N}:])(?:[\p{Lu}]{3,}|[\p{Lu}][\p{Ll}]*[\p{Lu}][\p{L}]*)(?![\p{L}\p{N}])/gu)) {
    if (!asksForPapers || taken(m.index, m.index + m[0].length)) continue;
    if (!facets.hasVenue(m[0])) continue;
    // "EMNLP 2023", "ACL papers": a venue's year is a year filter; a lone "ACL" in a topic is still a venue when the collection has one.
    const after = /^\s+(19[5-9]\d|20\d\d)\b/.exec(text.slice(m.index + m[0].length));
    let end = m.index + m[0].length;
    if (after) {
      const y = Number(after[1]);
      setYears(y, y);
      end += after[0].length;
    }
    out.venues.push(m[0]);
    blank.push([m.index, end]);
  }

  // Authors: "papers by X", "written by X", "X's work on", "what did X write about", "by X" (a known author of two words or more).
  const authorRules: { re: RegExp; framed: boolean }[] = [
    {
      re: /\b(?:papers?|works?|articles?|publications?|research|studies|written|authored|co-?authored)\s+(?:written\s+|authored\s+)?by\s+/giu,
      framed: true,
    },
    { re: /(?:^|(?<=\s))by\s+(?=\p{Lu})/gu, framed: false },
  ];
  for (const { re, framed } of authorRules) {
    for (const m of text.matchAll(re)) {
      const start = m.index + m[0].length;
      if (taken(m.index, start)) continue;
      let at = start;
      for (;;) {
        const name = nameAt(text, at, framed);
        if (!name) break;
        const typed = text.slice(at, name.end);
        const words = typed.split(/\s+/).length;
        if (!framed && words < 2) break;
        if (addAuthor(typed)) blank.push([m.index, name.end]);
        else {
          if (framed) {
            out.unknownAuthor ??= typed;
            blank.push([m.index, name.end]);
          }
          break;
        }
        // "by Tri Dao and Albert Gu": a second author.
        const and = /^\s*(?:,|and|&)\s*/i.exec(text.slice(name.end));
        if (!and) break;
        at = name.end + and[0].length;
      }
    }
  }
  // "What did Zirui Liu write about…", "what has T. Dao published on…": only a name that is one of the collection's
  // authors, in any case ("what did the authors write" names nobody).
  for (const m of text.matchAll(
    /\b(?:what|which\s+(?:papers?|work))\s+(?:did|has|have)\s+((?:[\p{L}][\p{L}'’-]*\.?\s+){0,3}?[\p{L}][\p{L}'’-]*)\s+(?:write|written|wrote|publish|published|work\s+on|worked\s+on)\b(?:\s+(?:on|about))?/giu,
  )) {
    if (taken(m.index, m.index + m[0].length)) continue;
    if (addAuthor(m[1]!)) blank.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(
    /((?:\p{Lu}[\p{L}'’-]*\.?\s+){0,3}\p{Lu}[\p{L}'’-]*?)['’]s\s+(?:(?:recent|latest|new|other)\s+)?(?:work|papers?|research|publications?|articles?)\b(?:\s+(?:on|about))?/gu,
  )) {
    if (taken(m.index, m.index + m[0].length)) continue;
    const typed = m[1]!;
    if (addAuthor(typed)) blank.push([m.index, m.index + m[0].length]);
  }

  let s = searchText;
  for (const [a, b] of blank) s = s.slice(0, a) + ' '.repeat(b - a) + s.slice(b);
  out.searchText = s;
  return out;
}

/** A name of one to four words at `at` (stopping at a word that cannot be part of one); capitalised unless `lower` is allowed. */
function nameAt(text: string, at: number, lower: boolean): { end: number } | undefined {
  const re = /([\p{L}][\p{L}'’.-]*)(\s+|$)/uy;
  let end = -1;
  let words = 0;
  re.lastIndex = at;
  for (let m = re.exec(text); m !== null && words < 4; m = re.exec(text)) {
    const w = m[1]!.replace(/['’]s$/, '');
    if (NAME_STOP.test(w)) break;
    if (!lower && !/^\p{Lu}/u.test(w)) break;
    words++;
    end = m.index + m[1]!.length - (m[1]!.length - w.length);
    if (/[?!,;:]$/.test(m[1]!)) break;
  }
  if (end < 0) return undefined;
  // Trailing punctuation is not part of the name.
  while (end > at && /[.'’-]/.test(text[end - 1]!) && !/\b\p{Lu}\.$/u.test(text.slice(at, end))) end--;
  return end > at ? { end } : undefined;
}

function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

/** "2023", "2023..2024", "2022-2024", ">=2022", "<2020", "2022.." as an inclusive range; undefined when not one. */
export function parseYearRange(value: string): { from?: number; to?: number } | undefined {
  const v = value.trim();
  let m = /^(\d{4})$/.exec(v);
  if (m) return { from: +m[1]!, to: +m[1]! };
  m = /^(\d{4})?\s*(?:\.\.|-|–|to)\s*(\d{4})?$/.exec(v);
  if (m && (m[1] || m[2])) {
    const from = m[1] ? +m[1] : undefined;
    const to = m[2] ? +m[2] : undefined;
    if (from !== undefined && to !== undefined && from > to) return { from: to, to: from };
    return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  }
  m = /^(>=|>|<=|<)\s*(\d{4})$/.exec(v);
  if (m) {
    const y = +m[2]!;
    if (m[1] === '>=') return { from: y };
    if (m[1] === '>') return { from: y + 1 };
    if (m[1] === '<=') return { to: y };
    return { to: y - 1 };
  }
  m = /^(?:since|from|after)\s+(\d{4})$/i.exec(v);
  if (m) return { from: +m[1]! + (/^after/i.test(v) ? 1 : 0) };
  m = /^(?:before|until)\s+(\d{4})$/i.exec(v);
  if (m) return { to: +m[1]! - (/^before/i.test(v) ? 1 : 0) };
  return undefined;
}
