import type { WebClient } from '@slack/web-api';
import { notificationView } from '../../flows';
import type { Person } from '../../src/domain/roles';
import { PermanentDeliveryError, TransientDeliveryError, type MessageHandle, type Notification, type Notifier } from '../../src/services/notifications';
import { fallbackText, viewBlocks } from './render/blocks';
import { SLACK_LIMITS } from './render/limits';
import { slackProfile, slackUserOf } from './people';
import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';

/**
 * Private messages on Slack: a DM from the app, with the reference, risk and buttons only. A
 * person Amparo has never asked Slack about (named in the committees file, never written to
 * the app) is looked up first, so that even their first alert is in their language and time zone.
 */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly client: () => WebClient,
    private readonly services: Services,
    private readonly logger: Logger,
  ) {}

  async deliver(person: Person, notification: Notification): Promise<MessageHandle> {
    const user = slackUserOf(person);
    if (!user) throw new Error(`person ${person._id} has no Slack identity`);
    const recipient = person.profileCheckedAt === undefined ? await this.services.people.refreshOnce(person, () => slackProfile(this.client(), user, this.logger)).catch(() => person) : person;
    const viewer = { locale: recipient.locale, timeZone: recipient.timeZone };
    const view = notificationView(notification);
    try {
      const posted = await this.client().chat.postMessage({
        channel: user,
        text: fallbackText(view, viewer),
        blocks: viewBlocks(view, viewer, SLACK_LIMITS.messageBlocks),
        unfurl_links: false,
        unfurl_media: false,
      });
      return posted.channel && posted.ts ? { channel: posted.channel, ts: posted.ts } : {};
    } catch (error) {
      throw classify(error);
    }
  }

  /** The DM, updated in place: what was done, by whom and when; its buttons gone. */
  async settle(person: Person, message: MessageHandle, notification: Notification): Promise<void> {
    if (!message.channel || !message.ts) return;
    const viewer = { locale: person.locale, timeZone: person.timeZone };
    const view = notificationView(notification);
    await this.client().chat.update({ channel: message.channel, ts: message.ts, text: fallbackText(view, viewer), blocks: viewBlocks(view, viewer, SLACK_LIMITS.messageBlocks) });
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
