/**
 * Everything citebot says to a user, on every platform, in one place and keyed by reason. Texts are plain
 * (no markup, untrusted parts passed in raw): each platform's renderer escapes and formats them.
 */

import type { Answer, SmallTalk } from '../../src/index.js';

/** The example question used in help texts. */
const EXAMPLE_QUESTION = 'How does KIVI quantize the key cache?';

/** Why an answer shows no paper as the answer: the core's abstention reasons. */
export type NoAnswerReason = NonNullable<Answer['reason']>;

/** The headline of an answer that abstained, whatever the reason. */
export const NO_ANSWER_HEADLINE = 'No paper in the collection covers that';

/** What follows the headline, by reason. `weak-match` always comes with the closest papers listed after it. */
export const NO_ANSWER_DETAIL: Record<NoAnswerReason, string> = {
  'weak-match': 'The closest papers, in case they help:',
  'no-match': 'None of the papers matches those words. Try other words, or ask about a method, model or result.',
  'no-searchable-terms': `That question has no words to search for. Ask about a method, model or result, for example: ${EXAMPLE_QUESTION}`,
  'not-in-collection': 'No paper in this collection mentions a name the question uses. The closest papers, in case they help:',
  'unknown-author': 'No paper in this collection is by that author. Check the spelling, or try the surname alone.',
  'small-talk': '',
};

/** Replies to chat that is no question ("hi", "thanks!", "what can you do?"): a headline and what follows it. */
export const SMALL_TALK: Record<SmallTalk, { headline: string; detail: string }> = {
  greeting: { headline: 'Hi! Ask me about the papers in this collection', detail: `For example: ${EXAMPLE_QUESTION}` },
  thanks: { headline: 'You’re welcome', detail: 'Ask another question whenever you like.' },
  help: {
    headline: 'Ask a question about the papers in this collection',
    detail: `I answer with the sentence of a paper's abstract that answers it, quoted and linked, and say so when no paper covers it. For example: ${EXAMPLE_QUESTION} The help command lists the other commands.`,
  },
};

/** Headings and labels inside answers, cards and pages. */
export const LABELS = {
  alsoRelevant: 'Also relevant',
  alsoMatching: 'Also matching',
  /** Heading of a "which papers…" answer. */
  listHeading: (shown: number) => `Papers on that (${shown})`,
  authors: 'Authors',
  year: 'Year',
  venue: 'Venue',
  arxiv: 'arXiv',
  id: 'ID',
  code: 'Code',
  paper: 'Paper',
  unknownAuthors: 'Unknown authors',
  previous: '◀ Previous',
  next: 'Next ▶',
  share: 'Share in channel',
  /** The question restated above an answer to a slash command. */
  question: 'Q:',
  /** Buttons under an answer or a card. */
  cite: 'Cite',
  related: 'Related',
  nextPassage: 'Next passage',
  wholeAbstract: 'Whole abstract',
  /** Headings of the private replies to those buttons. */
  bibtexNote: 'BibTeX, for your reference manager or a .bib file.',
  relatedHeading: (title: string) => `Papers related to “${title}”`,
  relatedNote: 'Ranked by the paper’s distinctive words; each line is the sentence that matched.',
  passageNote: 'Another passage of the abstract for your question, verbatim; matched words in bold.',
  abstractNote: 'The whole abstract, verbatim (LaTeX shown as symbols).',
  /** Footers (where a platform shows one) saying what the reader is looking at. */
  answerNote: 'Quoted verbatim from the abstract; words matching your question in bold.',
  listNote: 'Each quote is verbatim from the paper’s abstract; words matching your question in bold.',
  cardNote: 'The opening of the abstract. Ask about this paper with /ask.',
} as const;

/** `/paper`: nothing typed, or no paper matches what was. */
export const PAPER = {
  usage: 'Usage: /paper <title, acronym or arXiv id>, e.g. /paper KIVI',
  notFound: (query: string) => `No paper matches “${query}”.`,
  closestTitles: 'Closest titles:',
  browseHint: 'Browse the collection with /papers.',
} as const;

/** `/papers`: headings, where a page is, and an empty result. */
export const PAPERS = {
  heading: (topic: string | undefined) => (topic ? `Papers on “${topic}”` : 'Papers in the collection'),
  position: (page: number, pages: number, total: number) => `Page ${page + 1} of ${pages} · ${total} paper${total === 1 ? '' : 's'}`,
  noneOnTopic: (topic: string) => `No paper matches “${topic}”. Try fewer or other words, or run /papers with no topic to see them all.`,
  emptyCollection: 'The collection is empty.',
  /** Shown above a page reached from a button made before the collection changed. */
  collectionChanged: 'The collection has changed since this list was posted, so its pages have moved: this is the current list.',
} as const;

/** Dead ends of the buttons under an answer, told privately. */
export const MORE = {
  noMorePassages: 'Every passage of this abstract has been shown. Whole abstract shows it all at once.',
  noRelated: 'No other paper in the collection is close to this one.',
  paperGone: 'That paper is no longer in the collection. Run the command again.',
} as const;

/** Failures and dead ends, told privately. */
export const PROBLEMS = {
  /** Handling a request failed; the details are in the log, never in the reply. */
  error: 'Sorry, something went wrong while answering that. It has been logged; please try again in a moment.',
  /** A button whose state this version does not understand (an older message, another version). */
  staleButton: 'This button is from an older message and no longer works. Run the command again.',
  /** Discord: a command registered by an older version. */
  unknownCommand: 'That command is no longer available. Run npm run discord:register to update the commands; /help lists them.',
  /** Slack: a Share button whose answer or paper cannot be rebuilt. */
  shareGone: 'That answer can no longer be shared. Ask again to get a fresh one.',
  /** Slack: the bot may not post in the conversation. */
  cannotPost: 'I can’t post in this conversation. Invite me first (/invite @citebot), then press Share again.',
} as const;

/** The feedback controls under every answer, and the private acknowledgement of a vote. */
export const FEEDBACK = {
  /** Labels of the vote buttons (Slack's `feedback_buttons`, Discord's buttons). */
  up: '👍',
  down: '👎',
  /** What a screen reader says for each (Slack: at most 75 characters). */
  upDescription: 'This answer helped',
  downDescription: 'This answer is wrong or did not help',
  /** Slack: the button beside a cited paper. */
  wrongPaper: 'Wrong paper',
  /** Discord: the menu listing the cited papers. */
  wrongPaperPlaceholder: 'Wrong paper? Pick the one that does not answer',
  /** Told only to the voter. */
  thanks: (vote: 'up' | 'down') => `Thanks — recorded ${vote === 'up' ? '👍' : '👎'}. You can change it.`,
  thanksWrongPaper: (title: string) => `Thanks — recorded that “${title}” is the wrong paper for this question.`,
} as const;

/** Lines that attribute a shared answer in a channel (Slack's Share button). The asker is a name, never a mention. */
export const SHARED = {
  asked: (who: string, question: string) => `${who} asked: “${question}”`,
  paper: (who: string) => `${who} shared a paper`,
  someone: 'Someone',
} as const;

/** A command as help lists it. */
export interface CommandHelp {
  /** As typed, e.g. "/ask <question>". */
  usage: string;
  description: string;
}

/** Help: what citebot does, then the platform's commands, extra lines and an example. */
export const HELP = {
  title: 'citebot: answers about research papers, quoted and linked',
  summary: 'citebot answers questions about research papers with a verbatim excerpt and a linked citation.',
  intro: (paperCount: number) =>
    `I answer questions about a collection of ${paperCount} research papers by quoting the sentence of an abstract that answers, with a link to the paper. I never make text up: every answer is a verbatim quote, and when no paper covers a question I say so.`,
  commandsHeading: 'Commands',
  exampleHeading: 'Example',
  example: EXAMPLE_QUESTION,
  exampleResult:
    'a quote from the KIVI paper (arXiv 2402.02750) with the matching words in bold, its authors and year, and links to the paper and its code.',
  /** Discord's commands as its help lists them (Discord shows options as `name:`). */
  discordCommands: [
    {
      usage: '/ask question:',
      description:
        'ask anything; add author: (suggestions appear as you type) or year: (2023, 2022..2024) to narrow it, private: True to see the answer alone; Follow up under an answer keeps the thread',
    },
    { usage: '/paper title:', description: 'look a paper up by title, acronym or arXiv id (suggestions appear as you type)' },
    { usage: '/papers topic:', description: 'list the papers, all or on a topic, by an author: or from a year:, five per page' },
    { usage: '/related title:', description: 'the papers closest to one paper, each with the sentence that matched' },
    { usage: '/help', description: 'this message' },
    { usage: '/add ids:', description: 'editors: add papers by arXiv id or link' },
    { usage: '/remove ids:', description: 'editors: remove papers from the collection' },
  ] satisfies CommandHelp[],
  slackMentions:
    'Mention me in a channel, or send me a direct message, with a question: I answer in a thread. Mention me in that thread to follow up (“and the value cache?”). Narrow a question with “papers by Tri Dao”, “since 2022” or author:"Tri Dao" year:2023..2024.',
  slackFallback: 'citebot: ask about research papers with /ask, /paper, /papers and /related.',
  terminal: `Ask a question about the papers, e.g. "${EXAMPLE_QUESTION}".\nType "quit" or press Ctrl-D to leave.`,
  /** The terminal chat's commands as its help lists them. */
  terminalCommands: [
    { usage: '<question>', description: 'the passage that answers, the paper, and other relevant papers' },
    { usage: '/paper <title>', description: 'a paper by title, acronym or arXiv id' },
    { usage: '/papers [topic]', description: 'list the papers, all or on a topic, five per page' },
    { usage: '/next', description: 'the next page of the last /papers list' },
    { usage: '/related <title>', description: 'the papers closest to one paper' },
    { usage: '/authors <title>', description: 'every author of a paper' },
    { usage: '/help', description: 'this message' },
  ] satisfies CommandHelp[],
  terminalNextPage: 'Type /next for the next page.',
  terminalNoNextPage: 'No next page: run /papers [topic] to start a list.',
} as const;

/** What `npm start` prints in a terminal when no chat platform is configured. */
export const terminalGreeting = (paperCount: number) =>
  `citebot: ${paperCount} papers loaded. Ask a question, or type /help. (To run it in Discord or Slack instead, see the README.)`;

/** Refusals when a user asks too fast (the per-user rate limit) or the answer queue is full, told privately. */
export const BUSY = {
  slowDown: (seconds: number) =>
    `You’re asking faster than I can answer everyone: please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
  full: 'I’m answering a lot of questions right now and can’t take yours. Please try again in a minute.',
} as const;

/** Slack: a slash command this version does not serve (a manifest with a command citebot never had, or dropped). */
export const UNKNOWN_SLACK_COMMAND = (command: string) =>
  `I don’t know ${command}. Try /ask <question>, /paper <title> or /papers [topic]; /ask help shows how.`;

/** `/add` and `/remove`: usage, the polite refusal, what changed, and failures (all private). */
export const COLLECTION = {
  addUsage: 'Usage: /add <arXiv ids or links>, several separated by spaces, e.g. /add 2402.02750 https://arxiv.org/abs/2310.08915v2',
  removeUsage: 'Usage: /remove <arXiv ids, links or paper ids>, e.g. /remove 2402.02750',
  /** To someone who may not change the collection; `how` says who may, on their platform. */
  refused: (how: string) => `Sorry, only the collection’s editors can add or remove papers. ${how}`,
  refusedDiscord: 'Editors are members with the Manage Server permission or an editor role; ask one of them.',
  refusedSlack: 'Editors are the people the bot’s admin lists in CITEBOT_EDITORS; ask one of them.',
  added: (n: number) => `Added (${n}):`,
  updated: (n: number) => `Updated (${n}), already in the collection:`,
  unchanged: (n: number) => `Already in the collection, unchanged (${n}):`,
  removed: (n: number) => `Removed (${n}):`,
  notOnArxiv: (ids: string) => `Not found on arXiv: ${ids}`,
  notInCollection: (ids: string) => `Not in the collection: ${ids}`,
  invalid: (tokens: string) => `Not an arXiv id or link: ${tokens}`,
  paper: (id: string, title: string) => `• ${title} (${id})`,
  reloaded: (papers: number) => `Done: I answer from the new collection now (${papers} papers).`,
  reloading: (papers: number) => `Saved (${papers} papers). I am loading the new collection and will answer from it in a few seconds.`,
  nothingWritten: 'Nothing changed, so nothing was written.',
  wouldEmpty: 'That would remove every paper, and I need at least one to answer from. Nothing was changed.',
  arxivFailed:
    'I could not fetch those papers from arXiv (it did not answer; the details are logged). Nothing was changed; try again later.',
  busy: 'The collection is being changed by someone else right now. Nothing was changed; try again in a minute.',
  writeFailed: 'I could not save the collection (the details are logged for the bot’s admin). Nothing was changed.',
} as const;

// #13 core

/** Answers about names, authors, filters, comparisons and follow-ups. */
export const ANSWERS13 = {
  /** The headline when a question names a paper or method no paper mentions. */
  notInCollection: (name: string) => `No paper in this collection mentions ${name}`,
  /** The headline when no paper is by the author asked for. */
  unknownAuthor: (name: string) => `No paper in this collection is by ${name}`,
  /** Above the closest papers of an answer that abstained. */
  closestHint: 'The closest papers, in case they help:',
  /** Several papers share the name the question uses. */
  ambiguous: (name: string, n: number) => `${n} papers in this collection are called ${name}; here they all are:`,
  /** Heading of a comparison, and the aspect it is on. */
  compareHeading: (a: string, b: string) => `${a} and ${b}, side by side`,
  compareAspect: (aspect: string) => `On ${aspect}:`,
  /** "Papers by X" with no topic. */
  byAuthor: (name: string, shown: number) => `Papers by ${name} (${shown}), newest first`,
  /** "The latest papers on X": ordered by year. */
  newestFirst: (shown: number) => `Papers on that (${shown}), newest first`,
  /** "What papers do you have?": the collection's size, and its newest papers shown. */
  collection: (total: number, shown: number) => `The collection holds ${total} paper${total === 1 ? '' : 's'}; the newest ${shown}`,
  /** "Papers like KIVI": the papers closest to one paper. */
  similarTo: (name: string, shown: number) => `Papers like ${name} (${shown})`,
  /** A one-line description of the filters an answer or a page applied. */
  filtered: (description: string) => `Filtered: ${description}`,
  /** An answer's headline when no paper passes its filters (with its topic, if any). */
  noneMatchFilters: (description: string) => `No paper in the collection matches the filters (${description})`,
  /** No paper passes the filters (with the topic, if any). */
  noneWithFilters: (description: string) => `No paper in this collection matches that with the filters (${description}).`,
  /** Parts of a filter description. */
  byAuthors: (names: string) => `by ${names}`,
  years: (from: number | undefined, to: number | undefined) =>
    from !== undefined && to !== undefined
      ? from === to
        ? `${from}`
        : `${from}–${to}`
      : from !== undefined
        ? `since ${from}`
        : `until ${to}`,
  venues: (names: string) => `at ${names}`,
  phrases: (phrases: string) => `containing ${phrases}`,
} as const;

/**
 * The line an answer to a question about a paper's record leads with ("who wrote KIVI?", "when was it published?",
 * "where's the code?", "where was it published?"): the field's label and value, or that the record lacks it.
 */
export const RECORD = {
  /** Labels, by the field asked for (renderers add the colon and the emphasis). */
  label: { authors: 'Authors', year: 'Published', code: 'Code', venue: 'Venue' },
  /** After an author list the record cuts short (`etAl`). */
  firstAuthorsOnly: (n: number) =>
    n === 1 ? '(the collection records the first author only)' : `(the collection records only the first ${n} authors)`,
  /** After an author list longer than an answer shows. */
  moreAuthors: (n: number) => `(${n} authors in all)`,
  /** After a year or a venue: where else the paper is found ("arXiv 2402.02750", "EMNLP Findings · arXiv …"). */
  where: (parts: string) => `(${parts})`,
  noAuthors: 'The collection records no authors for this paper.',
  noYear: 'No year is recorded for this paper.',
  noCode: 'No code link is recorded for this paper.',
  noVenue: 'No venue is recorded for this paper.',
  /** No venue, but the paper is on arXiv ("arXiv 2402.02750"). */
  noVenueButArxiv: (id: string) => `No venue is recorded for this paper; the collection has it as ${id}.`,
} as const;

/** Filter options given on a command (Discord's author and year). */
export const FILTERS = {
  badYear: (value: string) => `I can’t read “${value}” as a year. Use a year (2023), a range (2021..2023 or 2021-2023), or >=2022 / <2020.`,
} as const;

/** The whole author list of a paper, on request. */
export const AUTHORS = {
  heading: (title: string) => `Authors of “${title}”`,
  more: 'The record lists only these authors; the paper has more (et al.).',
  none: 'The record of this paper lists no authors.',
} as const;

// #13 platforms

/** A paper's button that shows its whole author list (when the byline shortens it). */
export const AUTHOR_BUTTON = 'All authors';

/** Follow-ups on Discord (a button that opens a form) and in Slack threads. */
export const FOLLOW_UP = {
  /** The button under an answer. */
  button: 'Follow up',
  /** The form it opens (Discord: a title of 45 characters at most). */
  modalTitle: 'Follow up on this answer',
  inputLabel: 'Your follow-up question',
  /** Under the label: what the follow-up is about (the previous question, shortened). */
  about: (question: string) => `About: ${question}`,
  inputPlaceholder: 'e.g. and the value cache? or how much faster is it?',
  /** Above a follow-up's answer: the question it follows. */
  followsOn: 'Following up on:',
  /** The answer a Follow up was pressed on can no longer be read back (an older message). */
  gone: 'This answer can no longer be followed up. Ask again with /ask.',
} as const;
