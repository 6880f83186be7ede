import type { Case, Sealed } from './case';
import type { TreatyBody } from './committee';
import type { RegisterEvent } from './register';
import { inPeriod, namedSummary, smallCellOf, smallCells, type Counts, type ReportedCase, type ReportOptions, type ReportPeriod } from './reports';

/**
 * The committee's contribution to the Secretary-General's annual report on reprisals to the
 * Human Rights Council (resolution 12/2), which lists new cases and follow-up to cases reported
 * in earlier years separately. Counts by State party, small cells merged as in the progress
 * report (G11); a case is named only under the rule of the report to the General Assembly
 * (G25: `namedSummary`).
 */

/** The Secretary-General's reporting year `year` runs from 1 May of the year before to 30 April. */
export function sgPeriod(year: number): ReportPeriod {
  return { from: new Date(Date.UTC(year - 1, 4, 1)), to: new Date(Date.UTC(year, 4, 1)) };
}

/** The reporting year a day falls in: from May on, the next calendar year's. */
export function sgYearOf(day: Date): number {
  return day.getUTCMonth() >= 4 ? day.getUTCFullYear() + 1 : day.getUTCFullYear();
}

/** What can change on a case in a period (G14, G19–G32), read from its register. */
export const SG_CHANGES = ['outcome_recorded', 'actions_approved', 'actions_completed', 'closed', 'reopened'] as const;
type SgChange = (typeof SG_CHANGES)[number];
export type SgChanges = Counts<SgChange>;

function changeOf(event: RegisterEvent): SgChange | undefined {
  switch (event.type) {
    case 'assessment.completed':
      return 'outcome_recorded';
    case 'proposal.decided':
      return event.data['verdict'] === 'approved' ? 'actions_approved' : undefined;
    case 'proposal.completed':
      return 'actions_completed';
    case 'case.closed':
      return 'closed';
    case 'case.reopened':
      return 'reopened';
    default:
      return undefined;
  }
}

const noChanges = (): SgChanges => ({ outcome_recorded: 0, actions_approved: 0, actions_completed: 0, closed: 0, reopened: 0 });

/** What the register says changed on a case in the period. */
export function changesIn(events: RegisterEvent[], period: ReportPeriod): SgChanges {
  const changes = noChanges();
  for (const event of events) {
    const change = event.at >= period.from && event.at < period.to ? changeOf(event) : undefined;
    if (change) changes[change] += 1;
  }
  return changes;
}

const changed = (changes: SgChanges) => SG_CHANGES.some((c) => changes[c] > 0);

interface SgRow {
  stateParty: string;
  cases: number;
  changes: SgChanges;
}

/** A case that may be named (G25); `S` is its public summary, sealed until the service opens it. */
interface SgNamed<S = Sealed> {
  caseId: string;
  proposalId: string;
  reference: string;
  stateParty: string;
  receivedAt: Date;
  changes: SgChanges;
  summary: S;
}

export interface SgSection<S = Sealed> {
  cases: number;
  /** Each State party with at least `smallCell` cases in this section, most first. */
  rows: SgRow[];
  /** The States parties with fewer, on one line; null when none was merged. */
  merged: (SgRow & { states: number }) | null;
  named: Array<SgNamed<S>>;
}

export interface SgReport<S = Sealed> {
  committee: TreatyBody;
  period: ReportPeriod;
  generatedAt: Date;
  /** Null when the chair asked to show every State party. */
  smallCell: number | null;
  /** Cases received in the period, and what changed on them in it. */
  newCases: SgSection<S>;
  /** Cases received before the period on which something changed in it. */
  followUp: SgSection<S>;
}

interface Entry {
  c: Case;
  changes: SgChanges;
}

function section(entries: Entry[], smallCell: number | null): SgSection {
  const states = new Map<string, SgRow>();
  for (const { c, changes } of entries) {
    const row = states.get(c.stateParty) ?? { stateParty: c.stateParty, cases: 0, changes: noChanges() };
    row.cases += 1;
    for (const change of SG_CHANGES) row.changes[change] += changes[change];
    states.set(c.stateParty, row);
  }
  const { kept, small } = smallCells(states, (row) => row.cases, smallCell);
  const merged = small.reduce<SgRow & { states: number }>(
    (sum, row) => ({ ...sum, states: sum.states + 1, cases: sum.cases + row.cases, changes: Object.fromEntries(SG_CHANGES.map((c) => [c, sum.changes[c] + row.changes[c]])) as SgChanges }),
    { stateParty: '', states: 0, cases: 0, changes: noChanges() },
  );
  const named = entries
    .flatMap(({ c, changes }) => {
      const summary = namedSummary(c);
      return summary ? [{ caseId: c._id, reference: c.reference, stateParty: c.stateParty, receivedAt: c.createdAt, changes, ...summary }] : [];
    })
    .sort((a, b) => (a.reference < b.reference ? -1 : 1));
  return { cases: entries.length, rows: kept.map(([, row]) => row), merged: merged.states > 0 ? merged : null, named };
}

/**
 * `reported`: the committee's cases received before the end of the period, each with its
 * register. Those received earlier count only when something changed on them in the period.
 */
export function sgReport(committee: TreatyBody, period: ReportPeriod, reported: ReportedCase[], now: Date, options: ReportOptions = {}): SgReport {
  const smallCell = smallCellOf(options);
  const mine = reported.filter((r) => r.case.committee === committee && r.case.createdAt < period.to);
  const entries = mine.map((r) => ({ c: r.case, changes: changesIn(r.events, period) }));
  return {
    committee,
    period,
    generatedAt: now,
    smallCell,
    newCases: section(entries.filter((e) => inPeriod(e.c, period)), smallCell),
    followUp: section(entries.filter((e) => e.c.createdAt < period.from && changed(e.changes)), smallCell),
  };
}
