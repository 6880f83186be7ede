import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { showHelp } from '../../../flows';
import { replyCard } from '../cards/render';
import type { TeamsDeps } from '../deps';

/** When the app is added to someone's personal scope: their reference is kept, and help shown. */
export function registerWelcome(app: Application<TurnState>, deps: TeamsDeps): void {
  app.conversationUpdate('membersAdded', async (context: TurnContext) => {
    const botId = context.activity.recipient?.id;
    const added = context.activity.membersAdded ?? [];
    if (!added.some((member) => member.id === botId)) return;
    await deps.conversations.remember(context);
    const card = replyCard(showHelp(), { locale: context.activity.locale ?? 'en', timeZone: 'UTC' });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  });
}
