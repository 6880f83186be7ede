import type { RISK_LEVELS } from './allegation';
import type { Case, CaseStatus, Outcome } from './case';
import type { TreatyBody } from './committee';

/**
 * Finding a case (G11: the register is searchable): a committee's cases by State party,
 * status, outcome of the assessment, risk and the period they were received in. A search
 * answers with what identifies a case on file and nothing of its contents: no name, no text.
 */
export const SEARCH_OUTCOMES = ['substantiated', 'may_have_occurred', 'not_substantiated', 'insufficient_information', 'not_assessed'] as const;
type SearchOutcome = Outcome | 'not_assessed';

/** G12: whose lead a case is under, as the person searching asks it. */
export const LEAD_FILTERS = ['me', 'someone_else', 'nobody'] as const;
type LeadFilter = (typeof LEAD_FILTERS)[number];
/** The same, as the store asks it: led by this person, led by someone other than this person, or by nobody. */
type LeadCriterion = { by: string } | { notBy: string } | 'nobody';

export function leadCriterion(filter: LeadFilter, personId: string): LeadCriterion {
  if (filter === 'nobody') return 'nobody';
  return filter === 'me' ? { by: personId } : { notBy: personId };
}

function leadMatches(lead: string | undefined, criterion: LeadCriterion): boolean {
  if (criterion === 'nobody') return lead === undefined;
  return 'by' in criterion ? lead === criterion.by : lead !== undefined && lead !== criterion.notBy;
}

/** The most cases one answer lists, newest first. */
export const SEARCH_LIMIT = 20;

export interface CaseSearch {
  committees: TreatyBody[];
  /** ISO 3166 code. */
  stateParty?: string;
  status?: CaseStatus;
  /** `not_assessed`: no outcome recorded yet (G12: still an allegation). */
  outcome?: SearchOutcome;
  riskLevel?: (typeof RISK_LEVELS)[number];
  /** G12: the lead rapporteur (`leadCriterion`). */
  lead?: LeadCriterion;
  /** Received from this instant (inclusive)… */
  from?: Date;
  /** …to this one (exclusive). */
  to?: Date;
  /** At most this many, the newest first. */
  limit: number;
}

/** A case as a search lists it. */
export type CaseListing = Pick<Case, '_id' | 'reference' | 'committee' | 'stateParty' | 'status' | 'createdAt'>;

/** Whether a case meets every criterion of a search (the embedded store's reading of it). */
export function matchesSearch(c: Case, search: CaseSearch): boolean {
  const outcome = c.assessment?.outcome ?? 'not_assessed';
  return (
    search.committees.includes(c.committee) &&
    (search.stateParty === undefined || c.stateParty === search.stateParty) &&
    (search.status === undefined || c.status === search.status) &&
    (search.outcome === undefined || outcome === search.outcome) &&
    (search.riskLevel === undefined || c.riskLevel === search.riskLevel) &&
    (search.lead === undefined || leadMatches(c.lead?.personId, search.lead)) &&
    (search.from === undefined || c.createdAt >= search.from) &&
    (search.to === undefined || c.createdAt < search.to)
  );
}

/** Newest first; cases received at the same instant by their number, highest first. */
export function newestFirst(a: Pick<Case, 'createdAt' | 'seq'>, b: Pick<Case, 'createdAt' | 'seq'>): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq;
}

export function listing(c: Case): CaseListing {
  return { _id: c._id, reference: c.reference, committee: c.committee, stateParty: c.stateParty, status: c.status, createdAt: c.createdAt };
}
