import { can, PRACTICE_OPERATIONS, type Operation } from '../../src/domain/policy';
import { actorFor, type Person } from '../../src/domain/roles';
import { person } from '../support/people';

/**
 * The good-practice log's permissions (G16, G17), written out by hand: every kind of person ×
 * each practice operation, on CAT's practices. A rapporteur of any committee reads every
 * committee's practices (the G16 network); a chair reads their own committee's; only a
 * rapporteur of the committee records one.
 */
const AT = new Date('2026-03-10T09:00:00Z');
const COLUMNS: Operation[] = ['record_practice', 'read_practices'];

interface Row {
  who: string;
  person: Person;
  allowed: string;
}

// One letter per column above: Y allowed, . refused.                      rec read
const ROWS: Row[] = [
  { who: 'member', person: person('m', 'member'), allowed:                   '. .' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed:           'Y Y' },
  { who: 'chair', person: person('c', 'chair'), allowed:                     '. Y' },
  { who: 'country rapporteur', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), allowed: '. .' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed: '. .' },
  { who: 'administrator', person: person('a', 'admin'), allowed:             '. .' },
  { who: 'rapporteur whose term ended (G8)', person: person('r', 'rapporteur', { ended: true }), allowed: '. .' },
  { who: 'rapporteur whose term has not begun (G8)', person: person('r', 'rapporteur', { future: true }), allowed: '. .' },
  { who: 'rapporteur of another committee (G16)', person: person('r', 'rapporteur', { committee: 'CCPR' }), allowed: '. Y' },
  { who: 'chair of another committee', person: person('c', 'chair', { committee: 'CCPR' }), allowed: '. .' },
  { who: 'person with no role', person: { ...person('n', 'member'), roles: [] }, allowed: '. .' },
];

describe('permission policy: the good-practice log (G16, G17)', () => {
  it('covers every practice operation the policy knows', () => {
    expect([...COLUMNS].sort()).toEqual([...PRACTICE_OPERATIONS].sort());
  });

  for (const row of ROWS) {
    const expected = row.allowed.split(' ');
    COLUMNS.forEach((operation, index) => {
      const allowed = expected[index] === 'Y';
      it(`${row.who} ${allowed ? 'may' : 'may not'} ${operation} of CAT`, () => {
        expect(can(actorFor(row.person, AT), operation, { committee: 'CAT' })).toBe(allowed);
      });
    });
  }

  it('a case on the target changes nothing: practices are about no case', () => {
    const chair = actorFor(person('c', 'chair'), AT);
    const facts = { committee: 'CAT' as const, reporterId: 'c', confidential: true, stateParty: 'NO', closed: false };
    expect(can(chair, 'record_practice', { committee: 'CAT', case: facts })).toBe(false);
    expect(can(chair, 'read_practices', { committee: 'CAT', case: facts })).toBe(true);
  });
});
