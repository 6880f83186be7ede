import { ACTION_TYPE_IDS, type ActionTypeId } from './actions';
import { CHANNELS, PERPETRATOR_KINDS, YES_NO_UNKNOWN } from './allegation';
import { CASE_STATUSES, consentGiven, OUTCOMES, type Case, type Sealed } from './case';
import type { TreatyBody } from './committee';
import { recordedIn, type GoodPractice } from './practices';
import type { RegisterEvent } from './register';

/**
 * The rapporteurs' progress report (G15, G32): what a committee received in a period and what
 * became of it, in counts and medians only. No identity, text or reference appears; the
 * breakdown by State party merges cells smaller than a threshold unless the chair asks
 * otherwise, so that a rare State does not point at a person.
 */
const DEFAULT_SMALL_CELL = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The period a report covers: cases received from `from` (inclusive) to `to` (exclusive). */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

export interface ReportOptions {
  /** Cells of the State-party breakdown below this are merged (G11). */
  smallCell?: number;
  /** The chair's override: show every State party, however few its cases. */
  showSmallCells?: boolean;
}

export type Counts<K extends string> = Record<K, number>;

interface ActionTally {
  type: ActionTypeId;
  proposed: number;
  approved: number;
  declined: number;
  completed: number;
}

export interface ProgressReport {
  committee: TreatyBody;
  period: ReportPeriod;
  generatedAt: Date;
  received: number;
  urgent: number;
  byStatus: Counts<(typeof CASE_STATUSES)[number]>;
  byOutcome: Counts<(typeof OUTCOMES)[number] | 'not_assessed'>;
  byChannel: Counts<(typeof CHANNELS)[number]>;
  byPerpetrator: Counts<(typeof PERPETRATOR_KINDS)[number]>;
  byGenderRisk: Counts<(typeof YES_NO_UNKNOWN)[number]>;
  /** Each State party with at least `smallCell` cases, most first; the rest counted together. */
  byStateParty: { rows: Array<{ stateParty: string; count: number }>; merged: number; mergedStates: number; smallCell: number | null };
  actions: ActionTally[];
  /** Median days from intake; null when no case got that far. */
  medianDays: { acknowledged: number | null; assessed: number | null; decided: number | null };
  /** Approved actions with a deadline: done in time, done late or overdue, not yet due. */
  deadlines: { met: number; missed: number; open: number };
  /** Approved actions not yet done. */
  pendingFollowUps: number;
  /** Cases received each month of the period (`YYYY-MM`), by outcome. */
  perMonth: Array<{ month: string; byOutcome: ProgressReport['byOutcome'] }>;
  /** G13: contacts with the people at risk recorded on these cases, and on how many cases; never what was said. */
  contacts: { recorded: number; cases: number };
  /** G17: good practices the committee's rapporteurs recorded in the period, oldest first; never who. */
  practices: { recorded: number; rows: Array<{ title: string; tags: string[]; recordedAt: Date }> };
}

/** What a case must carry into a report: itself and its register. */
export interface ReportedCase {
  case: Case;
  events: RegisterEvent[];
}

function zeroes<K extends string>(keys: readonly K[]): Counts<K> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Counts<K>;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}

const days = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS;

/** The first sign that someone responsible took the alert up: opening the case, starting its assessment, or acknowledging its alert. */
const ACKNOWLEDGING = new Set(['case.opened', 'assessment.started', 'reminder.acknowledged']);

function acknowledgedAt({ case: c, events }: ReportedCase): Date | undefined {
  return events.find((e) => ACKNOWLEDGING.has(e.type) && e.actorId !== c.reporterId && e.actorId !== 'system')?.at;
}

function firstDecisionAt(c: Case): Date | undefined {
  const decided = c.proposals.flatMap((p) => (p.decision ? [p.decision.at.getTime()] : []));
  return decided.length > 0 ? new Date(Math.min(...decided)) : undefined;
}

function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), 1));
  while (cursor < period.to) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

export function inPeriod(c: Case, period: ReportPeriod): boolean {
  return c.createdAt >= period.from && c.createdAt < period.to;
}

export function progressReport(
  committee: TreatyBody,
  period: ReportPeriod,
  reported: ReportedCase[],
  now: Date,
  options: ReportOptions = {},
  practices: readonly GoodPractice[] = [],
): ProgressReport {
  const cases = reported.filter((r) => r.case.committee === committee && inPeriod(r.case, period));
  const recorded = practices
    .filter((p) => p.committee === committee && recordedIn(p, period))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((p) => ({ title: p.title, tags: [...p.tags], recordedAt: p.createdAt }));
  const outcomeKeys = [...OUTCOMES, 'not_assessed'] as const;
  const report: ProgressReport = {
    committee,
    period,
    generatedAt: now,
    received: cases.length,
    urgent: 0,
    byStatus: zeroes(CASE_STATUSES),
    byOutcome: zeroes(outcomeKeys),
    byChannel: zeroes(CHANNELS),
    byPerpetrator: zeroes(PERPETRATOR_KINDS),
    byGenderRisk: zeroes(YES_NO_UNKNOWN),
    byStateParty: { rows: [], merged: 0, mergedStates: 0, smallCell: smallCellOf(options) },
    actions: ACTION_TYPE_IDS.map((type) => ({ type, proposed: 0, approved: 0, declined: 0, completed: 0 })),
    medianDays: { acknowledged: null, assessed: null, decided: null },
    deadlines: { met: 0, missed: 0, open: 0 },
    pendingFollowUps: 0,
    perMonth: monthsOf(period).map((month) => ({ month, byOutcome: zeroes(outcomeKeys) })),
    contacts: { recorded: 0, cases: 0 },
    practices: { recorded: recorded.length, rows: recorded },
  };
  const states = new Map<string, number>();
  const durations = { acknowledged: [] as number[], assessed: [] as number[], decided: [] as number[] };
  for (const r of cases) {
    const c = r.case;
    const outcome = c.assessment?.outcome ?? 'not_assessed';
    if (c.urgent) report.urgent += 1;
    report.byStatus[c.status] += 1;
    report.byOutcome[outcome] += 1;
    report.byChannel[c.channel] += 1;
    report.byPerpetrator[c.perpetrator] += 1;
    report.byGenderRisk[c.genderRisk] += 1;
    states.set(c.stateParty, (states.get(c.stateParty) ?? 0) + 1);
    const month = report.perMonth.find((m) => m.month === c.createdAt.toISOString().slice(0, 7));
    if (month) month.byOutcome[outcome] += 1;

    const acknowledged = acknowledgedAt(r);
    if (acknowledged) durations.acknowledged.push(days(c.createdAt, acknowledged));
    if (c.assessment?.assessedAt) durations.assessed.push(days(c.createdAt, c.assessment.assessedAt));
    const decided = firstDecisionAt(c);
    if (decided) durations.decided.push(days(c.createdAt, decided));
    const contacts = r.events.filter((e) => e.type === 'contact.recorded').length;
    report.contacts.recorded += contacts;
    if (contacts > 0) report.contacts.cases += 1;

    for (const p of c.proposals) {
      const tally = report.actions.find((a) => a.type === p.type) as ActionTally;
      tally.proposed += 1;
      if (p.decision?.verdict === 'approved') tally.approved += 1;
      if (p.decision?.verdict === 'declined') tally.declined += 1;
      if (p.completedAt) tally.completed += 1;
      if (p.status !== 'approved') continue;
      if (!p.completedAt) report.pendingFollowUps += 1;
      if (!p.dueAt) continue;
      if (p.completedAt) report.deadlines[p.completedAt <= p.dueAt ? 'met' : 'missed'] += 1;
      else report.deadlines[p.dueAt < now ? 'missed' : 'open'] += 1;
    }
  }
  report.medianDays = { acknowledged: median(durations.acknowledged), assessed: median(durations.assessed), decided: median(durations.decided) };
  const { kept, small } = smallCells(states, (count) => count, report.byStateParty.smallCell);
  report.byStateParty.rows = kept.map(([stateParty, count]) => ({ stateParty, count }));
  report.byStateParty.merged = small.reduce((sum, count) => sum + count, 0);
  report.byStateParty.mergedStates = small.length;
  return report;
}

/** The small-cell threshold a report applies: none when the chair asked to show every State party. */
export function smallCellOf(options: ReportOptions): number | null {
  return options.showSmallCells ? null : (options.smallCell ?? DEFAULT_SMALL_CELL);
}

/**
 * G11: groups by State party, most cases first, split into those shown and those merged into
 * one line because they count fewer than `threshold` cases (none when it is null), so that a
 * rare State does not point at a person.
 */
export function smallCells<T>(groups: Map<string, T>, cases: (group: T) => number, threshold: number | null): { kept: Array<[string, T]>; small: T[] } {
  const ordered = [...groups.entries()].sort(([a, x], [b, y]) => cases(y) - cases(x) || (a < b ? -1 : 1));
  return { kept: ordered.filter(([, g]) => cases(g) >= (threshold ?? 0)), small: ordered.filter(([, g]) => cases(g) < (threshold ?? 0)).map(([, g]) => g) };
}

/**
 * G25: what may be named in the committee's report to the General Assembly or ECOSOC. A case
 * is named only when the person consented, informed, to publication, and an approved G25
 * action carries a public summary the chair approved as public; only that summary is named,
 * never the action's details. Everything else is in the counts of the progress report.
 */
export interface NamedCase {
  caseId: string;
  /** The action the summary belongs to (the summary is sealed bound to it). */
  proposalId: string;
  reference: string;
  stateParty: string;
  /** The public summary (sealed; opened by the caller), from the latest such action. */
  summary: Sealed;
}

/** G25: the public summary under which a case may be named, if it may be; the rule every report that names a case follows. */
export function namedSummary(c: Case): { proposalId: string; summary: Sealed } | undefined {
  if (!consentGiven(c, 'publication')) return undefined;
  const g25 = c.proposals.filter((p) => p.type === 'G25' && p.status === 'approved' && p.decision?.publicSummary === 'approved' && p.publicSummary !== undefined).at(-1);
  return g25?.publicSummary ? { proposalId: g25.id, summary: g25.publicSummary } : undefined;
}

/** G25: the input to the report to the General Assembly: the progress report's counts, and the cases that may be named, their summaries opened. */
export interface PublicInput {
  progress: ProgressReport;
  /** Cases the person agreed may be named, each with the public summary the chair approved as public. */
  named: Array<{ reference: string; stateParty: string; summary: string }>;
}

export function publicCases(reported: ReportedCase[], committee: TreatyBody, period: ReportPeriod): NamedCase[] {
  const named: NamedCase[] = [];
  for (const { case: c } of reported) {
    if (c.committee !== committee || !inPeriod(c, period)) continue;
    const summary = namedSummary(c);
    if (summary) named.push({ caseId: c._id, reference: c.reference, stateParty: c.stateParty, ...summary });
  }
  return named.sort((a, b) => (a.reference < b.reference ? -1 : 1));
}
