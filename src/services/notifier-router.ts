import type { Platform, Person } from '../domain/roles';
import { noMetrics, type FailureReason, type Metrics } from '../metrics';
import { PermanentDeliveryError, TransientDeliveryError, type Notification, type Notifier } from './notifications';

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

  async deliver(recipient: Person, notification: Notification): Promise<void> {
    for (const key of recipient.identityKeys) {
      const notifier = this.byPlatform.get(key.slice(0, key.indexOf(':')) as Platform);
      if (notifier) return this.counted(key.slice(0, key.indexOf(':')), notification.kind, () => notifier.deliver(recipient, notification));
    }
    throw new Error(`no running adapter can reach person ${recipient._id}`);
  }

  /** Each message counted by platform, kind and outcome (never by who or about what). */
  private async counted(platform: string, kind: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
      this.metrics.message(platform, kind, 'sent');
    } catch (error) {
      const reason: FailureReason = error instanceof PermanentDeliveryError ? 'permanent' : error instanceof TransientDeliveryError ? 'transient' : 'other';
      this.metrics.message(platform, kind, 'failed', reason);
      throw error;
    }
  }
}
