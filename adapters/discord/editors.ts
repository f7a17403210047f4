import { type APIGuild, type APIGuildMember, PermissionFlagsBits, type REST, Routes } from 'discord.js';
import type { Caller } from './commands/types.js';

/** Whether the caller of a command may change the collection. */
export type EditorCheck = (caller: Caller) => Promise<boolean>;

/**
 * Who may `/add` and `/remove` on Discord: the server's owner, members whose roles grant Manage Server (or
 * Administrator), and members with a role named or numbered in `editorRoles` (names compared ignoring case).
 * The interaction this bot is handed carries no roles or permissions, so they are read from the REST API (the
 * server and the member; no privileged intent needed): two calls per change, which is rare.
 */
export function discordEditorCheck(rest: REST, editorRoles: readonly string[] = []): EditorCheck {
  const wanted = new Set(editorRoles.map((r) => r.toLowerCase()));
  return async ({ userId, workspace }) => {
    if (!workspace) return false; // a direct message: no server, no editors
    const [guild, member] = await Promise.all([
      rest.get(Routes.guild(workspace)) as Promise<APIGuild>,
      rest.get(Routes.guildMember(workspace, userId)) as Promise<APIGuildMember>,
    ]);
    if (guild.owner_id === userId) return true;
    const mine = new Set([workspace, ...member.roles]); // @everyone's role id is the server's id
    let permissions = 0n;
    for (const role of guild.roles) {
      if (!mine.has(role.id)) continue;
      permissions |= BigInt(role.permissions);
      if (role.id !== workspace && (wanted.has(role.id) || wanted.has(role.name.toLowerCase()))) return true;
    }
    return (permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
  };
}
