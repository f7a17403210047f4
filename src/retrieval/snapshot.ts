/**
 * The index snapshot: everything the embedded index needs to answer without re-analysing any text, as plain
 * fields (strings, string arrays, typed arrays) grouped in one section per part of the index. Outside
 * retrieval it is opaque: the store saves it, a worker thread moves it, and only `SearchIndex.fromSnapshot`
 * reads it, each part validating its own section.
 */
import { StringList } from '../corpus/string-list.js';
import { CitebotError } from '../errors.js';

/**
 * Bump when the analyzer, a part's section layout or the paper schema changes: a snapshot (or saved index) of
 * another format is stale and rebuilt, never served.
 */
export const INDEX_FORMAT = 24;

/** The typed arrays a section may hold. */
export type SnapshotArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * One field of a section: a text, a list of strings, or a typed array (moved between threads without a copy). A
 * large list of strings is better two typed arrays (see `stringListFields`): nothing to decode when it is loaded.
 */
export type SnapshotField = string | readonly string[] | SnapshotArray;

/** One part's data, by field name. */
export type SnapshotSection = Readonly<Record<string, SnapshotField>>;

/** A snapshot of the embedded index (see `SearchIndex.toSnapshot`). */
export interface IndexSnapshot {
  /** `INDEX_FORMAT` of the code that took it. */
  readonly format: number;
  /** Number of papers indexed. */
  readonly papers: number;
  /** One section per part of the index, by part name. */
  readonly sections: Readonly<Record<string, SnapshotSection>>;
}

/** A malformed or foreign snapshot, with where it is wrong: `snapshot.postings.termTable: expected Int32Array`. */
export function snapshotError(where: string, problem: string): CitebotError {
  return new CitebotError('SNAPSHOT_INVALID', `snapshot.${where}: ${problem}`);
}

/** Reads a section's fields, throwing `SNAPSHOT_INVALID` (with the section and field) for a missing or mistyped one. */
export class SectionReader {
  private readonly section: Readonly<Record<string, unknown>>;

  constructor(
    snapshot: IndexSnapshot,
    private readonly name: string,
  ) {
    const section = (snapshot.sections as Record<string, unknown> | undefined)?.[name];
    if (typeof section !== 'object' || section === null) throw snapshotError(name, 'section missing');
    this.section = section as Record<string, unknown>;
  }

  /** A text field. */
  text(field: string): string {
    const v = this.section[field];
    if (typeof v !== 'string') throw this.error(field, 'expected a string');
    return v;
  }

  /** A list of strings, of `length` items when given. */
  strings(field: string, length?: number): readonly string[] {
    const v = this.section[field];
    if (!Array.isArray(v)) throw this.error(field, 'expected an array of strings');
    if (length !== undefined && v.length !== length) throw this.error(field, `expected ${length} items, got ${v.length}`);
    // Checking every item of 1M+ terms would cost a scan; the first and last catch a foreign array.
    if (v.length > 0 && (typeof v[0] !== 'string' || typeof v[v.length - 1] !== 'string'))
      throw this.error(field, 'expected an array of strings');
    return v as readonly string[];
  }

  /**
   * A list of strings stored as two typed arrays (see `stringListFields`), of `length` items when given.
   */
  stringList(field: string, length?: number): StringList {
    const bytes = this.array(`${field}Bytes`, Uint8Array);
    const starts = this.section[`${field}Starts`];
    if (!(starts instanceof Uint32Array || starts instanceof Float64Array))
      throw this.error(`${field}Starts`, 'expected Uint32Array or Float64Array');
    let list: StringList;
    try {
      list = StringList.fromData({ bytes, starts });
    } catch (err) {
      throw this.error(`${field}Starts`, (err as Error).message);
    }
    if (length !== undefined && list.length !== length) throw this.error(`${field}Starts`, `expected ${length} items, got ${list.length}`);
    return list;
  }

  /** A typed array of one type. */
  array<T extends SnapshotArray>(field: string, type: { new (n: number): T; name: string }): T {
    const v = this.section[field];
    if (!(v instanceof type)) throw this.error(field, `expected ${type.name}`);
    return v;
  }

  /** An error about one field of this section. */
  error(field: string, problem: string): CitebotError {
    return snapshotError(`${this.name}.${field}`, problem);
  }
}

/** A list of strings as a section's fields: `<field>Bytes`, their UTF-8, and `<field>Starts` (read back with `SectionReader.stringList`). */
export function stringListFields(field: string, list: StringList): Record<string, SnapshotArray> {
  return { [`${field}Bytes`]: list.bytes, [`${field}Starts`]: list.starts };
}
