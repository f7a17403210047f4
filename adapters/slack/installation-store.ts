import type { App, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from '../shared/log.js';
import type { Installations } from '../shared/store/installations.js';

/**
 * The key of an installation: an org-wide (Enterprise Grid) install is one installation for every workspace of the
 * org, keyed by its enterprise id; any other is keyed by its workspace (team) id. Undefined when the ids are missing.
 */
export function installationKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string | undefined; teamId?: string | undefined }) {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  return q.teamId ? `T:${q.teamId}` : undefined;
}

/** Thrown when no workspace or org id identifies the installation asked for. */
export class NoSuchInstallation extends Error {
  override name = 'NoSuchInstallation';
  readonly code = 'SLACK_NOT_INSTALLED';
}

/**
 * Bolt's installation store over the shared database: `storeInstallation` after the OAuth flow, `fetchInstallation`
 * for every request (Bolt's authorize: the workspace's bot token), `deleteInstallation` when the app is uninstalled or
 * its tokens are revoked. Every replica sharing the database serves every workspace installed through any of them.
 */
export function slackInstallationStore(installations: Installations): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const key = installationKey({
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      if (!key) throw new NoSuchInstallation('Slack returned an installation without a workspace or org id');
      await installations.save({ key, teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, installation });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey(query);
      const found = key ? await installations.find(key) : undefined;
      if (!found) throw new NoSuchInstallation(`citebot is not installed in ${key ?? 'a workspace without an id'}`);
      return found as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey(query);
      if (key) await installations.remove(key);
    },
  };
}

/**
 * Forget a workspace's installation when Slack says the app is gone from it: `app_uninstalled`, or `tokens_revoked`
 * naming bot tokens (citebot asks for no user tokens). Bolt delivers both without authorizing them first.
 */
export function registerUninstallListeners(app: App, store: InstallationStore, log: Logger): void {
  const forget = async (why: string, context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }) => {
    const query = {
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall === true,
    } as InstallationQuery<boolean>;
    await store.deleteInstallation?.(query);
    log.info(`Slack installation removed: ${why}`, { team: context.teamId, enterprise: context.enterpriseId });
  };
  app.event('app_uninstalled', async ({ context }) => forget('the app was uninstalled', context));
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) await forget('its bot token was revoked', context);
  });
}
