import { CardFactory, MessageFactory, TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { TrustedHosts } from '../../src/http/trusted-hosts';
import type { Services } from '../../src/services';
import type { Card } from './cards/render';
import { teamsIdentity, type TeamsIdentity } from '../../src/domain/identity';
import { identityOf } from './people';

/**
 * Where each person can be reached proactively. A reference is kept (in the store, never in
 * memory) from every admitted activity in a personal chat; for someone who never wrote to the
 * bot, a 1:1 conversation is created and its reference kept. A reference decides where that
 * person's alerts go, with the bot's token: it is kept only from an authenticated activity
 * whose service URL is a trusted host, and one on another host (kept by an older version) is
 * never used.
 */
export interface ConversationOptions {
  appId: string;
  /** Where to create a conversation with someone who never wrote to the bot. */
  serviceUrl: string;
  authenticated: boolean;
  serviceUrls: TrustedHosts;
}

export class Conversations {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly services: Services,
    private readonly options: ConversationOptions,
  ) {}

  async remember(context: TurnContext): Promise<void> {
    const identity = identityOf(context);
    if (!identity || context.activity.conversation?.conversationType !== 'personal') return;
    await this.keep(identity, TurnContext.getConversationReference(context.activity));
  }

  private async keep(identity: TeamsIdentity, reference: Partial<ConversationReference>): Promise<void> {
    if (!this.options.authenticated || !this.options.serviceUrls.trusts(reference.serviceUrl)) return;
    await this.services.platform.keepConversation(identity, reference as Record<string, unknown>);
  }

  /** Sends a card to the person's personal chat; says which activity it became (to update it later). */
  async send(tenantId: string, objectId: string, card: Card, summary: string): Promise<{ activityId: string } | Record<string, never>> {
    const identity = teamsIdentity(tenantId, objectId);
    const activity = { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), summary };
    const known = (await this.services.platform.conversation(identity)) as Partial<ConversationReference> | null;
    let sent: string | undefined;
    if (known && this.options.serviceUrls.trusts(known.serviceUrl)) {
      await this.adapter.continueConversationAsync(this.options.appId, known, async (context) => {
        sent = (await context.sendActivity(activity))?.id;
      });
      return sent ? { activityId: sent } : {};
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
        await this.keep(identity, { ...reference, user: { id: objectId, aadObjectId: objectId, name: '' } });
        sent = (await context.sendActivity(activity))?.id;
      },
    );
    return sent ? { activityId: sent } : {};
  }

  /** Replaces a card sent before in the person's personal chat (the conversation kept for them). */
  async update(tenantId: string, objectId: string, activityId: string, card: Card, summary: string): Promise<void> {
    const known = (await this.services.platform.conversation(teamsIdentity(tenantId, objectId))) as Partial<ConversationReference> | null;
    if (!known || !this.options.serviceUrls.trusts(known.serviceUrl)) return;
    await this.adapter.continueConversationAsync(this.options.appId, known, async (context) => {
      await context.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), summary, id: activityId });
    });
  }
}
