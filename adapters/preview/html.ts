/**
 * The preview page: the payloads the Discord and Slack renderers produce, drawn as each client shows them
 * (Discord's dark theme with the embed's colour bar, Slack's blocks with mrkdwn rendered), for maintainers
 * judging a layout and for the README's screenshots. Self-contained: no script, font or image is fetched.
 */

import type { APIEmbed } from 'discord.js';

/** A Discord message as the renderer builds it (the parts the client draws). */
export interface DiscordPayload {
  content?: string | undefined;
  embeds: readonly APIEmbed[];
  components: readonly unknown[];
}

/** A Slack message as the renderer builds it. */
export interface SlackPayload {
  text: string;
  blocks: readonly unknown[];
}

/** What the page shows: the question, and each platform's payload with how it was asked. */
export interface PreviewInput {
  question: string;
  discord: { payload: DiscordPayload; command: string };
  slack: { payload: SlackPayload; command: string; ephemeral: boolean };
  /** A line under the heading (corpus, commit). */
  note?: string;
}

/** HTML-escape text for an element body or a quoted attribute. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const PUA = 0xe000; // escaped characters wait in the private use area while markup is replaced

/** Discord markdown as Discord draws it: escapes, bold, italics, code, masked links, block quotes, code blocks, subtext. */
export function discordMarkdown(md: string): string {
  const out: string[] = [];
  const lines = md.split('\n');
  let quote: string[] = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)$/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^```$/.test(lines[i]!); i++) code.push(lines[i]!);
      out.push(`<pre class="code">${esc(code.join('\n').replace(/\u200b/g, ''))}</pre>`);
      continue;
    }
    if (line.startsWith('> ')) {
      quote.push(discordInline(line.slice(2)));
      continue;
    }
    flush();
    if (line.startsWith('-# ')) out.push(`<div class="subtext">${discordInline(line.slice(3))}</div>`);
    else out.push(line === '' ? '<div class="gap"></div>' : `<div>${discordInline(line)}</div>`);
  }
  flush();
  return out.join('');
}

function discordInline(text: string): string {
  const held = text.replace(/\\([^\sA-Za-z0-9])/g, (_m, c: string) => String.fromCharCode(PUA + c.charCodeAt(0)));
  return esc(held)
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, label: string, url: string) => `<a href="${url}">${label}</a>`)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(.+?)\*/g, '<em>$1</em>')
    .replace(/[\ue000-\ue0ff]/g, (c) => esc(String.fromCharCode(c.charCodeAt(0) - PUA)))
    .replace(/\u200b/g, '');
}

/** Slack mrkdwn as Slack draws it: `<url|label>` links, *bold*, _italic_, ~strike~, `code`, ``` blocks and > quotes. */
export function slackMrkdwn(mrkdwn: string): string {
  const out: string[] = [];
  const blocks = mrkdwn.split(/```/);
  for (const [i, part] of blocks.entries()) {
    if (i % 2 === 1) {
      out.push(`<pre class="code">${part.replace(/\u200b/g, '')}</pre>`);
      continue;
    }
    const lines = part.split('\n');
    let quote: string[] = [];
    const flush = () => {
      if (quote.length > 0) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
      quote = [];
    };
    for (const line of lines) {
      if (line.startsWith('&gt;') || line.startsWith('>')) {
        quote.push(slackInline(line.replace(/^(?:&gt;|>)/, '')));
        continue;
      }
      flush();
      out.push(line === '' ? '' : `<div>${slackInline(line)}</div>`);
    }
    flush();
  }
  return out.join('');
}

function slackInline(text: string): string {
  // mrkdwn is already entity-escaped (&amp; &lt; &gt;), as HTML is; only quotes and our own links remain.
  const links: string[] = [];
  const held = text.replace(/<(https?:\/\/[^|>]+)\|([^>]*)>|<(https?:\/\/[^>]+)>/g, (_m, url?: string, label?: string, bare?: string) => {
    links.push(`<a href="${(url ?? bare)!.replace(/"/g, '%22')}">${label ?? bare}</a>`);
    return String.fromCharCode(PUA + links.length - 1);
  });
  return held
    .replace(/"/g, '&quot;')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*([^*\s](?:[^*]*[^*\s])?)\*/g, '<strong>$1</strong>')
    .replace(/(^|\s)_([^_]+)_(?=$|\s|[.,;:!?])/g, '$1<em>$2</em>')
    .replace(/(^|\s)~([^~]+)~(?=$|\s)/g, '$1<s>$2</s>')
    .replace(/[\ue000-\ue0ff]/g, (c) => links[c.charCodeAt(0) - PUA] ?? '')
    .replace(/\u2060/g, '');
}

interface Button {
  type: number;
  style?: number;
  label?: string;
  url?: string;
  custom_id?: string;
  disabled?: boolean;
  placeholder?: string;
  options?: { label: string }[];
}

function discordComponents(rows: readonly unknown[]): string {
  return rows
    .map((row) => {
      const items = ((row as { components?: Button[] }).components ?? []).map((c) => {
        if (c.type === 3)
          return `<div class="select" data-custom-id="${esc(c.custom_id ?? '')}"><span>${esc(c.placeholder ?? '')}</span><span class="chev">⌄</span></div>`;
        const link = c.style === 5;
        const cls = ['btn', link ? 'link' : c.style === 1 ? 'primary' : 'secondary', c.disabled ? 'disabled' : ''].join(' ').trim();
        const attrs = link ? `href="${esc(c.url ?? '')}"` : `data-custom-id="${esc(c.custom_id ?? '')}"`;
        return `<a class="${cls}" ${attrs}>${esc(c.label ?? '')}${link ? '<span class="ext">↗</span>' : ''}</a>`;
      });
      return `<div class="row">${items.join('')}</div>`;
    })
    .join('');
}

function discordEmbed(e: APIEmbed): string {
  const color = `#${(e.color ?? 0x202225).toString(16).padStart(6, '0')}`;
  const title = e.title
    ? e.url
      ? `<a class="title" href="${esc(e.url)}">${discordInline(e.title)}</a>`
      : `<div class="title">${discordInline(e.title)}</div>`
    : '';
  const fields = (e.fields ?? [])
    .map(
      (f) =>
        `<div class="field${f.inline ? ' inline' : ''}"><div class="fname">${discordInline(f.name)}</div><div class="fvalue">${discordMarkdown(f.value)}</div></div>`,
    )
    .join('');
  return `<div class="embed" style="border-left-color:${color}">${title}${e.description ? `<div class="desc">${discordMarkdown(e.description)}</div>` : ''}${
    fields ? `<div class="fields">${fields}</div>` : ''
  }${e.footer ? `<div class="footer">${esc(e.footer.text)}</div>` : ''}</div>`;
}

/** The Discord message: the bot's name and badge, the content, the embeds and the action rows. */
export function discordHtml(payload: DiscordPayload, command: string): string {
  return `<div class="discord" id="discord">
  <div class="channel"># papers</div>
  <div class="invoked"><span class="reply-curve"></span><span class="who">you</span> used <span class="cmd">${esc(command)}</span></div>
  <div class="msg">
    <div class="avatar">cb</div>
    <div class="body">
      <div class="head"><span class="name">citebot</span><span class="badge">APP</span><span class="time">Today at 10:42</span></div>
      ${payload.content ? `<div class="content">${discordMarkdown(payload.content)}</div>` : ''}
      ${payload.embeds.map(discordEmbed).join('')}
      <div class="components">${discordComponents(payload.components)}</div>
    </div>
  </div>
</div>`;
}

interface SlackElement {
  type: string;
  text?: string | { type: string; text: string };
  action_id?: string;
  url?: string;
  style?: string;
  positive_button?: { text: { text: string } };
  negative_button?: { text: { text: string } };
}

interface SlackBlock {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  accessory?: SlackElement;
  elements?: SlackElement[];
  fields?: { type: string; text: string }[];
}

function slackText(t: string | { type: string; text: string } | undefined): string {
  if (t === undefined) return '';
  if (typeof t === 'string') return slackMrkdwn(t);
  return t.type === 'mrkdwn' ? slackMrkdwn(t.text) : esc(t.text);
}

function slackButton(e: SlackElement): string {
  const label = typeof e.text === 'object' ? esc(e.text.text) : '';
  const attrs = e.url ? `href="${esc(e.url)}"` : `data-action-id="${esc(e.action_id ?? '')}"`;
  return `<a class="sbtn${e.style ? ` ${e.style}` : ''}" ${attrs}>${label}${e.url ? '<span class="ext">↗</span>' : ''}</a>`;
}

function slackBlock(b: SlackBlock): string {
  switch (b.type) {
    case 'section': {
      // A section's fields are laid out two to a row, as Slack's desktop client shows them.
      const fields = b.fields
        ? `<div class="sfields">${b.fields.map((f) => `<div class="sfield">${slackText(f)}</div>`).join('')}</div>`
        : '';
      return `<div class="section"><div class="stext">${slackText(b.text)}${fields}</div>${b.accessory ? `<div class="accessory">${slackButton(b.accessory)}</div>` : ''}</div>`;
    }
    case 'context':
      return `<div class="context">${(b.elements ?? []).map((e) => `<span>${slackText(e.text)}</span>`).join('')}</div>`;
    case 'actions':
      return `<div class="actions">${(b.elements ?? []).map(slackButton).join('')}</div>`;
    case 'context_actions':
      return `<div class="context-actions">${(b.elements ?? [])
        .map((e) =>
          e.type === 'feedback_buttons'
            ? `<a class="fb" data-action-id="${esc(e.action_id ?? '')}">${esc(e.positive_button?.text.text ?? '')}</a><a class="fb" data-action-id="${esc(e.action_id ?? '')}">${esc(e.negative_button?.text.text ?? '')}</a>`
            : slackButton(e),
        )
        .join('')}</div>`;
    case 'divider':
      return '<hr>';
    case 'header':
      return `<div class="header">${slackText(b.text)}</div>`;
    default:
      return `<div class="unknown">[${esc(b.type)} block]</div>`;
  }
}

/** The Slack message: the app's name, "Only visible to you" when ephemeral, and every block. */
export function slackHtml(payload: SlackPayload, command: string, ephemeral: boolean): string {
  return `<div class="slack" id="slack">
  <div class="channel"># papers</div>
  <div class="msg">
    <div class="avatar">cb</div>
    <div class="body">
      <div class="head"><span class="name">citebot</span><span class="badge">APP</span><span class="time">10:42 AM</span></div>
      ${ephemeral ? `<div class="only">Only visible to you · <span class="cmd">${esc(command)}</span></div>` : ''}
      ${(payload.blocks as SlackBlock[]).map(slackBlock).join('\n')}
    </div>
  </div>
</div>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;padding:24px;background:#e9e9ee;font:15px/1.375 "Noto Sans","Helvetica Neue",Helvetica,Arial,sans-serif;color:#1d1c1d}
h1{font-size:18px;margin:0 0 4px} .note{color:#555;margin:0 0 18px;font-size:13px}
.platform{margin:0 0 28px} .platform h2{font-size:14px;text-transform:uppercase;letter-spacing:.06em;color:#555;margin:0 0 8px}
a{text-decoration:none}
.discord{width:680px;background:#313338;color:#dbdee1;border-radius:8px;padding:12px 16px 16px}
.discord .channel{color:#949ba4;font-weight:600;border-bottom:1px solid #3f4147;padding-bottom:8px;margin-bottom:10px}
.discord .invoked{color:#949ba4;font-size:13px;margin-left:56px} .discord .invoked .who{color:#dbdee1}
.discord .cmd{color:#c9cdfb;background:rgba(88,101,242,.3);border-radius:3px;padding:0 2px}
.discord .msg,.slack .msg{display:flex;gap:16px;margin-top:4px}
.discord .avatar{flex:none;width:40px;height:40px;border-radius:50%;background:#4f6bed;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700}
.discord .body{min-width:0;flex:1}
.discord .name{color:#f2f3f5;font-weight:600} .discord .badge{background:#5865f2;color:#fff;font-size:10px;font-weight:700;border-radius:3px;padding:1px 4px;margin:0 6px;vertical-align:2px}
.discord .time{color:#949ba4;font-size:12px}
.discord a{color:#00a8fc} .discord strong{color:#f2f3f5;font-weight:700}
.embed{margin-top:6px;max-width:520px;background:#2b2d31;border-left:4px solid;border-radius:4px;padding:8px 16px 16px 12px;font-size:14px}
.embed .title{display:block;font-weight:600;font-size:16px;margin-top:8px;color:#00a8fc}
.embed div.title{color:#f2f3f5}
.embed .desc{margin-top:8px}
.embed blockquote,.slack blockquote{margin:4px 0;padding:0 0 0 12px;border-left:4px solid #4e5058}
.embed .gap{height:8px}
.embed .fields{display:flex;flex-wrap:wrap;gap:8px 16px;margin-top:8px} .embed .field{flex:1 1 100%} .embed .field.inline{flex:1 1 30%}
.embed .fname{font-weight:600;color:#f2f3f5;margin-bottom:2px}
.embed .footer{margin-top:8px;font-size:12px;color:#b5bac1}
.embed em{color:#b5bac1}
.discord code{background:#1e1f22;border-radius:3px;padding:0 3px;font-size:85%}
.discord pre.code{background:#1e1f22;border:1px solid #1e1f22;border-radius:4px;padding:8px;white-space:pre-wrap;font:13px/1.3 Consolas,"Courier New",monospace;color:#dbdee1}
.components{margin-top:8px}
.row{display:flex;gap:8px;margin-top:8px;flex-wrap:wrap}
.btn{display:inline-flex;align-items:center;gap:6px;height:32px;padding:2px 16px;border-radius:8px;font-size:14px;font-weight:500;color:#fff !important}
.btn.secondary,.btn.link{background:#4e5058} .btn.primary{background:#5865f2} .btn.disabled{opacity:.5}
.btn .ext{font-size:12px}
.select{width:400px;height:40px;background:#1e1f22;border-radius:4px;display:flex;align-items:center;justify-content:space-between;padding:0 12px;color:#949ba4;font-size:14px}
.slack{width:680px;background:#fff;border-radius:8px;padding:12px 20px 16px;border:1px solid #ddd}
.slack .channel{font-weight:900;border-bottom:1px solid #e2e2e2;padding-bottom:8px;margin-bottom:10px}
.slack .avatar{flex:none;width:36px;height:36px;border-radius:6px;background:#4f6bed;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700}
.slack .body{min-width:0;flex:1}
.slack .name{font-weight:900} .slack .badge{background:#e8e8e8;color:#616061;font-size:10px;font-weight:700;border-radius:2px;padding:1px 3px;margin:0 6px;vertical-align:2px}
.slack .time{color:#616061;font-size:12px}
.slack .only{color:#616061;font-size:13px;margin:2px 0 4px} .slack .cmd{font-family:Monaco,Menlo,Consolas,monospace;font-size:12px;background:#f6f6f6;border:1px solid #e2e2e2;border-radius:3px;padding:0 3px}
.slack a{color:#1264a3} .slack strong{font-weight:700}
.section{display:flex;gap:12px;margin:6px 0;align-items:flex-start} .stext{flex:1;min-width:0} .accessory{flex:none}
.slack blockquote{border-left-color:#ddd}
.context{color:#616061;font-size:12px;margin:6px 0;display:flex;gap:8px;flex-wrap:wrap}
.context strong{color:#616061}
.actions,.context-actions{display:flex;gap:8px;flex-wrap:wrap;margin:10px 0}
.sfields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px} .sfield{min-width:0}
.sbtn{display:inline-flex;align-items:center;gap:6px;height:28px;padding:0 12px;border:1px solid #c4c4c4;border-radius:4px;font-size:13px;font-weight:700;color:#1d1c1d !important;background:#fff}
.sbtn.primary{background:#007a5a;border-color:#007a5a;color:#fff !important}
.sbtn .ext{font-size:11px;color:#616061}
.fb{display:inline-flex;align-items:center;height:24px;padding:0 8px;border:1px solid #ddd;border-radius:12px;font-size:13px}
.slack pre.code{background:#f8f8f8;border:1px solid #e2e2e2;border-radius:4px;padding:8px;white-space:pre-wrap;font:12px/1.4 Monaco,Menlo,Consolas,monospace}
.slack code{background:#f6f6f6;border:1px solid #e2e2e2;border-radius:3px;padding:0 3px;color:#e01e5a;font-size:12px}
details{margin-top:8px;max-width:680px} pre.json{background:#fff;border:1px solid #ccc;padding:8px;font-size:11px;overflow:auto;max-height:400px}
`;

/** The whole page: a heading with the question, then Discord's message and Slack's, each with its payload as JSON. */
export function previewHtml(input: PreviewInput): string {
  const json = (v: unknown) =>
    `<details><summary>Payload (JSON)</summary><pre class="json">${esc(JSON.stringify(v, null, 2))}</pre></details>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>citebot preview: ${esc(input.question)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>${STYLE}</style></head>
<body>
<h1>citebot preview: “${esc(input.question)}”</h1>
${input.note ? `<p class="note">${esc(input.note)}</p>` : ''}
<section class="platform"><h2>Discord</h2>
${discordHtml(input.discord.payload, input.discord.command)}
${json(input.discord.payload)}
</section>
<section class="platform"><h2>Slack</h2>
${slackHtml(input.slack.payload, input.slack.command, input.slack.ephemeral)}
${json(input.slack.payload)}
</section>
</body></html>
`;
}
