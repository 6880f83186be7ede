import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { declarationOf, runAction } from '../../../flows';
import { ACTION_IDS } from '../../../flows/actions';
import type { SlackDeps } from '../deps';
import { fallbackText, viewBlocks } from '../render/blocks';
import { SLACK_LIMITS } from '../render/limits';
import { openWorking, showInModal } from '../modals';
import { flowContext, slackIdentity } from '../people';
import { failureReply } from '../errors';

const ANY_ACTION = new RegExp(`^(${ACTION_IDS.map((id) => id.replace(/\./g, '\\.')).join('|')})$`);

/**
 * Every button Amparo draws. A decision pressed on a DM updates that message in place to show
 * who decided what and when, buttons gone; a refusal ("already decided by …") comes back to
 * the presser alone. Anything else opens in a modal. The flow checks permission each time, so
 * a payload replayed by another user gets that user's answer, not the original's.
 */
export function registerButtons(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ANY_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    const onMessage = body.container?.type === 'message' && body.channel?.id !== undefined && body.message?.ts !== undefined;
    if (declarationOf(action.action_id)?.decidedInPlace && onMessage) {
      const ctx = await flowContext(deps.services, client, deps.logger, who);
      const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      const reply = await runAction(ctx, action.action_id, action.value ?? '');
      if (reply.kind !== 'message') return;
      if (reply.view.tone === 'success' || reply.view.tone === 'info') {
        await client.chat.update({
          channel: body.channel?.id as string,
          ts: body.message?.ts as string,
          text: fallbackText(reply.view, viewer),
          blocks: viewBlocks(reply.view, viewer, SLACK_LIMITS.messageBlocks),
        });
      } else {
        await respond({ response_type: 'ephemeral', replace_original: false, text: fallbackText(reply.view, viewer) });
      }
      return;
    }
    const known = await deps.services.people.byIdentity(slackIdentity(who.teamId, who.userId)).catch(() => null);
    const early = { locale: known?.locale ?? deps.defaultLocale, timeZone: known?.timeZone ?? 'UTC' };
    const viewId = await openWorking(client, body.trigger_id, early, body.view?.type === 'modal', deps.logger);
    if (!viewId) return;
    try {
      const ctx = await flowContext(deps.services, client, deps.logger, who);
      await showInModal(client, viewId, await runAction(ctx, action.action_id, action.value ?? ''), { locale: ctx.locale, timeZone: ctx.timeZone });
    } catch (error) {
      await showInModal(client, viewId, failureReply(error, deps.logger), early);
    }
  });
}
