import { can, OPERATIONS, PRACTICE_OPERATIONS, type CaseFacts, type Operation } from '../../src/domain/policy';
import { actorFor, type Person } from '../../src/domain/roles';
import { person } from '../support/people';

/**
 * The whole permission matrix, written out by hand so that it cannot drift with the code:
 * every kind of person × every operation, on a CAT case, confidential or not.
 */
const AT = new Date('2026-03-10T09:00:00Z');

type Column = Operation | 'view_source_confidential';
const COLUMNS: Column[] = [
  'report',
  'view_status',
  'open',
  'view_source',
  'view_source_confidential',
  'assess',
  'propose',
  'manage_consent',
  'decide',
  'close',
  'reopen',
  'manage_roles',
];

interface Row {
  who: string;
  person: Person;
  reporter?: boolean;
  consulted?: boolean;
  allowed: string;
}

// One letter per column above: Y allowed, . refused.
//                                                                         r v o s S a p m d c r m
const ROWS: Row[] = [
  { who: 'member', person: person('m', 'member'), allowed:                  'Y . . . . . . . . . . .' },
  { who: 'member who reported the case', person: person('m', 'member'), reporter: true, allowed: 'Y Y . . . . . . . . . .' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed:          'Y Y Y Y Y Y Y Y . Y Y .' },
  { who: 'chair', person: person('c', 'chair'), allowed:                    'Y Y Y Y . . . . Y Y Y Y' },
  { who: 'country rapporteur not consulted', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), allowed: 'Y . . . . . . . . . . .' },
  { who: 'country rapporteur consulted on it', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), consulted: true, allowed: 'Y Y Y Y . . . . . . . .' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed: 'Y . . . . . . . . . . .' },
  { who: 'administrator', person: person('a', 'admin'), allowed:            '. . . . . . . . . . . Y' },
  { who: 'rapporteur whose term ended (G8)', person: person('r', 'rapporteur', { ended: true }), allowed: '. . . . . . . . . . . .' },
  { who: 'rapporteur whose term has not begun (G8)', person: person('r', 'rapporteur', { future: true }), allowed: '. . . . . . . . . . . .' },
  { who: 'rapporteur of another committee', person: person('r', 'rapporteur', { committee: 'CCPR' }), allowed: '. . . . . . . . . . . .' },
  { who: 'chair of another committee', person: person('c', 'chair', { committee: 'CCPR' }), allowed: '. . . . . . . . . . . .' },
  { who: 'person with no role', person: { ...person('n', 'member'), roles: [] }, allowed: '. . . . . . . . . . . .' },
];

function facts(row: Row, confidential: boolean): CaseFacts {
  return {
    committee: 'CAT',
    reporterId: row.reporter ? row.person._id : 'someone-else',
    confidential,
    ...(row.consulted ? { consultedCountryRapporteurId: row.person._id } : {}),
  };
}

describe('permission policy: role × operation × case', () => {
  it('covers every case operation the policy knows (practices: policy-matrix-practices.test.ts)', () => {
    const practiceOperations: readonly string[] = PRACTICE_OPERATIONS;
    expect(COLUMNS.filter((c) => c !== 'view_source_confidential').sort()).toEqual(OPERATIONS.filter((o) => !practiceOperations.includes(o)).sort());
  });

  for (const row of ROWS) {
    const expected = row.allowed.split(' ');
    COLUMNS.forEach((column, index) => {
      const allowed = expected[index] === 'Y';
      it(`${row.who} ${allowed ? 'may' : 'may not'} ${column}`, () => {
        const actor = actorFor(row.person, AT);
        const operation: Operation = column === 'view_source_confidential' ? 'view_source' : column;
        const target = { committee: 'CAT' as const, case: facts(row, column === 'view_source_confidential') };
        expect(can(actor, operation, target)).toBe(allowed);
      });
    });
  }

  it('refuses case operations when no case is given', () => {
    const actor = actorFor(person('r', 'rapporteur'), AT);
    for (const operation of ['open', 'assess', 'decide', 'view_status'] as const) {
      expect(can(actor, operation, { committee: 'CAT' })).toBe(false);
    }
  });

  it('G11/G18: a confidential source is hidden from the chair but shown to a rapporteur', () => {
    const chair = actorFor(person('c', 'chair'), AT);
    const rapporteur = actorFor(person('r', 'rapporteur'), AT);
    const confidential = { committee: 'CAT' as const, case: { committee: 'CAT' as const, reporterId: 'x', confidential: true } };
    expect(can(chair, 'view_source', confidential)).toBe(false);
    expect(can(rapporteur, 'view_source', confidential)).toBe(true);
  });
});
