import type { Case } from './case';
import type { Committee, TreatyBody } from './committee';
import { isActive, type RoleAssignment } from './roles';

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
  'contact_due', // G13: to the rapporteurs, on the day the next contact with the person is due
  'contact_overdue', // G13: to the rapporteurs a week later, and the chair on a case at high risk
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type ReminderAudience = 'rapporteur' | 'chair';

/** Who each kind of reminder speaks to: the one rule, for planning a reminder and for sending it. */
export const REMINDER_AUDIENCES: Readonly<Record<ReminderKind, readonly ReminderAudience[]>> = {
  assessment_due: ['rapporteur'],
  assessment_overdue: ['chair'],
  deadline_near: ['rapporteur'],
  deadline_passed: ['rapporteur', 'chair'],
  decision_waiting: ['chair'],
  term_ending: ['chair'],
  session_report: ['rapporteur'],
  urgent: ['chair'],
  contact_due: ['rapporteur'],
  // The chair only on a case at high risk (`contactReminders` leaves the chair out otherwise).
  contact_overdue: ['rapporteur', 'chair'],
};

/**
 * What a reminder is about, which acknowledging stops for everyone. Each is written and read
 * only here: `assessment:<case>`, `urgent:<case>`, `decision:<case>:<proposal>`,
 * `deadline:<case>:<proposal>:<deadline>` (a moved deadline is a new series), `term:<person>:<assignment>`,
 * `session:<committee>:<start day>`, `contact:<case>:<day>` (a contact planned for another day is a new series).
 */
export type ReminderSeries =
  | `assessment:${string}`
  | `urgent:${string}`
  | `decision:${string}:${string}`
  | `deadline:${string}:${string}:${string}`
  | `term:${string}:${string}`
  | `session:${string}:${string}`
  | `contact:${string}:${string}`;

function assessmentSeries(caseId: string): ReminderSeries {
  return `assessment:${caseId}`;
}

/** G22: the series of a case's urgent reminders, which acknowledging stops. */
export function urgentSeries(caseId: string): ReminderSeries {
  return `urgent:${caseId}`;
}

function decisionSeries(caseId: string, proposalId: string): ReminderSeries {
  return `decision:${caseId}:${proposalId}`;
}

function deadlineSeries(caseId: string, proposalId: string, dueAt: Date): ReminderSeries {
  return `deadline:${caseId}:${proposalId}:${dueAt.toISOString()}`;
}

export function termSeries(personId: string, assignmentId: string): ReminderSeries {
  return `term:${personId}:${assignmentId}`;
}

function sessionSeries(committee: TreatyBody, start: string): ReminderSeries {
  return `session:${committee}:${start}`;
}

function contactSeries(caseId: string, due: Date): ReminderSeries {
  return `contact:${caseId}:${due.toISOString().slice(0, 10)}`;
}

/** The person and role term a `term:` series is about; undefined for any other series. */
export function termOfSeries(series: string): { personId: string; assignmentId: string } | undefined {
  const [kind, personId, assignmentId, ...rest] = series.split(':');
  return kind === 'term' && personId && assignmentId && rest.length === 0 ? { personId, assignmentId } : undefined;
}

const REMINDER_STATUSES = ['pending', 'sent', 'cancelled', 'acknowledged', 'snoozed', 'failed'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** One reminder to one person: each recipient has their own time zone and quiet hours. */
export interface Reminder {
  _id: string;
  /** What the reminder is about; acknowledging stops every reminder of the series. */
  series: ReminderSeries;
  kind: ReminderKind;
  /**
   * Whom it speaks to, stored when it is planned. Absent from reminders planned by an earlier
   * version, which speak to their kind's (`audiencesOf`).
   */
  audiences?: ReminderAudience[];
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
  series: ReminderSeries;
  kind: ReminderKind;
  audiences: ReminderAudience[];
  /** G12: the rapporteur audience is this person alone, the case's lead (`leadFirst`). */
  lead?: string;
  /** Distinguishes occurrences within a series (e.g. 7 days before, 1 day before). */
  occurrence: string;
  dueAt: Date;
  /** `dueAt` is a calendar day (midnight UTC), due when that day begins where each recipient is (`dueFor`). */
  onDay?: true;
  about?: Date;
  urgent: boolean;
  repeatEveryMs?: number;
  proposalId?: string;
  proposalNumber?: number;
}

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/** The target date for the initial assessment (G12). */
function assessmentTarget(c: Case, committee: Committee): Date {
  return new Date(c.createdAt.getTime() + committee.assessmentTargetDays * DAY);
}

function audiencesOf(reminder: Pick<Reminder, 'kind' | 'audiences'>): readonly ReminderAudience[] {
  return reminder.audiences ?? REMINDER_AUDIENCES[reminder.kind];
}

/** Whether the recipient still holds, in the reminder's committee, a role it speaks to. */
export function stillConcerned(reminder: Pick<Reminder, 'kind' | 'audiences' | 'committee'>, roles: readonly RoleAssignment[], at: Date): boolean {
  const audiences: readonly string[] = audiencesOf(reminder);
  return roles.some((r) => r.committee === reminder.committee && audiences.includes(r.role) && isActive(r, at));
}

/**
 * Every reminder a case should have now. What is resolved has none: an assessed case has no
 * assessment reminders, a decided proposal none for its decision, a closed case none at all.
 */
export function plannedForCase(c: Case, committee: Committee): PlannedReminder[] {
  if (c.status === 'closed') return [];
  const settings = committee.reminders;
  const planned: PlannedReminder[] = [];
  if (c.assessment?.outcome === undefined) {
    const target = assessmentTarget(c, committee);
    const series = assessmentSeries(c._id);
    planned.push(
      { series, kind: 'assessment_due', audiences: [...REMINDER_AUDIENCES.assessment_due], occurrence: 'notice', dueAt: new Date(target.getTime() - settings.assessmentNoticeDays * DAY), about: target, urgent: false },
      { series, kind: 'assessment_overdue', audiences: [...REMINDER_AUDIENCES.assessment_overdue], occurrence: 'overdue', dueAt: target, about: target, urgent: false },
    );
  }
  if (c.urgent) {
    // G22: the first repeat comes one interval after the intake alert, then on and on.
    planned.push({ series: urgentSeries(c._id), kind: 'urgent', audiences: [...REMINDER_AUDIENCES.urgent], occurrence: 'first', dueAt: new Date(c.createdAt.getTime() + settings.urgentRepeatMinutes * MINUTE), urgent: true, repeatEveryMs: settings.urgentRepeatMinutes * MINUTE });
  }
  for (const p of c.proposals) {
    const proposal = { proposalId: p.id, proposalNumber: p.number };
    if (p.status === 'proposed') {
      planned.push({ series: decisionSeries(c._id, p.id), kind: 'decision_waiting', audiences: [...REMINDER_AUDIENCES.decision_waiting], occurrence: 'wait', dueAt: new Date(p.proposedAt.getTime() + settings.decisionWaitDays * DAY), urgent: false, ...proposal });
    }
    if (p.status === 'approved' && p.dueAt && !p.completedAt) {
      const series = deadlineSeries(c._id, p.id, p.dueAt);
      for (const days of settings.deadlineNoticeDays) {
        planned.push({ series, kind: 'deadline_near', audiences: [...REMINDER_AUDIENCES.deadline_near], occurrence: `${days}d`, dueAt: new Date(p.dueAt.getTime() - days * DAY), about: p.dueAt, urgent: false, ...proposal });
      }
      planned.push({ series, kind: 'deadline_passed', audiences: [...REMINDER_AUDIENCES.deadline_passed], occurrence: 'passed', dueAt: new Date(p.dueAt.getTime() + DAY), about: p.dueAt, urgent: false, ...proposal });
    }
  }
  if (c.nextContactDue) planned.push(...contactReminders(c, c.nextContactDue));
  return leadFirst(c, planned);
}

/** How long a planned contact may be missed before the chair of a case at high risk hears of it, and how often it comes back. */
const CONTACT_OVERDUE_MS = 7 * DAY;

/**
 * G13: keep contact with the person at risk. On the day the latest contact planned, the
 * rapporteurs are reminded; a week later, with no new contact recorded, again (the chair too
 * when the case is at high risk or urgent), and every week after until someone records a contact
 * or acknowledges. Recording a contact plans another day (a new series) or none: the series
 * before it is cancelled. Only the day and the reference: never what a contact said.
 */
function contactReminders(c: Case, due: Date): PlannedReminder[] {
  const series = contactSeries(c._id, due);
  const atRisk = c.riskLevel === 'high' || c.urgent;
  const overdue = REMINDER_AUDIENCES.contact_overdue.filter((audience) => atRisk || audience !== 'chair');
  return [
    { series, kind: 'contact_due', audiences: [...REMINDER_AUDIENCES.contact_due], occurrence: 'due', dueAt: due, onDay: true, about: due, urgent: false },
    { series, kind: 'contact_overdue', audiences: overdue, occurrence: 'overdue', dueAt: new Date(due.getTime() + CONTACT_OVERDUE_MS), onDay: true, about: due, urgent: false, repeatEveryMs: CONTACT_OVERDUE_MS },
  ];
}

/**
 * G12: reminders go to the lead first. On a case with a lead, the first reminder of each
 * assessment, decision, deadline or contact series that speaks to the rapporteurs speaks to the
 * lead alone; every later one of the series (the matter was not acted on) speaks to every
 * rapporteur and the chair. Without a lead, each kind speaks to its audiences. The urgent
 * series (G22) is the chair's and is left as it is; a missed contact (G13) reaches the chair
 * only on a case at high risk, as `contactReminders` says, lead or not.
 */
function leadFirst(c: Case, planned: PlannedReminder[]): PlannedReminder[] {
  const lead = c.lead?.personId;
  if (lead === undefined) return planned;
  const first = new Map<string, PlannedReminder>();
  for (const p of planned) {
    const before = first.get(p.series);
    if (before === undefined || p.dueAt.getTime() < before.dueAt.getTime()) first.set(p.series, p);
  }
  return planned.map((p) => {
    if (p.kind === 'urgent') return p;
    if (first.get(p.series) === p) return p.audiences.includes('rapporteur') ? { ...p, lead } : p;
    const widened: ReminderAudience[] = p.kind === 'contact_overdue' ? ['rapporteur'] : ['rapporteur', 'chair'];
    return { ...p, audiences: [...new Set<ReminderAudience>([...p.audiences, ...widened])] };
  });
}

/** Whether a planned reminder goes to this person, who holds `roles` in its committee now. */
export function reaches(planned: Pick<PlannedReminder, 'audiences' | 'lead'>, personId: string, roles: ReadonlySet<string>): boolean {
  return planned.audiences.some((audience) => roles.has(audience) && (audience !== 'rapporteur' || planned.lead === undefined || planned.lead === personId));
}

/**
 * Who among the people serving the committee a planned reminder goes to. A lead who no longer
 * serves as a rapporteur (their term ended) would leave a first reminder meant for them alone
 * with nobody: it goes to every rapporteur instead.
 */
export function recipientsOf<P extends { person: { _id: string }; roles: ReadonlySet<string> }>(planned: Pick<PlannedReminder, 'audiences' | 'lead'>, serving: readonly P[]): P[] {
  const leadServes = planned.lead !== undefined && serving.some(({ person, roles }) => person._id === planned.lead && roles.has('rapporteur'));
  const effective = leadServes ? planned : { audiences: planned.audiences };
  return serving.filter(({ person, roles }) => reaches(effective, person._id, roles));
}

/** G8: the chair hears before a rapporteur's term ends. */
export function plannedForTerm(assignment: RoleAssignment, personId: string, committee: Committee): PlannedReminder | undefined {
  if (assignment.role !== 'rapporteur' || !assignment.end) return undefined;
  return {
    series: termSeries(personId, assignment.id),
    kind: 'term_ending',
    audiences: [...REMINDER_AUDIENCES.term_ending],
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
      series: sessionSeries(committee._id, session.start),
      kind: 'session_report',
      audiences: [...REMINDER_AUDIENCES.session_report],
      occurrence: session.start,
      dueAt: new Date(start.getTime() - committee.reminders.sessionNoticeDays * DAY),
      about: start,
      urgent: false,
    };
  });
}

/**
 * When a planned reminder falls due for one recipient: at its moment, or, for a calendar day
 * (`onDay`: a contact planned for a day typed where the rapporteur is, G13), when that day begins
 * in the recipient's time zone, so that nobody west of UTC hears of it the evening before.
 */
export function dueFor(planned: Pick<PlannedReminder, 'dueAt' | 'onDay'>, timeZone: string): Date {
  if (!planned.onDay) return planned.dueAt;
  const midnight = planned.dueAt.getTime();
  // The zone's offset read at the guess, then again at the result, across a change of daylight saving.
  const first = midnight - utcOffsetMs(new Date(midnight), timeZone);
  return new Date(midnight - utcOffsetMs(new Date(first), timeZone));
}

/** How far ahead of UTC the wall clock of a time zone is at a moment. */
function utcOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const wall = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
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
