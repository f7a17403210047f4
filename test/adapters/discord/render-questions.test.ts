import fc from 'fast-check';
/** Discord's rendering of issue 13's answers: compare side by side, names shared or absent, follow-ups, author choices. */
import { describe, expect, it } from 'vitest';
import { followUpId, parseFollowUpId } from '../../../adapters/discord/commands/ask.js';
import { DISCORD_LIMITS } from '../../../adapters/discord/limits.js';
import { authorChoices, embedLength, followsOnOf, renderAsk } from '../../../adapters/discord/render.js';
import type { AnswerView } from '../../../adapters/shared/commands.js';
import type { Citation } from '../../../src/index.js';
import { testCitation, testExcerpt, testResult } from '../support.js';
import { activeMarkup, asRead } from './markdown-reader.js';

const HOSTILE = '@everyone <@123456789012345678> **bold** ||spoiler|| `code` [link](https://evil.example)';

const citation = (id: string, title: string): Citation => testCitation(id, title, ['Ada Lovelace', HOSTILE]);
const excerpt = testExcerpt;
const result = testResult;
const turn = { question: 'q' };

/** Every text field of the message's embeds, as a reader sees it. */
const texts = (msg: ReturnType<typeof renderAsk>) =>
  msg.embeds.flatMap((e) => [
    e.title ?? '',
    e.description ?? '',
    e.author?.name ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
  ]);

describe('compare', () => {
  const view: AnswerView = {
    kind: 'compare',
    question: `compare A and B ${HOSTILE}`,
    aspect: HOSTILE,
    heading: `${HOSTILE} and B, side by side`,
    sides: [
      {
        name: HOSTILE,
        citation: citation('2402.02750', `KIVI ${HOSTILE}`),
        excerpt: excerpt(`${'Long sentence about keys. '.repeat(80)}${HOSTILE}`),
      },
      { name: 'B', citation: citation('2410.03960', 'SwiftKV'), excerpt: excerpt('SwiftKV reduces prefill compute.') },
    ],
    turn,
  };

  it('puts the two papers side by side in two inline fields within Discord’s limits, pinging nobody', () => {
    const msg = renderAsk(view);
    const [embed] = msg.embeds;
    expect(embed!.fields).toHaveLength(2);
    for (const f of embed!.fields!) {
      expect(f.inline).toBe(true);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldValue);
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldName);
    }
    expect(embedLength(embed!)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embed!.fields![1]!.value).toContain('[SwiftKV](https://arxiv.org/abs/2410.03960) · 2024');
    expect(embed!.fields![1]!.value).toContain('> SwiftKV reduces prefill compute.');
    expect(msg.allowedMentions).toEqual({ parse: [] });
  });

  it('escapes every piece of paper and user text (field names, quotes, heading)', () => {
    const msg = renderAsk(view);
    const embed = msg.embeds[0]!;
    // Field names and titles show no markdown: they must read as typed and never mention anyone.
    expect(embed.fields![0]!.name).not.toMatch(/@everyone/);
    expect(embed.title).not.toMatch(/@everyone/);
    for (const f of embed.fields!) {
      const quote = f.value.split('\n').find((l) => l.startsWith('> '))!;
      expect(activeMarkup(quote.slice(2).replace(/\*\*[^*]*\*\*/g, ''))).toBeUndefined();
    }
    expect(asRead(embed.fields![1]!.value)).toContain('Ada Lovelace, @everyone <@123456789012345678>');
  });
});

describe('names several papers share, or none mentions', () => {
  it('lists the papers that share a name under its heading, each with its excerpt', () => {
    const view: AnswerView = {
      kind: 'ambiguous',
      question: 'what is KIVI?',
      name: 'KIVI',
      heading: '2 papers in this collection are called KIVI; here they all are:',
      papers: [result(citation('2402.02750', 'KIVI one'), 'First.'), result(citation('2501.00001', 'KIVI two'), 'Second.')],
      turn,
    };
    const msg = renderAsk(view);
    expect(msg.embeds[0]!.title).toBe(view.heading);
    expect(msg.embeds[0]!.description).toMatch(/\*\*1\.\*\* \[KIVI one\][\s\S]*> First\.[\s\S]*\*\*2\.\*\* \[KIVI two\][\s\S]*> Second\./);
  });

  it('says which name no paper mentions, with the closest papers when there are some, and no empty lines', () => {
    const none = (closest: Citation[]): AnswerView => ({
      kind: 'none',
      question: 'what is FastViDAR?',
      reason: 'not-in-collection',
      name: 'FastViDAR',
      headline: 'No paper in this collection mentions FastViDAR',
      detail: '',
      closest,
      turn,
    });
    const bare = renderAsk(none([]));
    expect(bare.embeds[0]!.title).toBe('No paper in this collection mentions FastViDAR');
    expect(bare.embeds[0]!.description).toBe('**Q:** what is FastViDAR?');
    const withClosest = renderAsk(none([citation('2402.02750', 'KIVI')]));
    expect(withClosest.embeds[0]!.description).toBe('**Q:** what is FastViDAR?\n\n• [KIVI](https://arxiv.org/abs/2402.02750) · 2024');
  });
});

describe('follow-ups and author choices', () => {
  it('shows the question a follow-up follows above its title, read back exactly', () => {
    const view: AnswerView = { kind: 'list', question: 'and in 2023?', results: [], heading: 'Papers on that (0)', turn };
    const followsOn = `How does KIVI work? ${HOSTILE}`;
    const msg = renderAsk(view, undefined, {}, { followsOn });
    expect(msg.embeds[0]!.author!.name).toBe(`↪ Following up on: ${followsOn}`);
    expect(followsOnOf(msg.embeds)).toBe(followsOn);
    expect(msg.allowedMentions).toEqual({ parse: [] });
    // An embed's author line is plain text (Discord renders no markdown there), so it is kept as typed.
    expect(
      texts(msg)
        .filter((t) => !t.startsWith('↪'))
        .join('\n'),
    ).not.toContain(HOSTILE);
  });

  it('offers authors as "Name (n papers)" within Discord’s 100 characters, the name as the value', () => {
    const long = 'A'.repeat(120);
    expect(
      authorChoices([
        { name: 'Tri Dao', papers: 7 },
        { name: 'Ada', papers: 1 },
        { name: long, papers: 2 },
      ]),
    ).toEqual([
      { name: 'Tri Dao (7 papers)', value: 'Tri Dao' },
      { name: 'Ada (1 paper)', value: 'Ada' },
    ]);
  });

  it('carries the answer’s paper and the previous turn’s, each read back exactly (any ids that fit)', () => {
    expect(followUpId({ paperId: '2407.20485', previousPaperId: '2402.02750' })).toBe('ask:v1:follow2:10:2407.204852402.02750');
    expect(parseFollowUpId('ask:v1:followup2:10:2407.204852402.02750')).toEqual({
      paperId: '2407.20485',
      previousPaperId: '2402.02750',
      modal: true,
    });
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (paperId, previous) => {
        const state = { paperId, ...(previous ? { previousPaperId: previous } : {}) };
        const id = followUpId(state);
        if (id === undefined) return;
        expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
        const read = parseFollowUpId(id)!;
        expect(read.paperId).toBe(paperId);
        // The previous paper is dropped, never garbled, when the form's id could not hold it.
        if (read.previousPaperId !== undefined) expect(read.previousPaperId).toBe(previous);
      }),
    );
  });

  it('leaves the previous paper out when it would not fit, and Follow up out when even the answer’s paper would not', () => {
    const fits = 'x'.repeat(DISCORD_LIMITS.customId - 'ask:v1:followup:'.length);
    expect(parseFollowUpId(followUpId({ paperId: fits, previousPaperId: '2402.02750' })!)).toEqual({ paperId: fits, modal: false });
    expect(followUpId({ paperId: `${fits}y` })).toBeUndefined();
    expect(parseFollowUpId('ask:v1:followup:2402.02750')).toEqual({ paperId: '2402.02750', modal: true });
  });
});
