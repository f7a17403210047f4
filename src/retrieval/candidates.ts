/**
 * BM25F candidate search over the typed-array postings: term statistics (IDF, document frequency) and the
 * papers that best match a set of terms. Owns the `postings` section of the snapshot.
 */
import type { DocFilter } from './facets.js';
import { type Bm25Parameters, blockStarts, Postings, type PostingsData, type Scored } from './postings.js';
import type { Candidate } from './retriever.js';
import { type IndexSnapshot, SectionReader, type SnapshotSection } from './snapshot.js';

export class CandidateSearch {
  readonly size: number;

  constructor(private readonly postings: Postings) {
    this.size = postings.size;
  }

  /** The same search scored with other BM25 parameters (the postings shared; for fitting them, `npm run fit:bm25`). */
  withBm25(bm25: Bm25Parameters): CandidateSearch {
    return new CandidateSearch(this.postings.withBm25(bm25));
  }

  /** This part's section of a snapshot. */
  toSection(): SnapshotSection {
    const { termBytes, termStarts, df, blockDoc, blockInfo, blockAt, packed, lengths, termTable } = this.postings.data;
    return { termBytes, termStarts, df, blockDoc, blockInfo, blockAt, packed, lengths, termTable };
  }

  /** Restore from a snapshot's `postings` section, checking that its arrays fit together. */
  static fromSnapshot(snapshot: IndexSnapshot): CandidateSearch {
    const s = new SectionReader(snapshot, 'postings');
    const termBytes = s.array('termBytes', Uint8Array);
    const termStarts = s.array('termStarts', Uint32Array);
    const df = s.array('df', Uint32Array);
    const blockDoc = s.array('blockDoc', Uint32Array);
    const blockInfo = s.array('blockInfo', Uint32Array);
    const blockAt = s.array('blockAt', Uint32Array);
    const packed = s.array('packed', Uint8Array);
    const lengths = s.array('lengths', Float32Array);
    const termTable = s.array('termTable', Int32Array);
    const terms = df.length;
    if (lengths.length !== snapshot.papers) throw s.error('lengths', `expected ${snapshot.papers} documents, got ${lengths.length}`);
    if (termStarts.length !== terms + 1 || termStarts[terms] !== termBytes.length)
      throw s.error('termStarts', `expected ${terms + 1} offsets into termBytes`);
    const blocks = blockStarts(df)[terms]!;
    if (blockDoc.length !== blocks || blockInfo.length !== blocks || blockAt.length !== blocks)
      throw s.error('blockDoc', `expected ${blocks} blocks for the document frequencies`);
    if (blocks > 0 && blockAt[blocks - 1]! + 4 > packed.length) throw s.error('packed', 'shorter than its blocks');
    if (termTable.length < 2 * terms || (termTable.length & (termTable.length - 1)) !== 0)
      throw s.error('termTable', 'not a hash table of the terms');
    const data: PostingsData = { termBytes, termStarts, df, blockDoc, blockInfo, blockAt, packed, lengths, termTable };
    return new CandidateSearch(new Postings(data));
  }

  /** How many papers contain the term in any field. */
  docFrequency(term: string): number {
    return this.postings.docFrequency(term);
  }

  /** BM25 inverse document frequency of a term (0 for a term no paper has). */
  idf(term: string): number {
    const df = this.docFrequency(term);
    if (df === 0) return 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether any paper contains the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * Papers matching any of the terms, best first (BM25F, each term weighted by its IDF). Ties keep corpus
   * order. Papers in `include` are scored and kept even when they would not make the cut. With a `filter`, only
   * the papers it allows: a small set is scored paper by paper; a large one is searched as usual, taking more
   * candidates in proportion to the share it allows, and scored paper by paper only if too few of them pass. With
   * no terms, every allowed paper (score 0), in corpus order.
   */
  search(terms: readonly string[], limit: number, include: readonly number[] = [], filter?: DocFilter): Candidate[] {
    const query = [...new Set(terms)].filter((t) => this.has(t)).map((term) => ({ term, weight: this.idf(term) }));
    const hit = (s: { doc: number; score: number; mask: number }): Candidate => ({
      doc: s.doc,
      score: s.score,
      matched: query.filter((_, i) => (s.mask & (1 << i)) !== 0).map((q) => q.term),
    });
    const hits = (filter ? this.filtered(query, limit, filter) : this.postings.search(query, limit)).map(hit);
    for (const doc of include)
      if ((!filter || filter.allowed[doc]) && !hits.some((h) => h.doc === doc)) hits.push(hit(this.postings.scoreDoc(query, doc)));
    return hits;
  }

  private filtered(query: readonly { term: string; weight: number }[], limit: number, filter: DocFilter): Scored[] {
    const { docs, allowed } = filter;
    if (query.length === 0) return Array.from(docs.subarray(0, limit), (doc) => ({ doc, score: 0, mask: 0 }));
    if (docs.length > FILTER_SCAN_DOCS) {
      const share = docs.length / this.size;
      const take = Math.min(this.size, Math.ceil((limit / share) * 2));
      const passed = this.postings.search(query, take).filter((s) => allowed[s.doc] === 1);
      if (passed.length >= limit || take >= this.size) return passed.slice(0, limit);
    }
    const scored: Scored[] = [];
    for (const doc of docs) {
      const s = this.postings.scoreDoc(query, doc);
      if (s.mask !== 0) scored.push(s);
    }
    scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return scored.slice(0, limit);
  }
}

/** Up to this many allowed papers, a filtered search scores each one (binary searches per term) instead of searching. */
const FILTER_SCAN_DOCS = 3000;
