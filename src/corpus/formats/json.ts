import type { SourcedPaper } from '../merge.js';
import { toPaper } from '../normalize.js';
import { linesAt, type Rejection, type SourceParse } from './types.js';

/**
 * Parse JSON Lines in the corpus schema, one record per line (blank lines skipped). Fields outside the schema
 * (`date`, `categories`, `venue`...) are ignored. Each bad line is rejected as `file:line: reason`.
 * Takes lines from any (async) iterable, so a large file streams.
 */
export async function parseJsonLines(lines: AsyncIterable<string> | Iterable<string>, file: string): Promise<SourceParse> {
  const papers: SourcedPaper[] = [];
  const rejected: Rejection[] = [];
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '').trim() : raw.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      rejected.push({ where: `${file}:${lineNo}`, reason: `not valid JSON (${(err as Error).message})` });
      continue;
    }
    collect(json, `${file}:${lineNo}`, papers, rejected);
  }
  return { format: 'jsonl', papers, rejected };
}

/**
 * Parse a JSON array of records in the corpus schema. Each bad element is rejected with the line it starts on.
 * A file that is not valid JSON, or not an array, is rejected as a whole.
 */
export function parseJsonArray(text: string, file: string): SourceParse {
  const papers: SourcedPaper[] = [];
  const rejected: Rejection[] = [];
  const body = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    rejected.push({ where: `${file}:${errorLine(body, err as Error)}`, reason: `not valid JSON (${(err as Error).message})` });
    return { format: 'json-array', papers, rejected };
  }
  if (!Array.isArray(json)) {
    rejected.push({ where: `${file}:1`, reason: 'expected a JSON array of paper records' });
    return { format: 'json-array', papers, rejected };
  }
  const lines = linesAt(body, elementOffsets(body));
  json.forEach((item, i) => {
    collect(item, `${file}:${lines[i] ?? 1}`, papers, rejected);
  });
  return { format: 'json-array', papers, rejected };
}

function collect(json: unknown, where: string, papers: SourcedPaper[], rejected: Rejection[]): void {
  const checked = toPaper(json);
  if (checked.ok) papers.push({ paper: checked.paper, where });
  else for (const reason of checked.reasons) rejected.push({ where, reason });
}

// Offsets where each element of the top-level array starts (the text is valid JSON).
function elementOffsets(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 1 && expectValue && c !== ']') {
      out.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return out;
}

// V8 reports "... in JSON at position N (line L column C)"; fall back to the position, then line 1.
function errorLine(text: string, err: Error): number {
  const line = /line (\d+)/.exec(err.message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(err.message);
  return pos ? linesAt(text, [Number(pos[1])])[0]! : 1;
}
