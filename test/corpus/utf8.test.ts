/** Invalid UTF-8 is reported with its file and line, never silently quoted as U+FFFD (issue 18, failure 8). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../src/corpus/formats/read-source.js';
import { Utf8LineCheck } from '../../src/corpus/utf8.js';
import { CitebotError, loadCorpusFile } from '../../src/index.js';

const record = (title: string, abstract = 'An abstract that says something.') =>
  Buffer.from(`${JSON.stringify({ id: title.toLowerCase(), title, abstract, authors: [], year: 2024, source: 'json' })}\n`);
const BAD = Buffer.from([0xff]);
const tmp = () => mkdtempSync(join(tmpdir(), 'citebot-utf8-'));

function check(bytes: Buffer, cuts: number[]): number[] {
  const c = new Utf8LineCheck();
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    c.push(bytes.subarray(at, cut));
    at = cut;
  }
  c.push(bytes.subarray(at));
  c.end();
  return c.badLines;
}

describe('Utf8LineCheck', () => {
  it('finds no bad line in valid text, however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, cuts) => {
        const bytes = Buffer.from(lines.join('\n'));
        expect(
          check(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          ),
        ).toEqual([]);
      }),
    );
  });

  it('names the line of a bad byte, a truncated sequence, and one cut off at the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (bad, cuts) => {
        const lines = ['naïve', 'Beyoncé', '2×speed', '中文', 'ok'].map((l, i) =>
          i === bad ? Buffer.concat([Buffer.from(l), BAD]) : Buffer.from(l),
        );
        const bytes = Buffer.concat(lines.flatMap((l, i) => (i < lines.length - 1 ? [l, Buffer.from('\n')] : [l])));
        expect(
          check(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          ),
        ).toEqual([bad + 1]);
      }),
    );
    expect(check(Buffer.from([0x61, 0xe2, 0x82, 0x0a, 0x62]), [2])).toEqual([1]); // "€" cut short before a newline
    expect(check(Buffer.from([0x61, 0x0a, 0xe2, 0x82]), [])).toEqual([2]);
  });
});

describe('invalid UTF-8 in ingest sources: the record is rejected with its line', () => {
  it('JSON Lines: the line with the bad byte', async () => {
    const file = join(tmp(), 'in.jsonl');
    writeFileSync(
      file,
      Buffer.concat([record('Good'), Buffer.from('{"title":"Bad '), BAD, Buffer.from('","abstract":"x y z."}\n'), record('Fine')]),
    );
    const r = await readSource(file);
    expect(r.papers.map((p) => p.paper.title)).toEqual(['Good', 'Fine']);
    expect(r.rejected).toEqual([{ where: `${file}:2`, reason: expect.stringMatching(/^not valid UTF-8 .*re-save the file as UTF-8/) }]);
  });

  it('BibTeX: the entry the bad line belongs to, saying which line', async () => {
    const file = join(tmp(), 'refs.bib');
    const entry = (key: string, abstract: Buffer) =>
      Buffer.concat([
        Buffer.from(`@article{${key},\n  title = {Paper ${key}},\n  year = {2020},\n  abstract = {Words `),
        abstract,
        Buffer.from('.}\n}\n\n'),
      ]);
    writeFileSync(file, Buffer.concat([entry('one', Buffer.from('fine')), entry('two', Buffer.concat([Buffer.from('Beyonc'), BAD]))]));
    const r = await readSource(file);
    expect(r.papers.map((p) => p.paper.title)).toEqual(['Paper one']);
    expect(r.rejected).toEqual([{ where: `${file}:7 (two)`, reason: expect.stringMatching(/^line 10: not valid UTF-8/) }]);
  });
});

describe('invalid UTF-8 at corpus load: a bad line, with file and line', () => {
  it.each([
    ['papers.jsonl', (b: Buffer) => b],
    ['papers.jsonl.gz', (b: Buffer) => gzipSync(b)],
  ])('%s', async (name, encode) => {
    const file = join(tmp(), name);
    writeFileSync(
      file,
      encode(Buffer.concat([record('One'), record('Two').subarray(0, 30), BAD, record('Two').subarray(30), record('Three')])),
    );
    const err = await loadCorpusFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CitebotError);
    expect((err as CitebotError).problems).toEqual([
      expect.stringMatching(new RegExp(`^${file.replace(/\./g, '\\.')}:2: not valid UTF-8`)),
    ]);
  });

  it('loads a valid corpus that contains a real U+FFFD character', async () => {
    const file = join(tmp(), 'papers.jsonl');
    writeFileSync(file, record('Replacement \uFFFD character'));
    expect(await loadCorpusFile(file)).toHaveLength(1);
  });
});
