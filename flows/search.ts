import { normaliseStateParty, searchStateParties } from '../src/domain/state-party';
import type { Search } from './form';
import { stateName, t } from './text';

export type { Search } from './form';

/** The States parties, by their ISO code, named in the viewer's language. */
export const STATE_PARTY_SEARCH: Search = {
  id: 'stateParty',
  placeholder: t('fields.stateParty.placeholder'),
  typing: t('fields.stateParty.typing'),
  find: (typed, locale, limit) => searchStateParties(typed, locale, limit).map((code) => ({ value: code, label: stateName(code) })),
  option: (answer) => {
    const code = normaliseStateParty(answer);
    return code === undefined ? undefined : { value: code, label: stateName(code) };
  },
};

const SEARCHES: ReadonlyMap<string, Search> = new Map([[STATE_PARTY_SEARCH.id, STATE_PARTY_SEARCH]]);

/** The platform action id of a search's picker (Slack's `external_select`): one per list. */
const PREFIX = 'search.';
export const searchActionId = (search: Search): string => `${PREFIX}${search.id}`;
/** Matches every search picker's action id, for a listener of their option requests. */
export const SEARCH_ACTIONS = new RegExp(`^${PREFIX.replace('.', '\\.')}`);

/** The search a picker's action id names, if it names one. */
export function searchOfAction(actionId: string): Search | undefined {
  return actionId.startsWith(PREFIX) ? SEARCHES.get(actionId.slice(PREFIX.length)) : undefined;
}
