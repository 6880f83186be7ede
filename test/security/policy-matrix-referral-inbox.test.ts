import { can, REFERRAL_INBOX_OPERATIONS, type Operation } from '../../src/domain/policy';
import { actorFor, type Person } from '../../src/domain/roles';
import { person } from '../support/people';

/**
 * The referral inbox's permission (G16), written out by hand: every kind of person × listing
 * the referrals made to CCPR. Its rapporteurs and its chair with a current term (G8) list them;
 * what each referral shares is `view_referral`'s (policy-matrix.test.ts), never the listing's.
 */
const AT = new Date('2026-03-10T09:00:00Z');
const COLUMNS: Operation[] = ['list_referrals'];

// Y allowed, . refused.                                                                        list
const ROWS: Array<{ who: string; person: Person; allowed: string }> = [
  { who: 'rapporteur of the committee referred to', person: person('o', 'rapporteur', { committee: 'CCPR' }), allowed: 'Y' },
  { who: 'chair of the committee referred to', person: person('c', 'chair', { committee: 'CCPR' }), allowed: 'Y' },
  { who: 'member of the committee referred to', person: person('m', 'member', { committee: 'CCPR' }), allowed: '.' },
  { who: 'country rapporteur of the committee referred to', person: person('k', 'country_rapporteur', { committee: 'CCPR', stateParty: 'NO' }), allowed: '.' },
  { who: 'security focal point of the committee referred to', person: person('s', 'security_focal_point', { committee: 'CCPR' }), allowed: '.' },
  { who: 'administrator of the committee referred to', person: person('a', 'admin', { committee: 'CCPR' }), allowed: '.' },
  { who: 'rapporteur of the committee referred to whose term ended (G8)', person: person('o', 'rapporteur', { committee: 'CCPR', ended: true }), allowed: '.' },
  { who: 'rapporteur of the committee referred to whose term has not begun (G8)', person: person('o', 'rapporteur', { committee: 'CCPR', future: true }), allowed: '.' },
  { who: 'chair of the committee referred to whose term ended (G8)', person: person('c', 'chair', { committee: 'CCPR', ended: true }), allowed: '.' },
  { who: 'rapporteur of the referring committee', person: person('r', 'rapporteur'), allowed: '.' },
  { who: 'chair of the referring committee', person: person('c', 'chair'), allowed: '.' },
  { who: 'rapporteur of a third committee', person: person('r', 'rapporteur', { committee: 'CERD' }), allowed: '.' },
  { who: 'person with no role', person: { ...person('n', 'member'), roles: [] }, allowed: '.' },
];

describe('permission policy: the referral inbox (G16)', () => {
  it('covers every inbox operation the policy knows', () => {
    expect([...COLUMNS].sort()).toEqual([...REFERRAL_INBOX_OPERATIONS].sort());
  });

  for (const row of ROWS) {
    const expected = row.allowed.split(' ');
    COLUMNS.forEach((operation, index) => {
      const allowed = expected[index] === 'Y';
      it(`G16: ${row.who} ${allowed ? 'may' : 'may not'} ${operation} of CCPR`, () => {
        expect(can(actorFor(row.person, AT), operation, { committee: 'CCPR' })).toBe(allowed);
      });
    });
  }
});
