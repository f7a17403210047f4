/** Everything a Slack message's blocks and fallback text hold, joined: what a reader of the message could see (ids and button values left out). */
export function visibleText(message: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) if (k !== 'value' && k !== 'action_id' && k !== 'block_id') walk(x);
  };
  walk(message.blocks);
  walk(message.text);
  return out.join('\n');
}
