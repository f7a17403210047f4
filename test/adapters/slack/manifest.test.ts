import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../adapters/slack/commands.js';

interface Manifest {
  features: {
    slash_commands: { command: string; description: string; usage_hint: string; url?: string }[];
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../../adapters/slack/${name}`, import.meta.url), 'utf8')) as Manifest;

describe.each([
  ['manifest.json', false],
  ['manifest.socket-mode.json', true],
])('%s', (file, socketMode) => {
  const m = read(file);

  it('declares exactly the commands the app registers, described the same way', () => {
    expect(m.features.slash_commands.map(({ command, description, usage_hint }) => ({ command, description, usage_hint }))).toEqual(
      COMMANDS.map((c) => ({ command: c.name, description: c.description, usage_hint: c.usageHint })),
    );
  });

  it('subscribes to mentions and direct messages, with interactivity for the buttons', () => {
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.app_home.messages_tab_enabled && !m.features.app_home.messages_tab_read_only_enabled).toBe(true);
  });

  it('asks for the scopes those need and no more: history to read a thread a follow-up is asked in', () => {
    expect(m.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      'channels:history',
      'chat:write',
      'chat:write.public',
      'commands',
      'groups:history',
      'im:history',
      'mpim:history',
    ]);
  });

  it(socketMode ? 'enables Socket Mode and has no request URLs' : 'sends commands, events and interactions to /slack/events', () => {
    expect(m.settings.socket_mode_enabled).toBe(socketMode);
    const urls = [
      ...m.features.slash_commands.map((c) => c.url),
      m.settings.event_subscriptions.request_url,
      m.settings.interactivity.request_url,
    ];
    for (const url of urls) {
      if (socketMode) expect(url).toBeUndefined();
      else expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
  });
});
