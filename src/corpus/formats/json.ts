import { collectRecord, emptyParse, linesAt, type SourceParse } from './types.js';

/** The `source` of a JSON record that names none. */
const JSON_SOURCE = 'json';

/**
 * Parse JSON Lines in the corpus schema, one record per line (blank lines skipped). A title and an abstract
 * suffice (see `toRecord` for the id, year and source a minimal record is given); a record without an abstract
 * is metadata only. Fields outside the schema (`categories`, `venue`...) are ignored. Each bad line is rejected
 * once, as `file:line: reason; reason`.
 * Takes lines from any (async) iterable, so a large file streams.
 */
export async function parseJsonLines(lines: AsyncIterable<string> | Iterable<string>, file: string): Promise<SourceParse> {
  const parse = emptyParse('jsonl');
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '').trim() : raw.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      parse.rejected.push({ where: `${file}:${lineNo}`, reason: `not valid JSON (${(err as Error).message})` });
      continue;
    }
    collectRecord(json, `${file}:${lineNo}`, parse, { source: JSON_SOURCE, metadataOnly: true });
  }
  return parse;
}

/**
 * Parse a JSON array of records in the corpus schema. Each bad element is rejected with the line it starts on.
 * A file that is not valid JSON, or not an array, is rejected as a whole.
 */
export function parseJsonArray(text: string, file: string): SourceParse {
  const parse = emptyParse('json-array');
  const body = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    parse.rejected.push({ where: `${file}:${errorLine(body, err as Error)}`, reason: `not valid JSON (${(err as Error).message})` });
    return parse;
  }
  if (!Array.isArray(json)) {
    parse.rejected.push({ where: `${file}:1`, reason: 'expected a JSON array of paper records' });
    return parse;
  }
  const lines = linesAt(body, elementOffsets(body));
  json.forEach((item, i) => {
    collectRecord(item, `${file}:${lines[i] ?? 1}`, parse, { source: JSON_SOURCE, metadataOnly: true });
  });
  return parse;
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
