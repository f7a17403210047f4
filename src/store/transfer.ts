/**
 * Papers and an index snapshot moved to another thread (the reload worker) as opaque buffers: typed arrays are
 * transferred, every string is packed into one transferred UTF-8 buffer that the receiver decodes a piece per
 * event-loop turn (see `packed-texts.ts`), so a 136k-paper library arrives without stalling the receiver.
 * Walks the snapshot's fields generically: it knows nothing of what they mean.
 */
import { PaperList, type PaperListData } from '../corpus/paper-list.js';
import type { IndexSnapshot } from '../retrieval/snapshot.js';
import { type PackedTexts, packTexts, unpackTexts } from './packed-texts.js';

/** What is posted to the other thread (structured-clonable; its buffers are in `transfer`). */
export interface LibraryParcel {
  /** The papers and snapshot with every string and string array taken out (their paths are keys of `texts`). */
  readonly skeleton: unknown;
  readonly texts: PackedTexts;
}

/** Pack papers and their snapshot for `postMessage(parcel, transfer)`; the sender must not use them afterwards. */
export function packLibrary(papers: PaperList, snapshot: IndexSnapshot): { parcel: LibraryParcel; transfer: ArrayBuffer[] } {
  const arrays: Record<string, readonly string[]> = {};
  const texts: Record<string, string> = {};
  const transfer = new Set<ArrayBuffer>();
  const strip = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') {
      texts[JSON.stringify(path)] = value;
      return null;
    }
    if (Array.isArray(value)) {
      arrays[JSON.stringify(path)] = value as string[];
      return null;
    }
    if (ArrayBuffer.isView(value)) {
      // Only a view of a whole buffer of its own is transferred; a view into a shared one is copied.
      if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength)
        transfer.add(value.buffer);
      return value;
    }
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v, [...path, k])]));
    return value;
  };
  const skeleton = strip({ papers: papers.toData(), snapshot }, []);
  const packed = packTexts(arrays, texts);
  transfer.add(packed.bytes.buffer as ArrayBuffer);
  return { parcel: { skeleton, texts: packed }, transfer: [...transfer] };
}

/** Unpack a parcel from `packLibrary`, decoding its strings one piece per event-loop turn. */
export async function unpackLibrary(parcel: LibraryParcel): Promise<{ papers: PaperList; snapshot: IndexSnapshot }> {
  const { arrays, texts } = await unpackTexts(parcel.texts);
  const tree = parcel.skeleton as Record<string, unknown>;
  for (const [key, value] of [...Object.entries(arrays), ...Object.entries(texts)]) {
    const path = JSON.parse(key) as string[];
    let at = tree;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    at[path[path.length - 1]!] = value;
  }
  const { papers, snapshot } = tree as { papers: PaperListData; snapshot: IndexSnapshot };
  return { papers: PaperList.fromData(papers), snapshot };
}
