import { platformOf } from '../domain/identity';
import type { Platform, Person } from '../domain/roles';
import { noMetrics, type FailureReason, type Metrics } from '../metrics';
import { PermanentDeliveryError, TransientDeliveryError, type MessageHandle, type Notification, type Notifier } from './notifications';

/**
 * Delivers each notification through the platform the recipient is known on. Adapters
 * register their Notifier when they start; the services only see this one port.
 */
export class NotifierRouter implements Notifier {
  private readonly byPlatform = new Map<Platform, Notifier>();

  constructor(private readonly metrics: Metrics = noMetrics) {}

  register(platform: Platform, notifier: Notifier): void {
    this.byPlatform.set(platform, notifier);
  }

  async deliver(recipient: Person, notification: Notification): Promise<MessageHandle | void> {
    for (const key of recipient.identityKeys) {
      const platform = platformOf(key);
      const notifier = platform && this.byPlatform.get(platform);
      if (!platform || !notifier) continue;
      const handle = await this.counted(platform, notification.kind, () => notifier.deliver(recipient, notification));
      // Where it is shown, with the platform that shows it, so that it can be settled there later.
      return handle ? { ...handle, platform } : undefined;
    }
    throw new Error(`no running adapter can reach person ${recipient._id}`);
  }

  async settle(recipient: Person, message: MessageHandle, notification: Notification): Promise<void> {
    const notifier = message.platform ? this.byPlatform.get(message.platform as Platform) : undefined;
    if (notifier) await notifier.settle(recipient, message, notification);
  }

  /** Each message counted by platform, kind and outcome (never by who or about what). */
  private async counted(platform: string, kind: string, send: () => Promise<MessageHandle | void>): Promise<MessageHandle | void> {
    try {
      const handle = await send();
      this.metrics.message(platform, kind, 'sent');
      return handle;
    } catch (error) {
      const reason: FailureReason = error instanceof PermanentDeliveryError ? 'permanent' : error instanceof TransientDeliveryError ? 'transient' : 'other';
      this.metrics.message(platform, kind, 'failed', reason);
      throw error;
    }
  }
}
