import { actorFor, assignRole, endRole, type RoleAssignment } from '../../src/domain/roles';
import { refusalOf } from '../support/errors';
import { person } from '../support/people';

/** G8: role terms: no overlaps, a start before the end, a State for a country rapporteur. */
const AT = new Date('2026-03-10T09:00:00Z');
const term = (overrides: Partial<RoleAssignment> = {}): RoleAssignment => ({
  id: 'new',
  committee: 'CAT',
  role: 'rapporteur',
  start: new Date('2026-04-01T00:00:00Z'),
  assignedBy: 'chen',
  ...overrides,
});

describe('role terms (G8)', () => {
  it('adds a term that starts later; the role counts only once it has begun', () => {
    const p = assignRole(person('nina', 'member'), term());
    expect(p.version).toBe(2);
    expect(actorFor(p, AT).roles.map((r) => r.role)).toEqual(['member']);
    expect(actorFor(p, new Date('2026-04-02T00:00:00Z')).roles.map((r) => r.role).sort()).toEqual(['member', 'rapporteur']);
  });

  it('refuses a term that overlaps a running term of the same role', () => {
    expect(refusalOf(() => assignRole(person('amina', 'rapporteur'), term()))).toBe('errors.roles.overlaps');
    expect(refusalOf(() => assignRole(person('amina', 'rapporteur', { ended: true }), term()))).toBeUndefined();
    expect(refusalOf(() => assignRole(person('amina', 'rapporteur'), term({ committee: 'CCPR' })))).toBeUndefined();
  });

  it('refuses a term that ends before it starts, and a country rapporteur without a State', () => {
    expect(refusalOf(() => assignRole(person('x', 'member'), term({ end: new Date('2026-03-01T00:00:00Z') })))).toBe('errors.roles.end_before_start');
    expect(refusalOf(() => assignRole(person('x', 'member'), term({ role: 'country_rapporteur' })))).toBe('errors.roles.state_party_needed');
    expect(refusalOf(() => assignRole(person('x', 'member'), term({ role: 'country_rapporteur', stateParty: 'NO' })))).toBeUndefined();
  });

  it('a country rapporteur may hold terms for two States at once', () => {
    const olga = person('olga', 'country_rapporteur', { stateParty: 'NO' });
    expect(refusalOf(() => assignRole(olga, term({ role: 'country_rapporteur', stateParty: 'IS' })))).toBeUndefined();
  });

  it('ends a running term: from then on the role grants nothing', () => {
    const amina = person('amina', 'rapporteur');
    const ended = endRole(amina, 'amina-rapporteur', AT, 'chen');
    expect(ended.roles[0]).toMatchObject({ end: AT, endedBy: 'chen' });
    expect(actorFor(ended, AT).roles).toEqual([]);
    expect(refusalOf(() => endRole(ended, 'amina-rapporteur', AT, 'chen'))).toBe('errors.roles.already_ended');
    expect(refusalOf(() => endRole(ended, 'nope', AT, 'chen'))).toBe('errors.roles.not_found');
  });
});
