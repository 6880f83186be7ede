import type { App } from '@slack/bolt';
import { MENU, runCommand } from '../../../flows';
import { t } from '../../../flows/view';
import { localize } from '../../../flows/localize';
import type { SlackDeps } from '../deps';
import { openWorking, showInModal } from '../modals';
import { failureReply } from '../errors';
import type { Reply } from '../../../flows/view';
import { flowContext, slackIdentity } from '../people';
import { deliverPrivately } from '../files';

export const SLASH_COMMAND = '/amparo';

/**
 * The slash command's usage hint in the app manifests: the commands the actions declare for
 * the menu, as Teams offers them (test/unit/slack-manifest.test.ts keeps the manifests to it).
 */
export function usageHint(): string {
  return MENU.map(({ word, takes }) => (takes === 'case' ? `${word} CAT-2026-0001` : word)).join(' | ');
}

/**
 * `/amparo <words>` from any channel or DM. The answer opens in a modal that only the person
 * sees; nothing is posted in the channel where the command ran.
 */
export function registerAmparoCommand(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, async ({ ack, command, client, respond }) => {
    await ack();
    const known = await deps.services.people.byIdentity(slackIdentity(command.team_id, command.user_id)).catch(() => null);
    const early = { locale: known?.locale ?? deps.defaultLocale, timeZone: known?.timeZone ?? 'UTC' };
    const viewId = await openWorking(client, command.trigger_id, early, false, deps.logger);
    let reply: Reply;
    let viewer = early;
    try {
      const ctx = await flowContext(deps.services, client, deps.logger, { teamId: command.team_id, userId: command.user_id });
      viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      reply = await runCommand(ctx, command.text);
      if (reply.kind === 'message' && reply.delivery) reply = await deliverPrivately(client, command.user_id, reply, reply.delivery, viewer, deps.logger);
    } catch (error) {
      reply = failureReply(error, deps.logger);
    }
    if (viewId) return showInModal(client, viewId, reply, viewer);
    // The modal could not open in time: say so privately; never show details here.
    await respond({ response_type: 'ephemeral', text: localize(t('slack.try_again'), viewer) });
  });
}
