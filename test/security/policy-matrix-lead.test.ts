import { can, LEAD_OPERATIONS, type CaseFacts, type Operation } from '../../src/domain/policy';
import { actorFor, type Person } from '../../src/domain/roles';
import { person } from '../support/people';

/**
 * The lead rapporteur on a case (G8, G12), written out by hand: every kind of person × taking
 * the lead and giving it, on a CAT case that `lead` leads on. A current rapporteur of the
 * committee who did not report the case takes it; the chair gives the lead, and the lead hands
 * it over; nobody else does either, nor anyone whose term has ended or not begun.
 */
const AT = new Date('2026-03-10T09:00:00Z');
const COLUMNS: Operation[] = [...LEAD_OPERATIONS];

const both = (id: string, ...people: Person[]): Person => ({ ...person(id, 'member'), roles: people.flatMap((p) => p.roles) });

// One letter per column: take_lead assign_lead. Y allowed, . refused.
const ROWS: Array<{ who: string; person: Person; reporter?: boolean; allowed: string }> = [
  { who: 'member', person: person('m', 'member'), allowed: '. .' },
  { who: 'member who reported the case', person: person('m', 'member'), reporter: true, allowed: '. .' },
  { who: 'rapporteur', person: person('r', 'rapporteur'), allowed: 'Y .' },
  { who: 'rapporteur who reported the case', person: person('r', 'rapporteur'), reporter: true, allowed: '. .' },
  { who: 'rapporteur who leads on the case', person: person('lead', 'rapporteur'), allowed: 'Y Y' },
  { who: 'chair', person: person('c', 'chair'), allowed: '. Y' },
  { who: 'chair who is also a rapporteur', person: both('v', person('v', 'chair'), person('v', 'rapporteur')), allowed: 'Y Y' },
  { who: 'country rapporteur', person: person('k', 'country_rapporteur', { stateParty: 'NO' }), allowed: '. .' },
  { who: 'security focal point', person: person('s', 'security_focal_point'), allowed: '. .' },
  { who: 'administrator', person: person('a', 'admin'), allowed: '. .' },
  { who: 'rapporteur whose term ended (G8)', person: person('r', 'rapporteur', { ended: true }), allowed: '. .' },
  { who: 'lead whose rapporteur term ended (G8)', person: person('lead', 'rapporteur', { ended: true }), allowed: '. .' },
  { who: 'rapporteur whose term has not begun (G8)', person: person('r', 'rapporteur', { future: true }), allowed: '. .' },
  { who: 'rapporteur of another committee', person: person('r', 'rapporteur', { committee: 'CCPR' }), allowed: '. .' },
  { who: 'chair of another committee', person: person('c', 'chair', { committee: 'CCPR' }), allowed: '. .' },
];

const facts = (reporterId: string): CaseFacts => ({ committee: 'CAT', reporterId, confidential: false, stateParty: 'NO', closed: false, leadId: 'lead' });

/** To whom the lead may go: a current rapporteur of the committee who did not report the case. */
const TO: Array<{ who: string; person: Person; allowed: boolean }> = [
  { who: 'a current rapporteur', person: person('r2', 'rapporteur'), allowed: true },
  { who: 'the chair, who is no rapporteur', person: person('c2', 'chair'), allowed: false },
  { who: 'a member', person: person('m2', 'member'), allowed: false },
  { who: 'a country rapporteur', person: person('k2', 'country_rapporteur', { stateParty: 'NO' }), allowed: false },
  { who: 'a rapporteur whose term ended (G8)', person: person('r3', 'rapporteur', { ended: true }), allowed: false },
  { who: 'a rapporteur whose term has not begun (G8)', person: person('r4', 'rapporteur', { future: true }), allowed: false },
  { who: 'a rapporteur of another committee', person: person('r5', 'rapporteur', { committee: 'CCPR' }), allowed: false },
  { who: 'the rapporteur who reported the case', person: person('reporter', 'rapporteur'), allowed: false },
];

describe('permission policy: the lead rapporteur on a case (G12)', () => {
  for (const row of ROWS) {
    const expected = row.allowed.split(' ');
    COLUMNS.forEach((operation, index) => {
      const allowed = expected[index] === 'Y';
      it(`G12: ${row.who} ${allowed ? 'may' : 'may not'} ${operation}`, () => {
        const target = { committee: 'CAT' as const, case: facts(row.reporter ? row.person._id : 'reporter') };
        expect(can(actorFor(row.person, AT), operation, target)).toBe(allowed);
      });
    });
  }

  for (const giver of [{ who: 'the chair', person: person('c', 'chair') }, { who: 'the lead', person: person('lead', 'rapporteur') }]) {
    for (const to of TO) {
      it(`G12: ${giver.who} ${to.allowed ? 'may' : 'may not'} give the lead to ${to.who}`, () => {
        const target = { committee: 'CAT' as const, case: facts('reporter'), lead: { to: actorFor(to.person, AT) } };
        expect(can(actorFor(giver.person, AT), 'assign_lead', target)).toBe(to.allowed);
      });
    }
  }

  it('G12: without a case, nobody takes or gives a lead', () => {
    for (const operation of LEAD_OPERATIONS) {
      expect(can(actorFor(person('r', 'rapporteur'), AT), operation, { committee: 'CAT' })).toBe(false);
      expect(can(actorFor(person('c', 'chair'), AT), operation, { committee: 'CAT' })).toBe(false);
    }
  });
});
