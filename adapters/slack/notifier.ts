import type { WebClient } from '@slack/web-api';
import { notificationView } from '../../flows';
import type { Person } from '../../src/domain/roles';
import type { Notification, Notifier } from '../../src/services/notifications';
import { fallbackText, viewBlocks } from './render/blocks';
import { SLACK_LIMITS } from './render/limits';
import { slackUserOf } from './people';

/** Private messages on Slack: a DM from the app, with the reference, risk and buttons only. */
export class SlackNotifier implements Notifier {
  constructor(private readonly client: () => WebClient) {}

  async deliver(recipient: Person, notification: Notification): Promise<void> {
    const user = slackUserOf(recipient);
    if (!user) throw new Error(`person ${recipient._id} has no Slack identity`);
    const viewer = { locale: recipient.locale, timeZone: recipient.timeZone };
    const view = notificationView(notification);
    await this.client().chat.postMessage({
      channel: user,
      text: fallbackText(view, viewer),
      blocks: viewBlocks(view, viewer, SLACK_LIMITS.messageBlocks),
      unfurl_links: false,
      unfurl_media: false,
    });
  }
}
