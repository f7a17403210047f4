/**
 * Papers named in a question: each paper's names (title lead, acronyms, as `paperNames` found them when it was
 * indexed) and the phrase table that spots them in a question. Owns the `names` section of the snapshot.
 */
import { StringList, type Strings } from '../corpus/string-list.js';
import { fold } from './analyzer.js';
import { Lazy } from './lazy.js';
import { type IndexSnapshot, SectionReader, type SnapshotSection, stringListFields } from './snapshot.js';
import { StringIndex } from './word-table.js';

/** Longest name, in words, matched as a phrase. */
const MAX_NAME_WORDS = 6;
/** A name shared by more papers than this does not identify one. */
const MAX_NAME_DOCS = 3;

/** A word as typed, hyphenated parts included ("SoFT", "LASP-2H"). */
const NAME_TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** Shaped like a name: a capital after the first letter ("LLaMA", "SoFT"), or a digit ("LASP-2"). */
function isCased(word: string): boolean {
  return /^.+\p{Lu}|\p{N}/u.test(word);
}

/** Folded words of a text, stop words kept, for phrase matching. */
function phraseWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

export class NamedPapers {
  /** The phrase table's lines by key (see `namedIn`): a hashed index over the text, not a Map of arrays. */
  private readonly phrases = new Lazy(() => this.phrasesSteps());

  private constructor(
    /** Per paper: its names joined by " ; " (UTF-8, decoded when read). */
    private readonly names: StringList,
    /** The phrase table as "key<TAB>doc,doc" lines (see `phraseLines`). */
    private readonly phraseText: string,
  ) {}

  /** Build from each paper's names (joined by " ; ") and titles, in steps. */
  static *buildSteps(names: readonly string[], titles: Strings): Generator<void, NamedPapers> {
    return new NamedPapers(StringList.of(names), yield* phraseLines(names, titles));
  }

  /** This part's section of a snapshot. */
  toSection(): SnapshotSection {
    return { ...stringListFields('name', this.names), phrases: this.phraseText };
  }

  /** Restore from a snapshot's `names` section. */
  static fromSnapshot(snapshot: IndexSnapshot): NamedPapers {
    const s = new SectionReader(snapshot, 'names');
    return new NamedPapers(s.stringList('name', snapshot.papers), s.text('phrases'));
  }

  /** The names a paper is known by (title lead, acronyms), as found when it was indexed. */
  namesOf(doc: number): string {
    return doc >= 0 && doc < this.names.length ? this.names.at(doc) : '';
  }

  /**
   * Papers whose name of several words ("Me LLaMA", "What Matters in Transformers", "Train Small, Infer
   * Large") appears in the text as a phrase, stop words and all. Such names are lost to stop-word removal
   * and common words; a question that names a paper this way asks about it.
   */
  namedIn(text: string): number[] {
    const words = phraseWords(text);
    const found = new Set<number>();
    // A one-word name typed in its own mixed case ("SoFT", "iLLaMA") names the paper, even when folded it is
    // a common word ("soft").
    // A name of several words typed as one ("MeLLaMA", "Me-LLaMA", "llamaguard") names the paper too.
    for (const m of text.matchAll(NAME_TOKEN)) {
      for (const d of this.docsOf(`=${m[0]}`)) found.add(d);
      if (m[0].length >= 4) for (const d of this.docsOf(`~${joined(m[0])}`)) found.add(d);
    }
    for (let i = 0; i < words.length; i++) {
      let phrase = words[i]!;
      for (let n = 2; n <= MAX_NAME_WORDS && i + n <= words.length; n++) {
        phrase += ` ${words[i + n - 1]}`;
        for (const d of this.docsOf(phrase)) found.add(d);
      }
    }
    return [...found];
  }

  /** Papers whose one-word name is exactly this word, in its own case ("KIVI"). */
  namedAs(name: string): number[] {
    return this.docsOf(`=${name}`);
  }

  /** Build the phrase table in steps, unless a request already needed it. */
  prepareSteps(): Generator<void, void> {
    return this.phrases.prepare();
  }

  /** The papers of a key of the phrase table (none when it has no line). */
  private docsOf(key: string): number[] {
    const phrases = this.phrases.get();
    const line = phrases.find(key);
    return line < 0
      ? []
      : phrases
          .lineAt(line)
          .slice(key.length + 1)
          .split(',')
          .map(Number);
  }

  // biome-ignore lint/correctness/useYield: built in one go (about 20 ms at 136k papers), a step like the others
  private *phrasesSteps(): Generator<void, StringIndex> {
    return StringIndex.ofLines(this.phraseText, '\t');
  }
}

/** A name's letters and digits, folded, without its spaces and hyphens ("Me LLaMA", "Me-LLaMA" → "mellama"). */
function joined(name: string): string {
  return fold(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The names that mark a paper when a question contains them, as "key<TAB>doc,doc" lines: one-word names in
 * their own case ("=SoFT"), folded phrases ("me llama") and those phrases' words joined ("~mellama"); a name
 * shared by more than MAX_NAME_DOCS papers does not identify one.
 */
function* phraseLines(allNames: readonly string[], titles: Strings): Generator<void, string> {
  const map = new Map<string, number[]>();
  for (let doc = 0; doc < allNames.length; doc++) {
    if (doc % 5000 === 4999) yield;
    const names = allNames[doc]!;
    const title = titles.at(doc) ?? '';
    for (const name of names.split(' ; ')) {
      // One word (the common case, an acronym) is checked before folding, which costs more.
      const words = /[^\p{L}\p{N}]/u.test(name) ? phraseWords(name) : [name];
      let key: string;
      if (words.length === 1) {
        if (!/^[\p{L}\p{N}-]+$/u.test(name) || !isCased(name) || name.length < 3) continue;
        key = `=${name}`;
      } else if (words.length <= MAX_NAME_WORDS && (title.startsWith(`${name}:`) || name.split(/[\s-]+/).some(isCased))) {
        // A phrase names a paper when it leads its title ("Train Small, Infer Large: …") or has a word shaped
        // like a name ("Me LLaMA", "LASP-2"); "Continual Pretraining" in an abstract does not.
        key = words.join(' ');
      } else continue;
      const docs = map.get(key) ?? [];
      if (docs.length <= MAX_NAME_DOCS && !docs.includes(doc)) docs.push(doc);
      map.set(key, docs);
    }
  }
  // Each name of several words also by its words joined ("~mellama"), so the name typed as one word names the paper.
  const joinedKeys = new Map<string, number[]>();
  for (const [k, docs] of map) {
    if (k.startsWith('=') || !k.includes(' ') || docs.length > MAX_NAME_DOCS) continue;
    const key = `~${k.replaceAll(' ', '')}`;
    const all = joinedKeys.get(key) ?? [];
    for (const d of docs) if (!all.includes(d)) all.push(d);
    joinedKeys.set(key, all);
  }
  let out = '';
  for (const [k, docs] of map) if (docs.length <= MAX_NAME_DOCS) out += `${k}\t${docs.join(',')}\n`;
  for (const [k, docs] of joinedKeys) if (docs.length <= MAX_NAME_DOCS) out += `${k}\t${docs.join(',')}\n`;
  return out;
}
