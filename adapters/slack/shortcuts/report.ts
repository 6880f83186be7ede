import type { App, GlobalShortcut } from '@slack/bolt';
import { runAction } from '../../../flows';
import { ACTIONS } from '../../../flows/actions';
import type { SlackDeps } from '../deps';
import { failureReply } from '../errors';
import { openWorking, showInModal } from '../modals';
import { flowContext, slackIdentity } from '../people';

/** The global shortcut's callback id, as the manifests declare it. */
export const REPORT_SHORTCUT = 'report_allegation';

/**
 * *Report an allegation* from Slack's shortcuts menu or search: the intake opens in a modal, in
 * the person's language, as `/amparo report` opens it, with nothing typed and no channel
 * involved. Only the global shortcut is listened to: nothing about a case starts from a
 * message, and the manifests declare no message shortcut.
 */
export function registerReportShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<GlobalShortcut>({ type: 'shortcut', callback_id: REPORT_SHORTCUT }, async ({ ack, shortcut, client }) => {
    await ack();
    const who = { teamId: shortcut.team?.id ?? shortcut.user.team_id, userId: shortcut.user.id };
    const known = await deps.services.people.byIdentity(slackIdentity(who.teamId, who.userId)).catch(() => null);
    const early = { locale: known?.locale ?? deps.defaultLocale, timeZone: known?.timeZone ?? 'UTC' };
    const viewId = await openWorking(client, shortcut.trigger_id, early, false, deps.logger);
    if (!viewId) return;
    try {
      const ctx = await flowContext(deps.services, client, deps.logger, who);
      await showInModal(client, viewId, await runAction(ctx, ACTIONS.report, ''), { locale: ctx.locale, timeZone: ctx.timeZone });
    } catch (error) {
      await showInModal(client, viewId, failureReply(error, deps.logger), early);
    }
  });
}
