/**
 * British spellings read as American ones, so "behaviour" finds "behavior", "quantisation" finds
 * "quantization" and "dialogue" finds "dialog", in questions and abstracts alike (before stemming; the text shown
 * is never changed). Rules, not a dictionary: -ise/-isation → -ize/-ization (less the words that are -ise in
 * American too: "supervise", "promise", "exercise", "-wise"), -yse → -yze, -our → -or for the words that have it,
 * -re → -er, -ogue → -og, -ence → -ense, the medical ae/oe ("haemoglobin", "oesophagus") and a few single words.
 */

/** Endings an -ise verb takes. */
const ISE = /^([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations|ational)$/;
/**
 * Bases (the word less "is" and its ending) of -ise words spelt so in American English too, whole ("praise",
 * "premise", "excise")…
 */
const ISE_KEPT = new Set('advert circumc cru bru den dem exc inc lou merchand mort otherw parad pract surm treat upr val'.split(' '));
/** …and ending so, prefixed or not ("unsupervised", "denoising", "imprecise", "pairwise", "enterprise", "tortoise"). */
const ISE_KEPT_ENDING = /(?:superv|prec|conc|pr|prem|comprom|prom|o|w|ra|rev|adv|dev|exerc|franch|expert|improv|telev|disgu|chast|desp)$/;
/** -yse verbs: analyse, paralyse, catalyse, hydrolyse, dialyse. */
const YSE = /^([a-z]*l)ys(e|es|ed|ing|er|ers)$/;
/** Words with British -our (behaviour, colour, …), and the endings they take. */
const OUR =
  /^(behavi|col|fav|neighb|lab|hon|harb|hum|rum|flav|vap|vig|endeav|arm|sav|od|tum|parl|splend|rig|clam|cand|ard|val|ferv)our(s|ed|ing|er|ers|al|ally|ist|ists|hood|hoods|able|ably|ite|ites|less|ful|y)?$/;
/**
 * The other British endings, by rule: the word's root, the American ending, the word's own ending after it
 * (-our for the words that have it; centre, metre…; dialogue, catalogue…, not prologue, for Prolog; defence…).
 */
const SUFFIXES: readonly (readonly [RegExp, string])[] = [
  [OUR, 'or'],
  [/^(cent|met|lit|fib|theat|calib|lust|meag|sab|scept|spect|somb)re(s|ed)?$/, 'er'],
  [/^(cent|met|lit|fib|theat|calib|lust|meag|sab|scept|spect|somb)r(ed)$/, 'er'],
  [/^(dial|catal|anal|monol|epil|travel)ogue(s)?$/, 'og'],
  [/^(dial|catal|anal|monol|epil|travel)ogu(ed)$/, 'og'],
  [/^(def|off|pret)ence(s)?$/, 'ense'],
];
/** The medical ae/oe, at the start of a word or inside it. */
const AE_OE: readonly (readonly [RegExp, string])[] = [
  [/^haem/, 'hem'],
  [/^anaem/, 'anem'],
  [/^anaesth/, 'anesth'],
  [/^paed/, 'ped'],
  [/^oesoph/, 'esoph'],
  [/^oestr/, 'estr'],
  [/^oedem/, 'edem'],
  [/^foet/, 'fet'],
  [/^aetiol/, 'etiol'],
  [/(leuk|isch|septic|hyperlipid|glyc|ur|tox)aem/, '$1em'],
  [/orthopaed/, 'orthoped'],
  [/gynaec/, 'gynec'],
  [/diarrhoe/, 'diarrhe'],
];
/** Single words. */
const WORDS: ReadonlyMap<string, string> = new Map([
  ['programme', 'program'],
  ['programmes', 'programs'],
  ['grey', 'gray'],
  ['greys', 'grays'],
  ['ageing', 'aging'],
  ['judgement', 'judgment'],
  ['judgements', 'judgments'],
  ['acknowledgement', 'acknowledgment'],
  ['acknowledgements', 'acknowledgments'],
  ['artefact', 'artifact'],
  ['artefacts', 'artifacts'],
  ['sceptical', 'skeptical'],
  ['scepticism', 'skepticism'],
  ['aluminium', 'aluminum'],
  ['sulphur', 'sulfur'],
  ['fulfil', 'fulfill'],
  ['fulfilment', 'fulfillment'],
  ['enrolment', 'enrollment'],
  ['skilful', 'skillful'],
  ['manoeuvre', 'maneuver'],
  ['manoeuvres', 'maneuvers'],
  ['plough', 'plow'],
]);

/** The American spelling of a lower-case word (the word itself when it has no British form). */
export function americanSpelling(word: string): string {
  if (word.length < 4) return word;
  const single = WORDS.get(word);
  if (single) return single;
  let m = ISE.exec(word);
  if (m && !ISE_KEPT.has(m[1]!) && !ISE_KEPT_ENDING.test(m[1]!)) return `${m[1]}iz${m[2]}`;
  m = YSE.exec(word);
  if (m && m[1]!.length >= 3) return `${m[1]}yz${m[2]}`;
  for (const [rule, american] of SUFFIXES) {
    const found = rule.exec(word);
    if (found) return `${found[1]}${american}${found[2] ?? ''}`;
  }
  if (/ae|oe/.test(word)) for (const [from, to] of AE_OE) if (from.test(word)) return word.replace(from, to);
  return word;
}
