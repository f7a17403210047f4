/** Stable codes for the failures the core reports. */
export type CitebotErrorCode = 'CORPUS_INVALID' | 'CORPUS_UNREADABLE' | 'SOURCE_INVALID' | 'SNAPSHOT_INVALID';

/** An error with a stable `code` and a message that says what failed and where. */
export class CitebotError extends Error {
  override name = 'CitebotError';
  constructor(
    readonly code: CitebotErrorCode,
    message: string,
    /** One line per problem, e.g. `data/papers.jsonl:17: "year" must be an integer, got "2019a"`. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}
