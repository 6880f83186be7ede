import { can, SEARCH_OPERATIONS, type Operation } from '../../src/domain/policy';
import { actorFor, type Person } from '../../src/domain/roles';
import { person } from '../support/people';

/**
 * Finding a case (G11), written out by hand: every kind of person × the search operation, on
 * CAT's cases. Only those who may open every case of the committee (its rapporteurs and its
 * chair, while their term runs, G8) may list them; a consulted country rapporteur sees the
 * one case they advise on (G12), never the list.
 */
const AT = new Date('2026-03-10T09:00:00Z');
const COLUMNS: Operation[] = ['search_cases'];

// Y allowed, . refused.
const ROWS: Array<{ who: string; person: Person; allowed: 'Y' | '.' }> = [
  { who: 'member', person: person('m', 'member'), allowed: '.' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed: 'Y' },
  { who: 'chair', person: person('c', 'chair'), allowed: 'Y' },
  { who: 'country rapporteur (G12)', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), allowed: '.' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed: '.' },
  { who: 'administrator', person: person('a', 'admin'), allowed: '.' },
  { who: 'rapporteur whose term ended (G8)', person: person('r', 'rapporteur', { ended: true }), allowed: '.' },
  { who: 'rapporteur whose term has not begun (G8)', person: person('r', 'rapporteur', { future: true }), allowed: '.' },
  { who: 'rapporteur of another committee (G16)', person: person('r', 'rapporteur', { committee: 'CCPR' }), allowed: '.' },
  { who: 'chair of another committee', person: person('c', 'chair', { committee: 'CCPR' }), allowed: '.' },
  { who: 'person with no role', person: { ...person('n', 'member'), roles: [] }, allowed: '.' },
];

describe('permission policy: finding a case (G11)', () => {
  it('covers every search operation the policy knows', () => {
    expect([...COLUMNS].sort()).toEqual([...SEARCH_OPERATIONS].sort());
  });

  for (const row of ROWS) {
    const allowed = row.allowed === 'Y';
    it(`${row.who} ${allowed ? 'may' : 'may not'} search_cases of CAT`, () => {
      expect(can(actorFor(row.person, AT), 'search_cases', { committee: 'CAT' })).toBe(allowed);
    });
  }

  it('who may search the committee may open each case it lists, whatever the case', () => {
    const facts = { committee: 'CAT' as const, reporterId: 'm', confidential: true, stateParty: 'NO', closed: true };
    for (const row of ROWS) {
      const actor = actorFor(row.person, AT);
      if (can(actor, 'search_cases', { committee: 'CAT' })) expect(can(actor, 'open', { committee: 'CAT', case: facts })).toBe(true);
    }
  });
});
