import type { WebClient } from '@slack/web-api';
import { notificationView } from '../../flows';
import type { Person } from '../../src/domain/roles';
import { PermanentDeliveryError, TransientDeliveryError, type Notification, type Notifier } from '../../src/services/notifications';
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
    try {
      await this.client().chat.postMessage({
        channel: user,
        text: fallbackText(view, viewer),
        blocks: viewBlocks(view, viewer, SLACK_LIMITS.messageBlocks),
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      throw classify(error);
    }
  }
}

/** Slack errors that retrying will not mend: the person is gone or cannot be written to. */
const PERMANENT = new Set(['user_not_found', 'channel_not_found', 'account_inactive', 'user_disabled', 'is_archived', 'cannot_dm_bot', 'not_in_channel']);

/** Turns a Web API failure into what the scheduler needs to know: try again (when), or not. */
export function classify(error: unknown): Error {
  const failure = error as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
  if (failure.code === 'slack_webapi_platform_error' && failure.data?.error && PERMANENT.has(failure.data.error)) {
    return new PermanentDeliveryError(failure.data.error);
  }
  if (failure.code === 'slack_webapi_rate_limited_error') return new TransientDeliveryError('rate limited', (failure.retryAfter ?? 60) * 1000);
  return new TransientDeliveryError(failure.data?.error ?? failure.code ?? failure.message ?? 'unknown');
}
