/** Test helpers: how Discord reads escaped markdown, and what markup it would act on. */

/** What a Discord reader sees: backslash escapes resolved, the zero-width space that defuses @everyone removed. */
export function asRead(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/@\u200b(everyone|here)/gi, '@$1');
}

/** The first piece of markup Discord would act on, or undefined. URLs are inert inside (Discord links them). */
export function activeMarkup(markdown: string): string | undefined {
  if (/@(everyone|here)/i.test(markdown)) return '@everyone/@here';
  for (const line of markdown.split('\n')) {
    if (/^\s*([#>+-]|\d+\.\s)/.test(line)) return `line start: ${line.slice(0, 10)}`;
    for (let i = 0; i < line.length; i++) {
      const url = /^https?:\/\/[^\s\\*`|[\]<>()]+/.exec(line.slice(i));
      if (url) {
        i += url[0].length - 1;
        continue;
      }
      if (line[i] === '\\') {
        i++;
        continue;
      }
      if ('*_~`|[]<>'.includes(line[i]!)) return `"${line[i]}" at ${i} in ${line}`;
    }
  }
  return undefined;
}
