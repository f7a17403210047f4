import {
  type APIApplication,
  type APIApplicationCommand,
  DiscordAPIError,
  OAuth2Scopes,
  PermissionFlagsBits,
  REST,
  Routes,
} from 'discord.js';
import { commands } from './commands/index.js';
import { DEFAULT_DISCORD_API_URL } from './config.js';

/** The bot's channel permissions: see channels, send messages, and embed links (answers are embeds). */
export const BOT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/** The URL that adds the bot to a server, with the `bot` and `applications.commands` scopes. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

/** Where and what to register. */
export interface RegisterOptions {
  token: string;
  /** Default: asked from Discord (`GET /applications/@me`). */
  applicationId?: string;
  /** Register to this server only (instant) instead of globally. */
  guildId?: string;
  apiUrl?: string;
}

/** What was registered. */
export interface RegisterResult {
  applicationId: string;
  guildId?: string;
  names: string[];
}

/**
 * Register citebot's slash commands with one bulk overwrite (`PUT`): idempotent, and it removes commands
 * citebot no longer has.
 */
export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const rest = new REST({ api: options.apiUrl ?? DEFAULT_DISCORD_API_URL, retries: 1 }).setToken(options.token);
  const applicationId = options.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body: commands.map((c) => c.data) })) as APIApplicationCommand[];
  return { applicationId, ...(options.guildId ? { guildId: options.guildId } : {}), names: saved.map((c) => c.name) };
}

/** A registration failure as advice: what Discord said and what to do. */
export function explainRegisterFailure(error: unknown, options: Pick<RegisterOptions, 'guildId' | 'applicationId'>): string {
  if (error instanceof DiscordAPIError || (typeof error === 'object' && error !== null && 'status' in error)) {
    const { status, message } = error as { status: number; message: string };
    if (status === 401)
      return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy a fresh token from the Developer Portal (your application > Bot > Reset Token).';
    if (status === 403 && options.guildId)
      return `Discord refused access to server DISCORD_GUILD_ID=${options.guildId} (${message}). Invite the bot to that server with the applications.commands scope first (the invite URL is in the README).`;
    if (status === 403 || status === 404)
      return `Discord refused the registration (${status}: ${message}). Check that DISCORD_APPLICATION_ID${options.applicationId ? `=${options.applicationId}` : ''} is this bot's application.`;
    return `Discord refused the registration (${status}: ${message}).`;
  }
  const e = error as { message?: string; cause?: { code?: string } };
  return `Could not reach the Discord API (${e.cause?.code ?? e.message ?? String(error)}). Check the network, or DISCORD_API_URL if you set it.`;
}
