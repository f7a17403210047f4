/**
 * `npm run preview` end to end: the command writes the page, Debian's chromium (driven by playwright-core, never a
 * downloaded browser) loads it, and the title, passage and buttons of both platforms are there, drawn. The
 * binary is `CITEBOT_CHROMIUM` or /usr/bin/chromium; without it the test is skipped on a workstation and fails in
 * CI (`.ci/run` installs it with `.ci/chromium.sh`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromiumPath, launchChromium } from '../../adapters/preview/browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = chromiumPath(process.env);
const QUESTION = 'How does KIVI quantize the key cache?';
const TITLE = 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache';
const BUTTONS = ['arXiv 2402.02750', 'Code', 'Cite', 'Related', 'Follow up', 'Next passage', 'Whole abstract', 'All authors', '👍', '👎'];

/** The browser's window as the evaluated callbacks see it (the project compiles without the DOM library). */
interface Page {
  getComputedStyle(e: unknown): { borderLeftColor: string; backgroundColor: string; fontWeight: string };
}

const present = existsSync(CHROMIUM);
if (!present && process.env.CI)
  describe('preview in a browser', () => {
    it('needs chromium', () => {
      expect.fail(`no chromium at ${CHROMIUM}: .ci/run installs it with .ci/chromium.sh (or set CITEBOT_CHROMIUM)`);
    });
  });

describe.runIf(present)('preview in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-preview-'));
  const page = join(dir, 'preview.html');
  let browser: Browser;

  beforeAll(async () => {
    await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['adapters/preview/preview.ts', '--out', page, '--screenshots', join(dir, 'shots'), QUESTION],
      { cwd: ROOT, env: { ...process.env, CITEBOT_CACHE_DIR: join(dir, 'cache'), CITEBOT_CHROMIUM: CHROMIUM }, timeout: 90_000 },
    );
    browser = await launchChromium(CHROMIUM);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('writes a self-contained page and a screenshot per platform', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|src="http/);
    for (const f of ['discord.png', 'slack.png'])
      expect(
        readFileSync(join(dir, 'shots', f))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
  });

  it('shows the Discord embed: linked title, question, passage with bold words, colour bar, buttons and the menu', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(pathToFileURL(page).href);
    const discord = tab.locator('#discord');
    await expect.poll(() => discord.locator('.embed a.title').textContent()).toBe(TITLE);
    expect(await discord.locator('.embed a.title').getAttribute('href')).toBe('https://arxiv.org/abs/2402.02750');
    expect(await discord.locator('.embed .desc').textContent()).toContain(`Q: ${QUESTION}`);
    const passage = (await discord.locator('.embed blockquote').first().textContent()) ?? '';
    expect(passage).toContain('KV cache quantization algorithm, named KIVI');
    expect(await discord.locator('.embed blockquote strong').count()).toBeGreaterThan(0);
    const bar = await discord.locator('.embed').evaluate((e) => (globalThis as unknown as Page).getComputedStyle(e).borderLeftColor);
    expect(bar).toBe('rgb(79, 107, 237)'); // EMBED_COLOR 0x4f6bed
    const background = await discord.evaluate((e) => (globalThis as unknown as Page).getComputedStyle(e).backgroundColor);
    expect(background).toBe('rgb(49, 51, 56)'); // the dark theme
    expect(await discord.locator('.row .btn').allTextContents()).toEqual(
      BUTTONS.map((b) => (['arXiv 2402.02750', 'Code'].includes(b) ? `${b}↗` : b)),
    );
    expect(await discord.locator('.select').textContent()).toContain('Wrong paper?');
    expect(await discord.locator('.fields').textContent()).toContain('Also relevant');
    await tab.close();
  });

  it('shows the Slack blocks: bold linked title first, the question, the quote, the buttons and the votes', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(pathToFileURL(page).href);
    const slack = tab.locator('#slack');
    const first = slack.locator('.section').first();
    expect(await first.locator('strong a').textContent()).toBe(TITLE);
    expect(await slack.locator('.context').first().textContent()).toBe(`Q: ${QUESTION}`);
    expect(await slack.locator('blockquote').first().textContent()).toContain('KV cache quantization algorithm, named KIVI');
    expect(await slack.locator('blockquote strong').count()).toBeGreaterThan(0);
    const labels = (await slack.locator('.actions .sbtn').allTextContents()).map((t) => t.replace('↗', ''));
    expect(labels).toEqual([
      'arXiv 2402.02750',
      'Code',
      'Cite',
      'Related',
      'Next passage',
      'Whole abstract',
      'All authors',
      'Share in channel',
    ]);
    expect(await slack.locator('.accessory .sbtn').textContent()).toBe('Wrong paper');
    expect(await slack.locator('.context-actions .fb').allTextContents()).toEqual(['👍', '👎']);
    expect(await slack.locator('.only').textContent()).toContain('Only visible to you');
    // Drawn, not just present: the title is visibly bigger or bolder than the context line under it.
    const weight = await first.locator('strong').evaluate((e) => (globalThis as unknown as Page).getComputedStyle(e).fontWeight);
    expect(Number(weight)).toBeGreaterThanOrEqual(700);
    await tab.close();
  });
});
