import { notificationView } from '../../flows';
import { localize } from '../../flows/localize';
import type { Person } from '../../src/domain/roles';
import type { Notification, Notifier } from '../../src/services/notifications';
import { viewCard } from './cards/render';
import type { Conversations } from './conversations';
import { teamsUserOf } from './people';

/** Private messages on Teams: a proactive 1:1 card with the reference, risk and buttons only. */
export class TeamsNotifier implements Notifier {
  constructor(private readonly conversations: Conversations) {}

  async deliver(recipient: Person, notification: Notification): Promise<void> {
    const user = teamsUserOf(recipient);
    if (!user) throw new Error(`person ${recipient._id} has no Teams identity`);
    const viewer = { locale: recipient.locale, timeZone: recipient.timeZone };
    const view = notificationView(notification);
    await this.conversations.send(user.tenantId, user.objectId, viewCard(view, viewer), localize(view.title, viewer));
  }
}
