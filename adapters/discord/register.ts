import { ConfigError, loadDotenv } from '../shared/env.js';
import { type DiscordConfig, parseDiscordConfig } from './config.js';
import { explainRegisterFailure, inviteUrl, registerCommands } from './register-commands.js';

/** `npm run discord:register`: register the slash commands (to DISCORD_GUILD_ID if set, else globally). */
async function main(): Promise<number> {
  loadDotenv();
  let config: DiscordConfig;
  try {
    config = parseDiscordConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const options = {
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    ...(config.DISCORD_APPLICATION_ID ? { applicationId: config.DISCORD_APPLICATION_ID } : {}),
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
  };
  try {
    const result = await registerCommands(options);
    const where = result.guildId ? `to server ${result.guildId} (available now)` : 'globally (they can take a few minutes to appear)';
    process.stdout.write(
      `Registered ${result.names.map((n) => `/${n}`).join(', ')} ${where}.\nInvite the bot: ${inviteUrl(result.applicationId)}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${explainRegisterFailure(error, options)}\n`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`discord:register failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
