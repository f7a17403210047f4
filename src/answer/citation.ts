import type { Paper } from '../corpus/schema.js';
import type { Citation } from './types.js';

/** The citation fields of a paper. */
export function citationOf(p: Paper): Citation {
  return {
    id: p.id,
    title: p.title,
    url: p.url,
    authors: p.authors,
    etAl: p.etAl ?? false,
    year: p.year,
    codeUrl: p.codeUrl,
    ...(p.venue ? { venue: p.venue } : {}),
  };
}
