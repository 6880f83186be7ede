import { can, INFORMATION_OPERATIONS, type CaseFacts, type Operation } from '../../src/domain/policy';
import { actorFor, type Person } from '../../src/domain/roles';
import { person } from '../support/people';

/**
 * G10, G11: new information on a case, written out by hand: every kind of person × adding and
 * reading it, on a CAT case, open or closed, its source confidential or not. The member who
 * reported the case adds (while a member of the committee), as do the rapporteurs and the
 * chair; what was added is read as the case's source is (`view_source`): on a confidential case
 * by the rapporteurs alone.
 */
const AT = new Date('2026-03-10T09:00:00Z');
type Column = Operation | 'view_information_confidential';
const COLUMNS: Column[] = ['add_information', 'view_information', 'view_information_confidential'];

interface Row {
  who: string;
  person: Person;
  reporter?: boolean;
  consulted?: boolean;
  closed?: boolean;
  allowed: string;
}

// One letter per column above: Y allowed, . refused.                                   add view view(confidential)
const ROWS: Row[] = [
  { who: 'member', person: person('m', 'member'), allowed:                                  '. . .' },
  { who: 'member who reported the case', person: person('m', 'member'), reporter: true, allowed: 'Y . .' },
  { who: 'member who reported the case, once it is closed', person: person('m', 'member'), reporter: true, closed: true, allowed: 'Y . .' },
  { who: 'member who reported the case, whose term ended (G8)', person: person('m', 'member', { ended: true }), reporter: true, allowed: '. . .' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed:                          'Y Y Y' },
  { who: 'rapporteur, on a closed case', person: person('r', 'rapporteur'), closed: true, allowed: 'Y Y Y' },
  { who: 'chair', person: person('c', 'chair'), allowed:                                    'Y Y .' },
  { who: 'country rapporteur not consulted', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), allowed: '. . .' },
  { who: 'country rapporteur consulted on it', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), consulted: true, allowed: '. Y .' },
  { who: 'country rapporteur consulted on it, once the case is closed', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), consulted: true, closed: true, allowed: '. . .' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed:      '. . .' },
  { who: 'administrator', person: person('a', 'admin'), allowed:                            '. . .' },
  { who: 'administrator who reported the case', person: person('a', 'admin'), reporter: true, allowed: '. . .' },
  { who: 'rapporteur whose term ended (G8)', person: person('r', 'rapporteur', { ended: true }), allowed: '. . .' },
  { who: 'rapporteur whose term has not begun (G8)', person: person('r', 'rapporteur', { future: true }), allowed: '. . .' },
  { who: 'rapporteur of another committee', person: person('r', 'rapporteur', { committee: 'CCPR' }), allowed: '. . .' },
  { who: 'chair of another committee', person: person('c', 'chair', { committee: 'CCPR' }), allowed: '. . .' },
  { who: 'person with no role', person: { ...person('n', 'member'), roles: [] }, allowed:   '. . .' },
];

function facts(row: Row, confidential: boolean): CaseFacts {
  return {
    committee: 'CAT',
    reporterId: row.reporter ? row.person._id : 'someone-else',
    confidential,
    stateParty: 'NO',
    closed: row.closed ?? false,
    ...(row.consulted ? { consultedCountryRapporteurId: row.person._id } : {}),
  };
}

describe('permission policy: new information on a case (G10, G11)', () => {
  it('covers every information operation the policy knows', () => {
    expect(COLUMNS.filter((c) => c !== 'view_information_confidential').sort()).toEqual([...INFORMATION_OPERATIONS].sort());
  });

  for (const row of ROWS) {
    const expected = row.allowed.split(' ');
    COLUMNS.forEach((column, index) => {
      const allowed = expected[index] === 'Y';
      it(`G10: ${row.who} ${allowed ? 'may' : 'may not'} ${column}`, () => {
        const operation: Operation = column === 'view_information_confidential' ? 'view_information' : column;
        const target = { committee: 'CAT' as const, case: facts(row, column === 'view_information_confidential') };
        expect(can(actorFor(row.person, AT), operation, target)).toBe(allowed);
      });
    });
  }

  it('G10: without a case, nobody adds or reads information', () => {
    const rapporteur = actorFor(person('r', 'rapporteur'), AT);
    for (const operation of INFORMATION_OPERATIONS) expect(can(rapporteur, operation, { committee: 'CAT' })).toBe(false);
  });
});
