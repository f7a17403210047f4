/**
 * A paper list over a corpus file that stays on disk: one pass finds where each line starts and reads its id and
 * title; a paper's text is then read from the file when the indexer (or an answer) needs it. For building an
 * index of millions of (synthetic) papers without holding them all as objects. Trusts the file (one valid paper
 * per line, as `serializeCorpus` writes): the product path validates with `loadCorpusFile` instead.
 */
import { createReadStream, openSync } from 'node:fs';
import { PaperList } from '../../src/corpus/paper-list.js';

export async function papersFromFile(file: string): Promise<PaperList> {
  const starts: number[] = [0];
  const ids: string[] = [];
  const titles: string[] = [];
  let at = 0;
  let pending: Buffer[] = [];
  const take = (line: Buffer) => {
    const p = JSON.parse(line.toString('utf8')) as { id: string; title: string };
    ids.push(p.id);
    titles.push(p.title);
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      const line = pending.length ? Buffer.concat([...pending, chunk.subarray(from, nl)]) : chunk.subarray(from, nl);
      pending = [];
      if (line.length > 0) {
        take(line);
        starts.push(at + nl + 1);
      } else starts[starts.length - 1] = at + nl + 1; // a blank line: the next paper starts after it
      from = nl + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
    at += chunk.length;
  }
  if (pending.length) {
    take(Buffer.concat(pending));
    starts.push(at);
  }
  return PaperList.fromFile(openSync(file, 'r'), 0, { offsets: Float64Array.from(starts), ids, titles });
}
