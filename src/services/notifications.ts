import type { ActionTypeId } from '../domain/actions';
import type { InformationRole } from '../domain/case-information';
import type { Case, Decision, Verdict } from '../domain/case';
import { noticeKey, noticePrefix, parseNoticeKey, type NoticeKey } from '../domain/delivery-key';
import type { ReminderKind } from '../domain/reminders';
import type { TreatyBody } from '../domain/committee';
import type { Person } from '../domain/roles';
import type { Logger } from '../logger';
import type { Clock } from '../clock';
import type { Store } from '../store/store';
import type { RegisterService } from './register';

/**
 * What Amparo tells a person privately. It names the case by reference and carries its risk
 * level and urgency, never a detail of the allegation (docs/ARCHITECTURE.md, "Confidentiality rules");
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
  'referral.narrowed', // G5e: the consent now lets a referral show less
  'information.added', // G10: new information on a case, never its content
  'lead.assigned', // G12: the lead on a case was given to this rapporteur
  'lead.released', // G12: the lead this rapporteur held was given to another
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
  /** G10: information added to the case: in which role, whether it reports a new incident, whether the case is closed (it may be reopened). */
  information?: { addedAs: InformationRole; newIncident: boolean; closed: boolean };
  /** G12: the alert offers to take the lead (two or more rapporteurs); the lead was given by `givenBy`. */
  lead?: { offered: true } | { givenBy: string; to?: string };
  /** For reminders: which one (for its buttons), of what kind, about which date. */
  reminder?: { id: string; kind: ReminderKind; about?: Date; recipientName?: string };
  /**
   * Set when a message already shown is brought up to date: the matter was acknowledged or
   * decided, by whom and when; it then shows that, and no button.
   */
  settled?: { how: 'acknowledged'; by: string; at: Date } | { how: 'decided'; decision: Omit<Decision, 'note' | 'by'>; dueAt?: Date } | LeadSettled;
}

/** G12: an alert brought up to date once a rapporteur leads on the case: who, since when; its other buttons stay. */
type LeadSettled = { how: 'led'; by: string; at: Date };

/** Where a platform shows a message it delivered (a Slack channel and timestamp, a Teams activity): opaque outside its adapter. */
export type MessageHandle = Record<string, string>;

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
  /** Sends it; says where it is shown, when the platform lets the message be changed later. */
  deliver(recipient: Person, notification: Notification): Promise<MessageHandle | void>;
  /** Replaces a message delivered before by its settled form (`notification.settled`), buttons gone. */
  settle(recipient: Person, message: MessageHandle, notification: Notification): Promise<void>;
}

export interface Recipient {
  person: Person;
  audience: Audience;
}

export interface NotificationDeps {
  notifier: Notifier;
  register: RegisterService;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** How long a claim on a message being sent holds before another process may send it. */
  claimMs: number;
}

/** One message to one person about one thing, whoever sends it (`noticeKey`). */
function deliveryKey(caseId: string, kind: NotificationKind, occurrence: string, personId: string): NoticeKey {
  return noticeKey(caseId, kind, occurrence, personId);
}

export interface SendResult {
  /** Who was claimed here and could not be reached (the register says so too). */
  failed: string[];
  /**
   * Every recipient was handled: told here or by another sender, or refused for good (the
   * person left the workspace). False while one may still be told.
   */
  settled: boolean;
}

export class NotificationService {
  constructor(private readonly deps: NotificationDeps) {}

  /**
   * Brings up to date the messages already shown of a notice about a case (those whose occurrence `about` accepts):
   * each becomes its settled form, buttons gone (an alert that says who leads keeps its others), as `settled`
   * says, or says for its recipient. Best effort: a message that cannot be changed
   * any more stays as it was, and nothing else fails for it.
   */
  async settle(caseId: string, kind: NotificationKind, about: (occurrence: string) => boolean, settled: Notification | ((person: Person) => Notification)): Promise<number> {
    const { store, notifier, logger } = this.deps;
    let changed = 0;
    const prefix = noticePrefix(caseId, kind);
    for (const { key, message } of await store.deliveredMessages(prefix)) {
      const notice = parseNoticeKey(key, prefix);
      if (!notice || !about(notice.occurrence)) continue;
      const person = await store.getPerson(notice.personId);
      if (!person) continue;
      await notifier.settle(person, message, typeof settled === 'function' ? settled(person) : settled).then(
        () => (changed += 1),
        (error: unknown) => logger.warn({ kind, err: errorSummary(error) }, 'a message could not be brought up to date'),
      );
    }
    return changed;
  }

  /**
   * Sends one message that is not a notice about a case (a receipt, say) at most once under
   * `key`, however often this is called, by whichever process: claimed first, marked once sent.
   * False when it went (or is going) out already.
   */
  async once(key: string, send: () => Promise<unknown>): Promise<boolean> {
    const { store, clock, claimMs } = this.deps;
    const at = clock.now();
    const { claimed } = await store.claimDeliveries([key], at, new Date(at.getTime() - claimMs));
    if (claimed.length === 0) return false;
    await send();
    await store.markDelivered(claimed, at);
    return true;
  }

  /**
   * Sends to everyone at once; one recipient's failure never stops the others. Each message is
   * claimed before it is sent (`occurrence` names what it is about: the same notice sent twice,
   * by a retry, a double click or another process, goes out once). The register records who
   * was told and whose message failed.
   */
  async send(recipients: Recipient[], base: Omit<Notification, 'audience'> & { caseId: string }, at: Date, actorId: string, occurrence: string): Promise<SendResult> {
    const { notifier, store, register, logger, claimMs } = this.deps;
    const keyOf = (recipient: Recipient) => deliveryKey(base.caseId, base.kind, occurrence, recipient.person._id);
    const claims = await store.claimDeliveries(recipients.map(keyOf), at, new Date(at.getTime() - claimMs));
    const claimed = new Set(claims.claimed);
    const mine = recipients.filter((recipient) => claimed.has(keyOf(recipient)));
    // Claimed by another sender that has not finished yet: not settled here.
    const elsewhere = recipients.length - mine.length - claims.sent.length;
    if (mine.length === 0) return { failed: [], settled: elsewhere === 0 };
    const results = await Promise.allSettled(mine.map(({ person, audience }) => notifier.deliver(person, { ...base, audience })));
    const failed: string[] = [];
    const delivered: string[] = [];
    const shown: Record<string, MessageHandle> = {};
    let retryable = 0;
    results.forEach((result, index) => {
      const recipient = mine[index] as Recipient;
      if (result.status === 'fulfilled') {
        delivered.push(keyOf(recipient));
        if (result.value) shown[keyOf(recipient)] = result.value;
      }
      else {
        failed.push(recipient.person._id);
        // A refusal that retrying will not mend is final; any other failure is tried again
        // once the claim lapses (for an alert: by the next sweep tick).
        if (!(result.reason instanceof PermanentDeliveryError)) retryable += 1;
        logger.warn({ reference: base.reference, kind: base.kind, personId: recipient.person._id, err: errorSummary(result.reason) }, 'notification failed');
      }
    });
    await store.markDelivered(delivered, at, shown);
    await register.record(base.caseId, at, actorId, 'notification.sent', {
      kind: base.kind,
      recipients: mine.map((r) => r.person._id),
      failed,
    });
    return { failed, settled: elsewhere === 0 && retryable === 0 };
  }
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
