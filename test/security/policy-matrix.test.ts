import { can, CONTACT_OPERATIONS, INFORMATION_OPERATIONS, LEAD_OPERATIONS, OPERATIONS, PRACTICE_OPERATIONS, REFERRAL_INBOX_OPERATIONS, SEARCH_OPERATIONS, type CaseFacts, type Operation } from '../../src/domain/policy';
import { actorFor, CASE_ROLES, ROLES, type Person, type Role } from '../../src/domain/roles';
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
  'view_reports',
];

interface Row {
  who: string;
  person: Person;
  reporter?: boolean;
  consulted?: boolean;
  closed?: boolean;
  allowed: string;
}

/** The case's State party is NO; `moved` was country rapporteur for NO, and is now for IS. */
const moved: Person = (() => {
  const former = person('k', 'country_rapporteur', { stateParty: 'NO', ended: true });
  const now = person('k', 'country_rapporteur', { stateParty: 'IS' });
  return { ...former, roles: [...former.roles, { ...now.roles[0]!, id: 'k-country-IS' }] };
})();

// One letter per column above: Y allowed, . refused.
//                                                                         r v o s S a p m d c r m R
const ROWS: Row[] = [
  { who: 'member', person: person('m', 'member'), allowed:                  'Y . . . . . . . . . . . .' },
  { who: 'member who reported the case', person: person('m', 'member'), reporter: true, allowed: 'Y Y . . . . . . . . . . .' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed:          'Y Y Y Y Y Y Y Y . Y Y . Y' },
  { who: 'chair', person: person('c', 'chair'), allowed:                    'Y Y Y Y . . . . Y Y Y Y Y' },
  { who: 'country rapporteur not consulted', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), allowed: 'Y . . . . . . . . . . . .' },
  { who: 'country rapporteur consulted on it', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), consulted: true, allowed: 'Y Y Y Y . . . . . . . . .' },
  // G8, G12: a consultation is tied to the term for the case's State party and to an open case.
  { who: 'consulted country rapporteur whose term for that State ended, now for another', person: moved, consulted: true, allowed: 'Y . . . . . . . . . . . .' },
  { who: 'consulted country rapporteur for another State only', person: person('k', 'country_rapporteur', { stateParty: 'IS' }), consulted: true, allowed: 'Y . . . . . . . . . . . .' },
  { who: 'country rapporteur consulted on it, once the case is closed', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), consulted: true, closed: true, allowed: 'Y . . . . . . . . . . . .' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed: 'Y . . . . . . . . . . . .' },
  { who: 'administrator', person: person('a', 'admin'), allowed:            '. . . . . . . . . . . Y .' },
  { who: 'rapporteur whose term ended (G8)', person: person('r', 'rapporteur', { ended: true }), allowed: '. . . . . . . . . . . . .' },
  { who: 'rapporteur whose term has not begun (G8)', person: person('r', 'rapporteur', { future: true }), allowed: '. . . . . . . . . . . . .' },
  { who: 'rapporteur of another committee', person: person('r', 'rapporteur', { committee: 'CCPR' }), allowed: '. . . . . . . . . . . . .' },
  { who: 'chair of another committee', person: person('c', 'chair', { committee: 'CCPR' }), allowed: '. . . . . . . . . . . . .' },
  { who: 'person with no role', person: { ...person('n', 'member'), roles: [] }, allowed: '. . . . . . . . . . . . .' },
];

/**
 * G16: referral, on the same CAT case, referred to CCPR. `view_referral` is what a referral
 * shares; `open` (above) stays with CAT, so CCPR's rapporteur sees the referral and never the case.
 */
const REFERRAL_COLUMNS: Operation[] = ['refer', 'view_referral'];
const REFERRAL_ROWS: Array<{ who: string; person: Person; consulted?: boolean; allowed: string }> = [
  //                                                                           refer view_referral
  { who: 'member', person: person('m', 'member'), allowed:                      '. .' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed:              'Y Y' },
  { who: 'chair', person: person('c', 'chair'), allowed:                        '. Y' },
  { who: 'country rapporteur consulted on it', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), consulted: true, allowed: '. Y' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed: '. .' },
  { who: 'administrator', person: person('a', 'admin'), allowed:                '. .' },
  { who: 'rapporteur of the committee referred to', person: person('o', 'rapporteur', { committee: 'CCPR' }), allowed: '. Y' },
  { who: 'former rapporteur of the committee referred to (G8)', person: person('o', 'rapporteur', { committee: 'CCPR', ended: true }), allowed: '. .' },
  { who: 'chair of the committee referred to', person: person('o', 'chair', { committee: 'CCPR' }), allowed: '. .' },
  { who: 'member of the committee referred to', person: person('o', 'member', { committee: 'CCPR' }), allowed: '. .' },
  { who: 'rapporteur of a third committee', person: person('o', 'rapporteur', { committee: 'CERD' }), allowed: '. .' },
];

/**
 * G13: the contacts kept with the person at risk. A rapporteur records them, as they assess;
 * the rapporteurs and the chair read them; a consulted country rapporteur, who sees the case,
 * does not (G5e), nor does anyone once their term has ended.
 */
const CONTACT_COLUMNS: Operation[] = [...CONTACT_OPERATIONS];
const CONTACT_ROWS: Array<{ who: string; person: Person; reporter?: boolean; consulted?: boolean; closed?: boolean; allowed: string }> = [
  //                                                                           record_contact view_contacts
  { who: 'member', person: person('m', 'member'), allowed:                      '. .' },
  { who: 'member who reported the case', person: person('m', 'member'), reporter: true, allowed: '. .' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed:              'Y Y' },
  { who: 'chair', person: person('c', 'chair'), allowed:                        '. Y' },
  { who: 'country rapporteur consulted on it', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), consulted: true, allowed: '. .' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed: '. .' },
  { who: 'administrator', person: person('a', 'admin'), allowed:                '. .' },
  { who: 'rapporteur whose term ended (G8)', person: person('r', 'rapporteur', { ended: true }), allowed: '. .' },
  { who: 'rapporteur of another committee', person: person('r', 'rapporteur', { committee: 'CCPR' }), allowed: '. .' },
  { who: 'chair of another committee', person: person('c', 'chair', { committee: 'CCPR' }), allowed: '. .' },
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

describe('permission policy: role × operation × case', () => {
  it('covers every case operation the policy knows (practices: policy-matrix-practices.test.ts; finding a case: policy-matrix-case-search.test.ts)', () => {
    // The referral inbox: policy-matrix-referral-inbox.test.ts.
    // New information on a case: policy-matrix-information.test.ts.
    // The lead rapporteur: policy-matrix-lead.test.ts.
    const practiceOperations: readonly string[] = [...PRACTICE_OPERATIONS, ...SEARCH_OPERATIONS, ...REFERRAL_INBOX_OPERATIONS, ...INFORMATION_OPERATIONS, ...LEAD_OPERATIONS];
    expect([...COLUMNS.filter((c) => c !== 'view_source_confidential'), ...REFERRAL_COLUMNS, ...CONTACT_COLUMNS].sort()).toEqual(OPERATIONS.filter((o) => !practiceOperations.includes(o)).sort());
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

  for (const row of REFERRAL_ROWS) {
    const expected = row.allowed.split(' ');
    REFERRAL_COLUMNS.forEach((operation, index) => {
      const allowed = expected[index] === 'Y';
      it(`G16: ${row.who} ${allowed ? 'may' : 'may not'} ${operation}`, () => {
        const actor = actorFor(row.person, AT);
        const target = { committee: 'CAT' as const, case: facts({ ...row, reporter: false }, true), referral: { to: 'CCPR' as const } };
        expect(can(actor, operation, target)).toBe(allowed);
      });
    });
  }

  for (const row of CONTACT_ROWS) {
    const expected = row.allowed.split(' ');
    CONTACT_COLUMNS.forEach((operation, index) => {
      const allowed = expected[index] === 'Y';
      it(`G13: ${row.who} ${allowed ? 'may' : 'may not'} ${operation}`, () => {
        expect(can(actorFor(row.person, AT), operation, { committee: 'CAT', case: facts(row, false) })).toBe(allowed);
      });
    });
  }

  it('G13: without a case, nobody records or reads contacts', () => {
    const rapporteur = actorFor(person('r', 'rapporteur'), AT);
    for (const operation of CONTACT_OPERATIONS) expect(can(rapporteur, operation, { committee: 'CAT' })).toBe(false);
  });

  it('G16: a referral names its committee; without one, or to the case\'s own committee, nobody else sees it', () => {
    const other = actorFor(person('o', 'rapporteur', { committee: 'CCPR' }), AT);
    const facts = { committee: 'CAT' as const, reporterId: 'x', confidential: false, stateParty: 'NO', closed: false };
    expect(can(other, 'view_referral', { committee: 'CAT', case: facts })).toBe(false);
    expect(can(other, 'view_referral', { committee: 'CAT', case: facts, referral: { to: 'CAT' } })).toBe(false);
    for (const operation of ['open', 'view_status', 'view_source', 'assess', 'propose', 'refer'] as const) {
      expect(can(other, operation, { committee: 'CAT', case: facts, referral: { to: 'CCPR' } })).toBe(false);
    }
  });

  /**
   * Separation of duties (G8, G14): a chair or an administrator manages others' roles, never
   * gives themselves a role on cases; a chair decides on others' proposals, never their own.
   */
  const GRANT_ROWS: Array<{ who: string; person: Person; self: boolean; allowed: string }> = [
    //                                                             member rapporteur chair country_rapporteur security_focal_point admin
    { who: 'a chair, for someone else,', person: person('c', 'chair'), self: false, allowed:          'Y Y Y Y Y Y' },
    { who: 'a chair, for themselves,', person: person('c', 'chair'), self: true, allowed:             'Y . . . . Y' },
    { who: 'an administrator, for someone else,', person: person('a', 'admin'), self: false, allowed:  'Y Y Y Y Y Y' },
    { who: 'an administrator, for themselves,', person: person('a', 'admin'), self: true, allowed:     'Y . . . . Y' },
    { who: 'a rapporteur, for someone else,', person: person('r', 'rapporteur'), self: false, allowed: '. . . . . .' },
    { who: 'a rapporteur, for themselves,', person: person('r', 'rapporteur'), self: true, allowed:   '. . . . . .' },
    { who: 'the chair of another committee, for someone else,', person: person('c', 'chair', { committee: 'CCPR' }), self: false, allowed: '. . . . . .' },
  ];

  it('G8: the roles on cases are exactly those nobody may give themselves', () => {
    expect([...CASE_ROLES].sort()).toEqual(['chair', 'country_rapporteur', 'rapporteur', 'security_focal_point']);
  });

  for (const row of GRANT_ROWS) {
    const expected = row.allowed.split(' ');
    ROLES.forEach((role: Role, index) => {
      const allowed = expected[index] === 'Y';
      it(`G8: ${row.who} ${allowed ? 'may' : 'may not'} give the role ${role}`, () => {
        const actor = actorFor(row.person, AT);
        const grant = { personId: row.self ? row.person._id : 'someone-else', role };
        expect(can(actor, 'manage_roles', { committee: 'CAT', grant })).toBe(allowed);
      });
    });
  }

  it('G14: a chair decides on a proposal made by someone else, never on one they made themselves', () => {
    const chairAndRapporteur = { ...person('v', 'chair'), roles: [...person('v', 'chair').roles, ...person('v', 'rapporteur').roles] };
    const facts = { committee: 'CAT' as const, reporterId: 'x', confidential: false, stateParty: 'NO', closed: false };
    const actor = actorFor(chairAndRapporteur, AT);
    expect(can(actor, 'decide', { committee: 'CAT', case: facts })).toBe(true);
    expect(can(actor, 'decide', { committee: 'CAT', case: facts, proposal: { proposedBy: 'someone-else' } })).toBe(true);
    expect(can(actor, 'decide', { committee: 'CAT', case: facts, proposal: { proposedBy: 'v' } })).toBe(false);
    expect(can(actorFor(person('r', 'rapporteur'), AT), 'decide', { committee: 'CAT', case: facts, proposal: { proposedBy: 'someone-else' } })).toBe(false);
  });

  it('refuses case operations when no case is given', () => {
    const actor = actorFor(person('r', 'rapporteur'), AT);
    for (const operation of ['open', 'assess', 'decide', 'view_status'] as const) {
      expect(can(actor, operation, { committee: 'CAT' })).toBe(false);
    }
  });

  it('G11/G18: a confidential source is hidden from the chair but shown to a rapporteur', () => {
    const chair = actorFor(person('c', 'chair'), AT);
    const rapporteur = actorFor(person('r', 'rapporteur'), AT);
    const confidential = { committee: 'CAT' as const, case: { committee: 'CAT' as const, reporterId: 'x', confidential: true, stateParty: 'NO', closed: false } };
    expect(can(chair, 'view_source', confidential)).toBe(false);
    expect(can(rapporteur, 'view_source', confidential)).toBe(true);
  });
});
