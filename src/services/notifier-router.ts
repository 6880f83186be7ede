import type { Platform, Person } from '../domain/roles';
import type { Notification, Notifier } from './notifications';

/**
 * Delivers each notification through the platform the recipient is known on. Adapters
 * register their Notifier when they start; the services only see this one port.
 */
export class NotifierRouter implements Notifier {
  private readonly byPlatform = new Map<Platform, Notifier>();

  register(platform: Platform, notifier: Notifier): void {
    this.byPlatform.set(platform, notifier);
  }

  async deliver(recipient: Person, notification: Notification): Promise<void> {
    for (const key of recipient.identityKeys) {
      const notifier = this.byPlatform.get(key.slice(0, key.indexOf(':')) as Platform);
      if (notifier) return notifier.deliver(recipient, notification);
    }
    throw new Error(`no running adapter can reach person ${recipient._id}`);
  }
}
