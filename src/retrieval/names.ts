/**
 * Names a paper is known by, for exact lookup and a ranking boost: the title's lead before a colon when it is
 * short ("KIVI", "LLaMA-Adapter V2"), acronyms defined in the abstract ("(DSnoT)"), and names a sentence
 * introduces ("we introduce Llama Guard", "we present FuseChat-3.0").
 */
export function paperNames(title: string, abstract: string): string[] {
  const names = new Set<string>();
  const colon = title.indexOf(':');
  if (colon > 0) {
    const lead = title.slice(0, colon).trim();
    if (lead.split(/\s+/).length <= 4) names.add(lead);
  }
  // "(DSnoT)", "(iLLaMA)": a bracketed word with a capital or digit after its first letter.
  for (const m of abstract.matchAll(/\(([\p{L}][\p{L}\p{N}-]*[\p{Lu}\p{N}][\p{L}\p{N}-]*)\)/gu)) {
    if (m[1] && m[1].length >= 2 && m[1].length <= 24 && /\p{Lu}/u.test(m[1])) names.add(m[1]);
  }
  // "dubbed Image LLaMA", "called LLaMAntino-2", "named ChocoLlama-2".
  for (const m of abstract.matchAll(/\b(?:dubbed|called|named)\s+(?:as\s+)?((?:[\p{L}][\p{L}\p{N}.-]*[\p{Lu}\p{N}][\p{L}\p{N}.-]*))/gu)) {
    const name = m[1]?.replace(/[.,-]+$/, '');
    if (name && /\p{Lu}/u.test(name) && name.length <= 40) names.add(name);
  }
  const intro =
    /\b(?:we|We)\s+(?:introduce|present|propose|call|name|dub)\s+(?:\w+\s+)?((?:[\p{Lu}][\p{L}\p{N}.-]*)(?:\s+[\p{Lu}\p{N}][\p{L}\p{N}.-]*)*)/gu;
  for (const m of abstract.matchAll(intro)) {
    const name = m[1]?.replace(/[.,]$/, '');
    if (name && /[\p{Lu}].*[\p{Lu}\p{N}]|-/u.test(name) && name.length <= 40) names.add(name);
  }
  return [...names];
}
