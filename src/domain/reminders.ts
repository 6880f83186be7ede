import type { Case } from './case';
import type { Committee, TreatyBody } from './committee';
import type { RoleAssignment } from './roles';

/**
 * Deadlines and what chases them (G8, G12, G14, G15, G19, G22). Pure: the planner says which
 * reminders a case or a committee should have; the scheduler stores and sends them.
 */
export const REMINDER_KINDS = [
  'assessment_due', // G12: to the rapporteurs, before the assessment target
  'assessment_overdue', // G12, G14: to the chair, when the target has passed
  'deadline_near', // G19: to the rapporteurs, before an approved action's deadline
  'deadline_passed', // G19: to the rapporteurs and the chair, the day after
  'decision_waiting', // G14: to the chair, when a proposal waits too long
  'term_ending', // G8: to the chair, before a rapporteur's term ends
  'session_report', // G15: to the rapporteurs, before a session
  'urgent', // G22: to the chair, again and again until someone acknowledges
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type ReminderAudience = 'rapporteur' | 'chair';

export const REMINDER_STATUSES = ['pending', 'sent', 'cancelled', 'acknowledged', 'snoozed', 'failed'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** One reminder to one person: each recipient has their own time zone and quiet hours. */
export interface Reminder {
  _id: string;
  /** What the reminder is about; acknowledging stops every reminder of the series. */
  series: string;
  kind: ReminderKind;
  recipientId: string;
  committee: TreatyBody;
  caseId?: string;
  reference?: string;
  proposalId?: string;
  proposalNumber?: number;
  /** The deadline or date the reminder speaks of (assessment target, action deadline, session). */
  about?: Date;
  dueAt: Date;
  /** Urgent reminders ignore quiet hours. */
  urgent: boolean;
  /** After sending, the next one follows this much later, until acknowledged (G22). */
  repeatEveryMs?: number;
  status: ReminderStatus;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: Date;
  sentAt?: Date;
  /** Where the platform shows the last one sent (opaque to all but its adapter), to settle it later. */
  message?: Record<string, string>;
  lastError?: string;
  createdAt: Date;
  version: number;
}

/** What the planner wants to exist; recipients are resolved by role when it is stored. */
export interface PlannedReminder {
  series: string;
  kind: ReminderKind;
  audiences: ReminderAudience[];
  /** Distinguishes occurrences within a series (e.g. 7 days before, 1 day before). */
  occurrence: string;
  dueAt: Date;
  about?: Date;
  urgent: boolean;
  repeatEveryMs?: number;
  proposalId?: string;
  proposalNumber?: number;
}

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/** The target date for the initial assessment (G12). */
export function assessmentTarget(c: Case, committee: Committee): Date {
  return new Date(c.createdAt.getTime() + committee.assessmentTargetDays * DAY);
}

/**
 * Every reminder a case should have now. What is resolved has none: an assessed case has no
 * assessment reminders, a decided proposal none for its decision, a closed case none at all.
 */
/** G22: the series of a case's urgent reminders, which acknowledging stops. */
export function urgentSeries(caseId: string): string {
  return `urgent:${caseId}`;
}

export function plannedForCase(c: Case, committee: Committee): PlannedReminder[] {
  if (c.status === 'closed') return [];
  const settings = committee.reminders;
  const planned: PlannedReminder[] = [];
  if (c.assessment?.outcome === undefined) {
    const target = assessmentTarget(c, committee);
    const series = `assessment:${c._id}`;
    planned.push(
      { series, kind: 'assessment_due', audiences: ['rapporteur'], occurrence: 'notice', dueAt: new Date(target.getTime() - settings.assessmentNoticeDays * DAY), about: target, urgent: false },
      { series, kind: 'assessment_overdue', audiences: ['chair'], occurrence: 'overdue', dueAt: target, about: target, urgent: false },
    );
  }
  if (c.urgent) {
    // G22: the first repeat comes one interval after the intake alert, then on and on.
    planned.push({ series: urgentSeries(c._id), kind: 'urgent', audiences: ['chair'], occurrence: 'first', dueAt: new Date(c.createdAt.getTime() + settings.urgentRepeatMinutes * MINUTE), urgent: true, repeatEveryMs: settings.urgentRepeatMinutes * MINUTE });
  }
  for (const p of c.proposals) {
    const proposal = { proposalId: p.id, proposalNumber: p.number };
    if (p.status === 'proposed') {
      planned.push({ series: `decision:${c._id}:${p.id}`, kind: 'decision_waiting', audiences: ['chair'], occurrence: 'wait', dueAt: new Date(p.proposedAt.getTime() + settings.decisionWaitDays * DAY), urgent: false, ...proposal });
    }
    if (p.status === 'approved' && p.dueAt && !p.completedAt) {
      const series = `deadline:${c._id}:${p.id}:${p.dueAt.toISOString()}`;
      for (const days of settings.deadlineNoticeDays) {
        planned.push({ series, kind: 'deadline_near', audiences: ['rapporteur'], occurrence: `${days}d`, dueAt: new Date(p.dueAt.getTime() - days * DAY), about: p.dueAt, urgent: false, ...proposal });
      }
      planned.push({ series, kind: 'deadline_passed', audiences: ['rapporteur', 'chair'], occurrence: 'passed', dueAt: new Date(p.dueAt.getTime() + DAY), about: p.dueAt, urgent: false, ...proposal });
    }
  }
  return planned;
}

/** G8: the chair hears before a rapporteur's term ends. */
export function plannedForTerm(assignment: RoleAssignment, personId: string, committee: Committee): PlannedReminder | undefined {
  if (assignment.role !== 'rapporteur' || !assignment.end) return undefined;
  return {
    series: `term:${personId}:${assignment.id}`,
    kind: 'term_ending',
    audiences: ['chair'],
    occurrence: assignment.end.toISOString(),
    dueAt: new Date(assignment.end.getTime() - committee.reminders.termNoticeDays * DAY),
    about: assignment.end,
    urgent: false,
  };
}

/** G15, G33: before each session, the rapporteurs prepare the progress report. */
export function plannedForSessions(committee: Committee): PlannedReminder[] {
  return committee.sessions.map((session) => {
    const start = new Date(`${session.start}T00:00:00Z`);
    return {
      series: `session:${committee._id}:${session.start}`,
      kind: 'session_report',
      audiences: ['rapporteur'],
      occurrence: session.start,
      dueAt: new Date(start.getTime() - committee.reminders.sessionNoticeDays * DAY),
      about: start,
      urgent: false,
    };
  });
}

export interface QuietHours {
  /** Local hour at which quiet begins (e.g. 20) and ends (e.g. 8). */
  start: number;
  end: number;
}

function localHour(at: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { hour: value('hour'), minute: value('minute') };
}

export function isQuiet(at: Date, timeZone: string, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  const { hour } = localHour(at, timeZone);
  return quiet.start > quiet.end ? hour >= quiet.start || hour < quiet.end : hour >= quiet.start && hour < quiet.end;
}

/**
 * The first moment at or after `at` outside the recipient's quiet hours, found minute by
 * minute across the boundary so that time zones and daylight saving need no special case.
 */
export function afterQuietHours(at: Date, timeZone: string, quiet: QuietHours): Date {
  if (!isQuiet(at, timeZone, quiet)) return at;
  const { minute } = localHour(at, timeZone);
  let probe = new Date(at.getTime() + (60 - minute) * MINUTE);
  probe.setUTCSeconds(0, 0);
  for (let hours = 0; hours < 26 && isQuiet(probe, timeZone, quiet); hours++) probe = new Date(probe.getTime() + 60 * MINUTE);
  return probe;
}
