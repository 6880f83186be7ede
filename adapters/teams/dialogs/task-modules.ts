import { randomUUID } from 'node:crypto';
import { CardFactory, type TaskModuleTaskInfo, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { runAction, submitForm } from '../../../flows';
import type { Viewer } from '../../../flows/localize';
import type { Reply } from '../../../flows/view';
import { buttonOf, dialogTitle, replyCard, submissionOf, submittedValues, viewCard } from '../cards/render';
import type { TeamsDeps } from '../deps';
import { failureReply } from '../errors';
import { flowContext, tenantOf } from '../people';
import { localize } from '../../../flows/localize';

function taskInfo(reply: Reply, viewer: Viewer, nonce?: string): TaskModuleTaskInfo {
  return { title: dialogTitle(reply, viewer), card: CardFactory.adaptiveCard(replyCard(reply, viewer, nonce)), width: 'large', height: 'large' };
}

/**
 * Dialogs (task modules): a button's `task/fetch` opens the form or the details it names; a
 * form's `task/submit` is checked and saved. A wrong answer or a failed save returns the form
 * with every answer in it and the reason; the dialog stays open.
 */
export function registerDialogs(app: Application<TurnState>, deps: TeamsDeps): void {
  app.taskModules.fetch<Record<string, unknown>>(/.*/, async (context: TurnContext, _state, data) => {
    const fallback = { locale: context.activity.locale ?? 'en', timeZone: 'UTC' };
    try {
      const ctx = await flowContext(deps.services, deps.logger, context);
      const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      const { verb, arg } = buttonOf(data);
      return taskInfo(await runAction(ctx, verb, arg), viewer);
    } catch (error) {
      return taskInfo(failureReply(error, deps.logger), fallback);
    }
  });

  app.taskModules.submit<Record<string, unknown>>(/.*/, async (context: TurnContext, _state, data) => {
    const fallback = { locale: context.activity.locale ?? 'en', timeZone: 'UTC' };
    try {
      const ctx = await flowContext(deps.services, deps.logger, context);
      const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      const submission = submissionOf(data);
      const nonce = submission.nonce ?? randomUUID();
      const key = `teams:${nonce}`;
      const reply = await submitForm(ctx, submission.verb, submission.context, submittedValues(data, tenantOf(context)), key);
      const user = context.activity.from?.aadObjectId;
      if (reply.kind === 'message' && reply.view.receipt && !reply.view.sensitive && user) {
        // The confirmation with the reference stays in the member's personal chat, sent once per submission.
        const { view } = reply;
        await ctx.services.notifications.once(`receipt:${key}`, () => deps.conversations.send(tenantOf(context), user, viewCard(view, viewer), localize(view.title, viewer)));
      }
      return taskInfo(reply, viewer, nonce);
    } catch (error) {
      return taskInfo(failureReply(error, deps.logger), fallback);
    }
  });
}
