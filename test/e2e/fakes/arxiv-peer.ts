/** A loopback arXiv API: answers `query?id_list=…` with an Atom feed of the papers it knows, like export.arxiv.org. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A paper the fake arXiv has. */
export interface ArxivEntry {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  published: string;
}

/** Papers that are not in the bundled corpus, for `/add`. */
export const NEW_PAPERS: ArxivEntry[] = [
  {
    id: '1706.03762',
    title: 'Attention Is All You Need',
    summary:
      'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose a new simple network architecture, the Transformer, based solely on attention mechanisms.',
    authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
    published: '2017-06-12T17:57:34Z',
  },
  {
    id: '1810.04805',
    title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
    summary:
      'We introduce a new language representation model called BERT, which stands for Bidirectional Encoder Representations from Transformers.',
    authors: ['Jacob Devlin', 'Ming-Wei Chang'],
    published: '2018-10-11T00:50:01Z',
  },
];

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An Atom feed with the entries of `ids` that `known` has (others are left out, as arXiv does). */
export function atomFeed(ids: readonly string[], known: readonly ArxivEntry[]): string {
  const entries = ids
    .map((id) => known.find((p) => p.id === id))
    .filter((p): p is ArxivEntry => p !== undefined)
    .map(
      (p) => `  <entry>
    <id>http://arxiv.org/abs/${p.id}v1</id>
    <published>${p.published}</published>
    <title>${xml(p.title)}</title>
    <summary>${xml(p.summary)}</summary>
${p.authors.map((a) => `    <author><name>${xml(a)}</name></author>`).join('\n')}
  </entry>`,
    );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${entries.length}</opensearch:totalResults>
${entries.join('\n')}
</feed>
`;
}

/** The running fake: its query URL (for ARXIV_API_URL) and the id lists it was asked for. */
export interface FakeArxiv {
  url: string;
  asked: string[][];
  close(): Promise<void>;
}

export async function startFakeArxiv(known: readonly ArxivEntry[] = NEW_PAPERS): Promise<FakeArxiv> {
  const asked: string[][] = [];
  const server: Server = createServer((req, res) => {
    const ids = (new URL(req.url ?? '/', 'http://x').searchParams.get('id_list') ?? '').split(',').filter(Boolean);
    asked.push(ids);
    res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atomFeed(ids, known));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`,
    asked,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
