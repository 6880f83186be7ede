import type { ActionTypeId } from '../domain/actions';
import type { Case, Verdict } from '../domain/case';
import type { ReminderKind } from '../domain/reminders';
import type { TreatyBody } from '../domain/committee';
import type { Person } from '../domain/roles';
import type { Logger } from '../logger';
import type { RegisterService } from './register';

/**
 * What Amparo tells a person privately. It names the case by reference and carries its risk
 * level and urgency, never a detail of the allegation (DESIGN.md, "Confidentiality rules");
 * each adapter renders it as a DM with buttons.
 */
export const NOTIFICATION_KINDS = [
  'allegation.alert',
  'consultation.request',
  'assessment.completed',
  'proposal.awaiting_decision',
  'proposal.decided',
  'proposal.withdrawn',
  'reminder',
  'reminder.undeliverable',
  'referral.request', // G16: another committee's rapporteurs ask for support
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type Audience = 'rapporteur' | 'chair' | 'country_rapporteur' | 'security_focal_point';

export interface Notification {
  kind: NotificationKind;
  audience: Audience;
  /** Absent for reminders about no case (a term ending, a session coming). */
  caseId?: string;
  reference?: string;
  committee: TreatyBody;
  riskLevel?: Case['riskLevel'];
  urgent: boolean;
  /** G22: how to reach UN security, for urgent alerts. */
  securityContact?: string;
  proposal?: { id: string; number: number; type?: ActionTypeId; verdict?: Verdict; decidedBy?: string };
  /** G16: which referral of the case, for its button; `committee` is the committee asking. */
  referral?: { number: number; to: TreatyBody };
  /** For reminders: which one (for its buttons), of what kind, about which date. */
  reminder?: { id: string; kind: ReminderKind; about?: Date; recipientName?: string };
}

/** A failure that retrying will not mend (the person left the workspace, the bot was removed). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** A failure to retry, at the earliest after `retryAfterMs` when the platform says so (429). */
export class TransientDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}

/** The port each adapter implements; it throws when the platform refuses the message. */
export interface Notifier {
  deliver(recipient: Person, notification: Notification): Promise<void>;
}

export interface Recipient {
  person: Person;
  audience: Audience;
}

export class NotificationService {
  constructor(
    private readonly notifier: Notifier,
    private readonly register: RegisterService,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends to everyone at once; one recipient's failure never stops the others. The register
   * records who was told and whose message failed.
   */
  async send(recipients: Recipient[], base: Omit<Notification, 'audience'> & { caseId: string }, at: Date, actorId: string): Promise<{ failed: string[] }> {
    const results = await Promise.allSettled(
      recipients.map(({ person, audience }) => this.notifier.deliver(person, { ...base, audience })),
    );
    const failed: string[] = [];
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        const personId = (recipients[index] as Recipient).person._id;
        failed.push(personId);
        this.logger.warn({ reference: base.reference, kind: base.kind, personId, err: errorSummary(result.reason) }, 'notification failed');
      }
    });
    await this.register.record(base.caseId, at, actorId, 'notification.sent', {
      kind: base.kind,
      recipients: recipients.map((r) => r.person._id),
      failed,
    });
    return { failed };
  }
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
