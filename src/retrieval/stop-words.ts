/**
 * English function words and chat filler that carry no topic. Kept short on purpose: words that can be
 * part of a paper's name ("not", "all", "good", "small", "large", "beyond") stay searchable.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a an the and or but if then else of to in on at by for with from into onto over under about as
  is are was were be been being am do does did doing done have has had having
  i me my we our us you your he she it its they them their this that these those there here
  what which who whom whose when where why how
  can could would should will shall may might must
  so than too very just also only even such
  any some each every own same other
  s t d ll m re ve
  much many lot lots something anything stuff thing things really actually exactly basically
  hi hello hey please thanks thank pls plz thx ty yo
  anyone anybody someone somebody everyone guys folks
  wat wut u ur abt idk tbh btw lol fyi afaik iirc iiuc lmk ngl gonna wanna kinda sorta tho smth sth
  tell explain show give know let get got want wanted
  paper papers article work study`.split(/\s+/),
);

/**
 * Contractions of function words ("I'm", "don't", "isn't", "we've", "you'd"): abstracts never write them, so
 * their joined forms ("im", "dont") are rare there and would weigh like a topic word. They say nothing of one.
 */
export const CONTRACTION =
  /^(?:[\p{L}]+n['’]t|(?:i|you|we|they|he|she|it|that|there|here|what|who|where|how|let)['’](?:m|re|ve|d|ll|s))$/iu;
