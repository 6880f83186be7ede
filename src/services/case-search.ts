import { committeesOf, type Actor } from '../domain/roles';
import { leadCriterion, SEARCH_LIMIT, type CaseListing, type CaseSearch, type LEAD_FILTERS } from '../domain/case-search';
import type { TreatyBody } from '../domain/committee';
import { can } from '../domain/policy';
import { AmparoError } from '../errors';
import type { Store } from '../store/store';

/** What a person asks for; every criterion is optional, the committee included when they work on one only. */
export type SearchCriteria = Omit<CaseSearch, 'committees' | 'limit' | 'lead'> & { committee?: TreatyBody; lead?: (typeof LEAD_FILTERS)[number] };

export interface SearchAnswer {
  /** The newest matches, at most `SEARCH_LIMIT`. */
  cases: CaseListing[];
  /** More cases match than are listed: narrow the search. */
  more: boolean;
}

/**
 * Finding a case (G11): the rapporteurs and the chair look for one among their committee's
 * cases. The answer identifies each case (reference, State party, status, day received) and
 * holds nothing of its contents; opening one is the usual `open`, checked and registered.
 */
export class CaseSearchService {
  constructor(private readonly deps: { store: Store }) {}

  /** The committees whose cases the person may search, in the order of their roles. */
  searchableCommittees(actor: Actor): TreatyBody[] {
    return committeesOf(actor).filter((committee) => can(actor, 'search_cases', { committee }));
  }

  async search(actor: Actor, criteria: SearchCriteria): Promise<SearchAnswer> {
    const { committee, lead, ...rest } = criteria;
    const searchable = this.searchableCommittees(actor);
    if (committee !== undefined && !searchable.includes(committee)) throw new AmparoError('NOT_ALLOWED', 'case_search.not_allowed', { committee });
    if (searchable.length === 0) throw new AmparoError('NOT_ALLOWED', 'case_search.not_allowed_any');
    const found = await this.deps.store.searchCases({ ...rest, ...(lead ? { lead: leadCriterion(lead, actor.personId) } : {}), committees: committee ? [committee] : searchable, limit: SEARCH_LIMIT + 1 });
    return { cases: found.slice(0, SEARCH_LIMIT), more: found.length > SEARCH_LIMIT };
  }
}
