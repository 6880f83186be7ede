import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { commandAction, opensApart, runCommand } from '../../../flows';
import { t, type Button } from '../../../flows/view';
import { failureReply } from '../errors';
import { replyCard, viewCard } from '../cards/render';
import type { TeamsDeps } from '../deps';
import { flowContext } from '../people';
import { deliveryActivities } from '../files';

/**
 * Words typed in the bot's personal chat (or picked from its command menu). A form or a
 * case's details never appear in the chat: the answer is a card whose button opens them in a
 * dialog, after the permission check.
 */
export function registerCommands(app: Application<TurnState>, deps: TeamsDeps): void {
  app.message(/[\s\S]*/, async (context: TurnContext) => {
    const text = (context.activity.text ?? '').trim();
    let card;
    try {
      const ctx = await flowContext(deps.services, deps.logger, context);
      const viewer = { locale: ctx.locale, timeZone: ctx.timeZone };
      const asked = commandAction(text);
      if (!('unknown' in asked) && opensApart(asked.action)) {
        const open: Button = { action: asked.action, arg: asked.arg, label: t(`buttons.${asked.action}`), style: 'primary' };
        card = viewCard({ tone: 'info', title: t('teams.opens_in_dialog'), sections: [], buttons: [open], sensitive: false }, viewer);
      } else {
        const reply = await runCommand(ctx, text);
        if (reply.kind === 'message' && reply.delivery) {
          await context.sendActivities(deliveryActivities(reply, reply.delivery, viewer));
          return;
        }
        card = replyCard(reply, viewer);
      }
    } catch (error) {
      card = replyCard(failureReply(error, deps.logger), { locale: context.activity.locale ?? 'en', timeZone: 'UTC' });
    }
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  });
}
