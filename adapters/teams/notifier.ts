import { notificationView } from '../../flows';
import { localize } from '../../flows/localize';
import type { Person } from '../../src/domain/roles';
import { PermanentDeliveryError, TransientDeliveryError, type MessageHandle, type Notification, type Notifier } from '../../src/services/notifications';
import { viewCard } from './cards/render';
import type { Conversations } from './conversations';
import { teamsUserOf } from './people';

/** Private messages on Teams: a proactive 1:1 card with the reference, risk and buttons only. */
export class TeamsNotifier implements Notifier {
  constructor(private readonly conversations: Conversations) {}

  async deliver(recipient: Person, notification: Notification): Promise<MessageHandle> {
    const user = teamsUserOf(recipient);
    if (!user) throw new Error(`person ${recipient._id} has no Teams identity`);
    const viewer = { locale: recipient.locale, timeZone: recipient.timeZone };
    const view = notificationView(notification);
    try {
      return await this.conversations.send(user.tenantId, user.objectId, viewCard(view, viewer), localize(view.title, viewer));
    } catch (error) {
      throw classify(error);
    }
  }

  /** The card, replaced in the chat: what was done, by whom and when; its buttons gone. */
  async settle(recipient: Person, message: MessageHandle, notification: Notification): Promise<void> {
    const user = teamsUserOf(recipient);
    if (!user || !message.activityId) return;
    const viewer = { locale: recipient.locale, timeZone: recipient.timeZone };
    const view = notificationView(notification);
    await this.conversations.update(user.tenantId, user.objectId, message.activityId, viewCard(view, viewer), localize(view.title, viewer));
  }
}

/**
 * Bot Connector failures: 403 (the app was removed, the user blocked it) and 404 (no such user
 * or conversation) will not mend; 429 says when to try again; the rest may pass.
 */
export function classify(error: unknown): Error {
  const failure = error as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined } }; message?: string };
  const status = failure.statusCode;
  if (status === 403 || status === 404) return new PermanentDeliveryError(`connector answered ${status}`);
  if (status === 429) {
    const retryAfter = Number(failure.response?.headers?.get?.('retry-after') ?? '');
    return new TransientDeliveryError('rate limited', Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 60_000);
  }
  return new TransientDeliveryError(status ? `connector answered ${status}` : (failure.message ?? 'unknown'));
}
