import { CardFactory, MessageFactory, TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Services } from '../../src/services';
import type { Card } from './cards/render';
import { identityOf, teamsIdentity } from './people';

/**
 * Where each person can be reached proactively. A reference is kept (in the store, never in
 * memory) from every activity in a personal chat; for someone who never wrote to the bot, a
 * 1:1 conversation is created and its reference kept.
 */
export class Conversations {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly services: Services,
    private readonly options: { appId: string; serviceUrl: string },
  ) {}

  async remember(context: TurnContext): Promise<void> {
    const identity = identityOf(context);
    if (!identity || context.activity.conversation?.conversationType !== 'personal') return;
    const reference = TurnContext.getConversationReference(context.activity);
    await this.services.store.saveConversation(identity, reference as Record<string, unknown>, this.services.clock.now());
  }

  async send(tenantId: string, objectId: string, card: Card, summary: string): Promise<void> {
    const identity = teamsIdentity(tenantId, objectId);
    const activity = { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), summary };
    const known = (await this.services.store.getConversation(identity)) as Partial<ConversationReference> | null;
    if (known) {
      await this.adapter.continueConversationAsync(this.options.appId, known, async (context) => {
        await context.sendActivity(activity);
      });
      return;
    }
    await this.adapter.createConversationAsync(
      this.options.appId,
      'msteams',
      this.options.serviceUrl,
      '',
      {
        isGroup: false,
        bot: { id: `28:${this.options.appId}`, name: 'Amparo' },
        members: [{ id: objectId, name: '' }],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      },
      async (context) => {
        const reference = TurnContext.getConversationReference(context.activity);
        await this.services.store.saveConversation(identity, { ...reference, user: { id: objectId, aadObjectId: objectId, name: '' } } as Record<string, unknown>, this.services.clock.now());
        await context.sendActivity(activity);
      },
    );
  }
}
