/**
 * Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
 * and the budgets citebot's replies keep within them. Lengths are JavaScript string lengths (UTF-16 units),
 * which never undercount Discord's character counts.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  /** Sum of every title, description, field name and value, footer and author name in one message. */
  embedTotal: 6000,
  embedFields: 25,
  buttonLabel: 80,
  buttonsPerRow: 5,
  /** Action rows per message (5 buttons or one select menu each). */
  actionRows: 5,
  customId: 100,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  linkUrl: 512,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  modalTitle: 45,
  labelText: 45,
  labelDescription: 100,
  textInputPlaceholder: 100,
  commandDescription: 100,
  optionDescription: 100,
} as const;

/** How much of each limit citebot's replies use: together they keep one embed under `embedTotal`. */
export const BUDGET = {
  /** The question echoed at the top of an answer. */
  question: 300,
  /** The best excerpt, rendered with bold and escapes. */
  excerpt: 1500,
  /** One excerpt in a "which papers…" list answer. */
  listExcerpt: 450,
  /** A paper title inside a linked line. */
  linkedTitle: 200,
  /** A paper title in a numbered "also relevant" or related line (three with reasons fit one 1,024-character field). */
  numberedTitle: 150,
  /** The one-line reason under a numbered paper. */
  reason: 160,
  /** The abstract's lead on a paper card. */
  lead: 1800,
  /** A whole description: leaves room under `embedTotal` for the title, fields and footer. */
  description: 3500,
  /** Authors on a paper card. */
  authors: 900,
  /** The value on the line an answer to a record question leads with (forty authors fit). */
  recordLead: 900,
} as const;

/** Accent colour of citebot's embeds. */
export const EMBED_COLOR = 0x4f6bed;
