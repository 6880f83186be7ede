import type { Person } from '../../src/domain/roles';
import type { Notification, Notifier } from '../../src/services/notifications';

/**
 * Private messages in the console: each person's DMs wait in their inbox until the person at
 * the keyboard switches to them. This is the console's stand-in for a chat platform.
 */
export class ConsoleInbox implements Notifier {
  private readonly messages = new Map<string, Notification[]>();

  constructor(private readonly onDelivered: (recipient: Person, notification: Notification) => void) {}

  async deliver(recipient: Person, notification: Notification): Promise<void> {
    this.messages.set(recipient._id, [...(this.messages.get(recipient._id) ?? []), notification]);
    this.onDelivered(recipient, notification);
  }

  /** What a terminal printed stays printed: the console says where nothing (it is never asked). */
  async settle(): Promise<void> {}

  count(personId: string): number {
    return this.messages.get(personId)?.length ?? 0;
  }

  /** Hands over the person's waiting messages and empties the inbox. */
  take(personId: string): Notification[] {
    const waiting = this.messages.get(personId) ?? [];
    this.messages.delete(personId);
    return waiting;
  }
}
