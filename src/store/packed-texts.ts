/**
 * Texts and string arrays moved between threads as one transferred UTF-8 buffer, cut into pieces that the
 * receiving thread decodes one per event-loop turn. Posting the strings themselves (136k titles, 1M+ terms)
 * makes the receiver deserialise them all in one go when the message arrives: most of a second of stalled
 * event loop, then as long again in one JSON.parse. Used by the reload worker (see `reload-worker.ts`).
 */

/** Where each piece ends in `bytes`, and which array (a JSON piece) or text (a run of lines) it belongs to. */
export interface PackedTexts {
  bytes: Uint8Array;
  pieces: { key: string; kind: 'array' | 'text'; end: number }[];
}

/** Array items per piece: a piece of titles is about half a megabyte of JSON. */
const ITEMS_PER_PIECE = 5000;
/** Characters per piece of a plain text, about. */
const CHARS_PER_PIECE = 500_000;

/** Pack string arrays (as JSON pieces) and newline-separated texts (cut at newlines) into one buffer. */
export function packTexts(arrays: Record<string, readonly string[]>, texts: Record<string, string>): PackedTexts {
  const parts: string[] = [];
  const keys: { key: string; kind: 'array' | 'text' }[] = [];
  for (const [key, items] of Object.entries(arrays)) {
    // An empty array still gets a piece, so the receiver knows the key.
    for (let i = 0; i === 0 || i < items.length; i += ITEMS_PER_PIECE) {
      parts.push(JSON.stringify(items.slice(i, i + ITEMS_PER_PIECE)));
      keys.push({ key, kind: 'array' });
    }
  }
  for (const [key, text] of Object.entries(texts)) {
    let at = 0;
    do {
      const newline = text.indexOf('\n', at + CHARS_PER_PIECE);
      const end = newline < 0 ? text.length : newline + 1;
      parts.push(text.slice(at, end));
      keys.push({ key, kind: 'text' });
      at = end;
    } while (at < text.length);
  }
  const buffers = parts.map((p) => Buffer.from(p, 'utf8'));
  const bytes = Buffer.concat(buffers);
  // A buffer of its own (not a slice of Node's pool), so it can be transferred.
  const owned = new Uint8Array(new ArrayBuffer(bytes.length));
  owned.set(bytes);
  let end = 0;
  const pieces = buffers.map((b, i) => {
    end += b.length;
    return { ...keys[i]!, end };
  });
  return { bytes: owned, pieces };
}

/** Unpack what `packTexts` packed, decoding one piece per event-loop turn. */
export async function unpackTexts(packed: PackedTexts): Promise<{ arrays: Record<string, string[]>; texts: Record<string, string> }> {
  const arrays = new Map<string, string[]>();
  const texts = new Map<string, string[]>();
  const buffer = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.byteLength);
  let start = 0;
  for (const { key, kind, end } of packed.pieces) {
    await new Promise<void>((r) => setImmediate(r));
    const text = buffer.toString('utf8', start, end);
    start = end;
    if (kind === 'text') {
      const parts = texts.get(key) ?? [];
      parts.push(text);
      texts.set(key, parts);
    } else {
      const into = arrays.get(key) ?? [];
      for (const item of JSON.parse(text) as string[]) into.push(item);
      arrays.set(key, into);
    }
  }
  return { arrays: Object.fromEntries(arrays), texts: Object.fromEntries([...texts].map(([key, parts]) => [key, parts.join('')])) };
}
