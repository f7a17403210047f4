import { deserialize, serialize } from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CitebotError,
  createLibrary,
  type IndexSnapshot,
  type Library,
  openLibrary,
  type Paper,
  packLibrary,
  unpackLibrary,
} from '../../src/index.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { INDEX_FORMAT } from '../../src/retrieval/snapshot.js';
import { fixturePapers, fixtureTermStats } from '../fixtures/corpus.js';

let papers: Paper[];
let built: Library;
const QUESTIONS = [
  'how does FROST handle rare categories?',
  'what does Tiny Owl run on?',
  'grpah neural networks',
  'papers about quantization',
  'how cheap is judging a proof?',
  'sourdough',
];
const asked = (l: Library) => JSON.stringify(QUESTIONS.map((q) => l.ask(q)));

beforeAll(async () => {
  papers = await fixturePapers();
  built = createLibrary(papers, { termStats: await fixtureTermStats() });
});

/** The snapshot with one field (section.field) replaced, or the section dropped when `value` is omitted. */
function tampered(snapshot: IndexSnapshot, section: string, field?: string, value?: unknown): IndexSnapshot {
  const sections: Record<string, unknown> = { ...snapshot.sections };
  if (field === undefined) delete sections[section];
  else sections[section] = { ...snapshot.sections[section], [field]: value };
  return { ...snapshot, sections } as IndexSnapshot;
}

const rejection = (snapshot: IndexSnapshot, keys = { ids: papers.map((p) => p.id), titles: papers.map((p) => p.title) }) => {
  try {
    SearchIndex.fromSnapshot(snapshot, keys);
  } catch (err) {
    expect(err).toBeInstanceOf(CitebotError);
    expect((err as CitebotError).code).toBe('SNAPSHOT_INVALID');
    return (err as Error).message;
  }
  return 'accepted';
};

describe('index snapshot', () => {
  it("round-trips: a library opened from a built one's snapshot (also through V8 serialisation) answers identically", async () => {
    const termStats = await fixtureTermStats();
    const snapshot = built.snapshot();
    expect(snapshot.format).toBe(INDEX_FORMAT);
    expect(Object.keys(snapshot.sections).sort()).toEqual(['facets', 'names', 'postings', 'vocabulary']);
    const opened = openLibrary({ papers, snapshot, termStats });
    expect(asked(opened)).toBe(asked(built));
    const copied = openLibrary({ papers, snapshot: deserialize(serialize(snapshot)) as IndexSnapshot, termStats });
    expect(copied.snapshot()).toEqual(snapshot);
    expect(asked(copied)).toBe(asked(built));
    expect(copied.lookup('tiny o', 3)).toEqual(built.lookup('tiny o', 3));
  });

  it('round-trips through the transfer parcel a worker posts (strings packed, typed arrays transferred)', async () => {
    const source = createLibrary(papers);
    const expected = createLibrary(papers).snapshot(); // the source's own arrays are detached by the transfer
    const { parcel, transfer } = packLibrary(source.papers, source.snapshot());
    expect(transfer.length).toBeGreaterThan(1);
    const moved = structuredClone(parcel, { transfer });
    const { papers: list, snapshot } = await unpackLibrary(moved);
    expect(snapshot).toEqual(expected);
    expect(list.slice()).toEqual(papers);
    expect(asked(openLibrary({ papers: list, snapshot }))).toBe(asked(createLibrary(papers)));
  });

  it("is rejected by the index's own validation when malformed, naming the section and field", () => {
    const s = built.snapshot();
    expect(rejection(s)).toBe('accepted');
    expect(rejection({ ...s, format: INDEX_FORMAT - 1 })).toMatch(/^snapshot\.format: expected \d+, got \d+$/);
    expect(rejection({ ...s, papers: s.papers + 1 })).toMatch(/^snapshot\.papers: /);
    expect(rejection(s, { ids: papers.slice(1).map((p) => p.id), titles: papers.slice(1).map((p) => p.title) })).toMatch(
      /^snapshot\.papers: .* 10 papers, the paper list 9/,
    );
    expect(rejection(tampered(s, 'vocabulary'))).toBe('snapshot.vocabulary: section missing');
    expect(rejection(tampered(s, 'postings', 'termTable', new Uint32Array(64)))).toBe('snapshot.postings.termTable: expected Int32Array');
    expect(rejection(tampered(s, 'postings', 'termTable', new Int32Array(24)))).toBe(
      'snapshot.postings.termTable: not a hash table of the terms',
    );
    expect(rejection(tampered(s, 'postings', 'termStarts', new Uint32Array(2)))).toMatch(
      /^snapshot\.postings\.termStarts: expected \d+ offsets into termBytes$/,
    );
    expect(rejection(tampered(s, 'postings', 'lengths', new Float32Array(3)))).toBe(
      'snapshot.postings.lengths: expected 10 documents, got 3',
    );
    expect(rejection(tampered(s, 'postings', 'blockDoc', new Uint32Array(1)))).toMatch(
      /^snapshot\.postings\.blockDoc: expected \d+ blocks for the document frequencies$/,
    );
    expect(rejection(tampered(s, 'postings', 'packed', new Uint8Array(0)))).toBe('snapshot.postings.packed: shorter than its blocks');
    const nameBytes = s.sections.names!.nameBytes as Uint8Array;
    expect(rejection(tampered(s, 'names', 'nameStarts', Uint32Array.of(0, nameBytes.length)))).toBe(
      'snapshot.names.nameStarts: expected 10 items, got 1',
    );
    expect(rejection(tampered(s, 'names', 'nameStarts', Uint32Array.of(0, nameBytes.length + 1)))).toBe(
      'snapshot.names.nameStarts: string list: its starts do not span its bytes',
    );
    expect(rejection(tampered(s, 'names', 'nameBytes', ['x']))).toBe('snapshot.names.nameBytes: expected Uint8Array');
    expect(rejection(tampered(s, 'facets', 'authorStarts', new Uint16Array(3)))).toBe(
      'snapshot.facets.authorStarts: expected Uint32Array or Float64Array',
    );
    expect(rejection(tampered(s, 'names', 'phrases', 42))).toBe('snapshot.names.phrases: expected a string');
    expect(rejection(tampered(s, 'vocabulary', 'words', undefined))).toBe('snapshot.vocabulary.words: expected a string');
    expect(rejection(null as unknown as IndexSnapshot)).toBe('snapshot.format: not a snapshot');
    expect(() => openLibrary({ papers, snapshot: tampered(s, 'names') })).toThrow(CitebotError);
  });
});
