import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SourcedPaper } from '../merge.js';
import { normalizeArxivId, normalizeText, toPaper } from '../normalize.js';
import { extractCodeUrl } from '../papers-page.js';
import { linesAt, type Rejection, type SourceParse } from './types.js';

/** An Atom feed from the arXiv API, parsed: the papers, the rejected entries, and the arXiv ids it answered for. */
export interface ArxivFeedParse extends SourceParse {
  /** arXiv ids (without version) of every paper entry in the feed, valid or not. */
  ids: string[];
  /** `opensearch:totalResults`, when the feed gives it. */
  totalResults: number | undefined;
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  htmlEntities: true, // numeric character references such as &#233;
  captureMetaData: true,
  isArray: (name) => name === 'entry' || name === 'author' || name === 'link' || name === 'category',
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/**
 * Parse an Atom feed as the arXiv API returns it (`/api/query?id_list=...`): one paper per `<entry>`, with the id
 * from `<id>` (version suffix dropped), title, `<summary>` as the abstract, authors, the year of `<published>`,
 * `<arxiv:doi>`, and a code URL from the abstract or `<arxiv:comment>`. The API's error entries
 * (`<id>http://arxiv.org/api/errors#...`) are rejected with their message. Malformed XML is rejected as a whole
 * with its line.
 */
export function parseArxivAtom(xml: string, file: string): ArxivFeedParse {
  const papers: SourcedPaper[] = [];
  const rejected: Rejection[] = [];
  const result: ArxivFeedParse = { format: 'arxiv-atom', papers, metadataOnly: [], rejected, ids: [], totalResults: undefined };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    rejected.push(describeXmlError(xml, file, valid.err));
    return result;
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (err) {
    rejected.push({ where: `${file}:1`, reason: `cannot parse the feed (${(err as Error).message})` });
    return result;
  }
  const feed = doc.feed as XmlNode | undefined;
  if (!feed || typeof feed !== 'object') {
    const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? 'nothing';
    rejected.push({ where: `${file}:1`, reason: `not an Atom feed (the root element is <${root}>, expected <feed>)` });
    return result;
  }
  const total = Number(text(feed.totalResults));
  if (text(feed.totalResults) !== '' && Number.isInteger(total)) result.totalResults = total;
  const entries = (feed.entry as XmlNode[] | undefined) ?? [];
  const lines = linesAt(
    xml,
    entries.map((e) => (e as unknown as Record<symbol, { startIndex?: number } | undefined>)[META]?.startIndex ?? 0),
  );
  entries.forEach((entry, i) => {
    const where = `${file}:${lines[i] ?? 1}`;
    const rawId = text(entry.id);
    if (/\/api\/errors/.test(rawId)) {
      rejected.push({ where, reason: `arXiv API error: ${normalizeText(text(entry.summary)) || rawId}` });
      return;
    }
    const id = normalizeArxivId(rawId);
    if (!id) {
      rejected.push({ where, reason: `entry <id> ${JSON.stringify(rawId)} is not an arXiv abs URL` });
      return;
    }
    result.ids.push(id);
    const abstract = text(entry.summary);
    const comment = text(entry.comment);
    const published = text(entry.published);
    const doi = text(entry.doi);
    const record = {
      id,
      title: text(entry.title),
      abstract,
      authors: ((entry.author as XmlNode[] | undefined) ?? []).map((a) => text(a.name)),
      year: /^\d{4}/.test(published) ? Number(published.slice(0, 4)) : undefined,
      url: `https://arxiv.org/abs/${id}`,
      codeUrl: extractCodeUrl(`${abstract} ${comment}`),
      ...(doi ? { doi } : {}),
      source: 'arxiv',
    };
    const checked = toPaper(record);
    if (checked.ok) papers.push({ paper: checked.paper, where });
    else rejected.push({ where, reason: checked.reasons.join('; ') });
  });
  return result;
}

// The validator reports unclosed elements at the end as "Invalid '["feed","entry"]' found." on line 1.
function describeXmlError(xml: string, file: string, err: { code: string; msg: string; line: number }): Rejection {
  const open = /^Invalid '\[([\s\S]*)\]' found/.exec(err.msg);
  if (err.code === 'InvalidXml' && open) {
    const tags = [...open[1]!.matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`).reverse();
    const last = xml.trimEnd().split('\n').length;
    return {
      where: `${file}:${last}`,
      reason: `not well-formed XML: the document ends before ${tags.join(', ')} ${tags.length === 1 ? 'is' : 'are'} closed (a truncated response?)`,
    };
  }
  return { where: `${file}:${err.line}`, reason: `not well-formed XML (${err.msg})` };
}

// Element text, whether the parser gave a string or an object with attributes and #text.
function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  if (node && typeof node === 'object' && '#text' in node) return text((node as XmlNode)['#text']);
  return '';
}
