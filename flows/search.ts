import { normaliseStateParty, searchStateParties } from '../src/domain/state-party';
import type { Option } from './form';
import { stateName, t, type Text } from './view';

/**
 * Lists too long to show whole in a form (the States parties), searched as the person types:
 * Slack asks Amparo for the options matching each keystroke, Teams filters the list it was
 * given, the terminal accepts any name or code and suggests the nearest. Options are labelled
 * in the viewer's language; their values are what is stored (a State's ISO code). A name typed
 * in any of the six languages is accepted too, by the field's schema.
 */
export interface Search {
  /** Names the list: Slack's select carries it, so that its option requests find their list. */
  id: string;
  /** Shown in the empty picker. */
  placeholder: Text;
  /** How to answer by typing where no list is shown (the terminal): any name, or the code. */
  typing: Text;
  /** The options matching what was typed, best first; nothing typed gives every option, in the viewer's order. */
  find(typed: string, locale: string, limit?: number): Option[];
  /** The option an answer names (by its value, or a name in any language); undefined when it names nothing. */
  option(answer: string): Option | undefined;
}

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

export const SEARCHES: ReadonlyMap<string, Search> = new Map([[STATE_PARTY_SEARCH.id, STATE_PARTY_SEARCH]]);

/** The platform action id of a search's picker (Slack's `external_select`): one per list. */
const PREFIX = 'search.';
export const searchActionId = (search: Search): string => `${PREFIX}${search.id}`;
/** Matches every search picker's action id, for a listener of their option requests. */
export const SEARCH_ACTIONS = new RegExp(`^${PREFIX.replace('.', '\\.')}`);

/** The search a picker's action id names, if it names one. */
export function searchOfAction(actionId: string): Search | undefined {
  return actionId.startsWith(PREFIX) ? SEARCHES.get(actionId.slice(PREFIX.length)) : undefined;
}
