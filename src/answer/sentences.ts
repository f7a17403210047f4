/** A sentence of a text, by offsets into it (the text is never copied or changed). */
export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Split text into sentences (Unicode sentence boundaries, not a split on "."), trimmed of surrounding
 * white space. A break after a common abbreviation ("e.g.", "i.e.", "et al.", "vs.") is undone.
 */
export function sentences(text: string): Span[] {
  const spans: Span[] = [];
  for (const seg of segmenter.segment(text)) {
    const lead = seg.segment.length - seg.segment.trimStart().length;
    const start = seg.index + lead;
    const end = seg.index + seg.segment.trimEnd().length;
    if (end <= start) continue;
    const prev = spans[spans.length - 1];
    if (
      prev &&
      /\b(?:e\.g|i\.e|et al|vs|cf|etc|Fig|Eq|resp)\.$/i.test(text.slice(prev.start, prev.end)) &&
      /^[a-z0-9(]/.test(text.slice(start, start + 1))
    ) {
      prev.end = end;
      continue;
    }
    spans.push({ start, end });
  }
  return spans;
}
