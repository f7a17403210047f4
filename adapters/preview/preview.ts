import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Library } from '../../src/index.js';
import { runEntry } from '../cli/entry.js';
import { answerActions, answerControls, followUpFor } from '../discord/commands/ask.js';
import { renderAsk } from '../discord/render.js';
import { answerView, askLibrary } from '../shared/commands.js';
import { readCacheDir } from '../shared/config.js';
import { loadLibrary } from '../shared/corpus.js';
import { type AnswerRecorder, citedIdsOf } from '../shared/feedback.js';
import { answerQuestion } from '../slack/replies.js';
import { chromiumPath, launchChromium } from './browser.js';
import { previewHtml } from './html.js';

export const PREVIEW_USAGE = `Usage: npm run preview -- [options] "question"

Writes an HTML page showing what Discord and Slack would show for the question: the payloads citebot's
renderers build, drawn as each client shows them.

Options:
  --out FILE          where to write the page (default .cache/preview.html)
  --data FILE         answer from this corpus (default data/papers.jsonl)
  --screenshots DIR   also write DIR/discord.png and DIR/slack.png (chromium via playwright-core; CITEBOT_CHROMIUM
                      names the binary, default /usr/bin/chromium)
  -h, --help          show this help`;

/** The answer id the preview's feedback buttons carry (no store is written). */
const PREVIEW_ANSWER_ID = 'preview';

/** The page for one question, from the real renderers' payloads: Discord's `/ask` reply, Slack's `/ask` response. */
export function previewPage(library: Library, question: string, note?: string): string {
  const fingerprint = library.fingerprint();
  const today = new Date();
  const view = answerView(askLibrary(library, question, { today }));
  const ref =
    view.kind === 'problem' ? undefined : { answerId: PREVIEW_ANSWER_ID, fingerprint, question: view.question, citedIds: citedIdsOf(view) };
  const discord = renderAsk(view, ref && answerControls(ref, followUpFor(view)), answerActions(view));
  const record: AnswerRecorder = (v, fp) =>
    v.kind === 'problem' ? undefined : { answerId: PREVIEW_ANSWER_ID, fingerprint: fp, question: v.question, citedIds: citedIdsOf(v) };
  const slack = answerQuestion(library, question, true, record, { today });
  return previewHtml({
    question,
    discord: { payload: discord, command: `/ask question: ${question}` },
    slack: { payload: slack, command: `/ask ${question}`, ephemeral: true },
    ...(note ? { note } : {}),
  });
}

/** Screenshot each platform's message from the written page: DIR/discord.png and DIR/slack.png. */
export async function screenshots(page: string, dir: string, executablePath: string): Promise<string[]> {
  const browser = await launchChromium(executablePath);
  try {
    const tab = await browser.context.newPage();
    await tab.goto(pathToFileURL(page).href);
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    for (const id of ['discord', 'slack']) {
      const file = join(dir, `${id}.png`);
      await tab.locator(`#${id}`).screenshot({ path: file });
      written.push(file);
    }
    return written;
  } finally {
    await browser.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      data: { type: 'string' },
      screenshots: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const question = positionals.join(' ').trim();
  if (values.help || question === '') {
    (values.help ? process.stdout : process.stderr).write(`${PREVIEW_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const cacheDir = readCacheDir(process.env);
  const { library, file } = await loadLibrary(values.data, cacheDir ? { cacheDir } : {});
  const out = resolve(values.out ?? '.cache/preview.html');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, previewPage(library, question, `${library.size} papers from ${file}`));
  process.stdout.write(`${out}\n`);
  if (values.screenshots)
    for (const f of await screenshots(out, resolve(values.screenshots), chromiumPath(process.env))) process.stdout.write(`${f}\n`);
  return 0;
}

runEntry(() => main(process.argv.slice(2)));
