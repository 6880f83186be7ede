import type { Person } from '../../src/domain/roles';
import type { Notification, Notifier } from '../../src/services/notifications';

/** Records every notification, as a platform simulator records every call. */
export class RecordingNotifier implements Notifier {
  readonly sent: Array<{ to: string; notification: Notification }> = [];
  failFor = new Set<string>();

  async deliver(recipient: Person, notification: Notification): Promise<void> {
    if (this.failFor.has(recipient._id)) throw new Error(`platform refused the message to ${recipient._id}`);
    this.sent.push({ to: recipient._id, notification });
  }

  to(personId: string): Notification[] {
    return this.sent.filter((s) => s.to === personId).map((s) => s.notification);
  }
}
