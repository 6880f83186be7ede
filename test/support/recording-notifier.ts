import type { Person } from '../../src/domain/roles';
import type { MessageHandle, Notification, Notifier } from '../../src/services/notifications';

/** Records every notification, as a platform simulator records every call. */
export class RecordingNotifier implements Notifier {
  readonly sent: Array<{ to: string; notification: Notification }> = [];
  failFor = new Set<string>();

  /** Messages brought up to date: which one (by its place in `sent`), for whom, and how it now reads. */
  readonly settled: Array<{ to: string; message: number; notification: Notification }> = [];

  async deliver(recipient: Person, notification: Notification): Promise<MessageHandle> {
    if (this.failFor.has(recipient._id)) throw new Error(`platform refused the message to ${recipient._id}`);
    this.sent.push({ to: recipient._id, notification });
    return { message: String(this.sent.length - 1) };
  }

  async settle(recipient: Person, message: MessageHandle, notification: Notification): Promise<void> {
    this.settled.push({ to: recipient._id, message: Number(message.message), notification });
  }

  to(personId: string): Notification[] {
    return this.sent.filter((s) => s.to === personId).map((s) => s.notification);
  }
}
