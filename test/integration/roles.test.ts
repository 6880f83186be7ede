import { runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import type { Reply } from '../../flows/view';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { person } from '../support/people';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/** Role administration (G8) through the flows, on both stores. */
const words = (reply: Reply) =>
  reply.kind === 'message'
    ? [reply.view.title, ...reply.view.sections.flatMap((s) => [...(s.heading ? [s.heading] : []), ...(s.lines ?? [])])].map((text) => localize(text, { locale: 'en', timeZone: 'UTC' })).join('\n')
    : `form ${reply.form.id} ${Object.keys(reply.errors).join(',')}`;

describe.each(STORE_KINDS)('role administration on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async () => ({ displayName: 'Nina Newcomer', locale: 'fr', timeZone: 'Europe/Paris' }) });

  beforeEach(async () => {
    under = await openStore(kind, 'roles');
    h = await harness(under.store);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('the chair gives a newcomer a rapporteur term; from then on she is alerted', async () => {
    const today = h.clock.now().toISOString().slice(0, 10);
    const reply = await submitForm(ctx(CAST.chair), ACTIONS.assignRole, '', { person: 'slack:T1:U0NINA', committee: 'CAT', role: 'rapporteur', stateParty: '', start: today, end: '' }, 'k');
    expect(words(reply)).toBe('Nina Newcomer is now Rapporteur on reprisals in CAT.');
    const nina = await h.store.findPersonByIdentity('slack:T1:U0NINA');
    expect(nina).toMatchObject({ displayName: 'Nina Newcomer', locale: 'fr', timeZone: 'Europe/Paris' });
    await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'after');
    expect(h.notifier.to(nina?._id as string).map((n) => n.kind)).toEqual(['allegation.alert']);
    expect(words(await runCommand(ctx(CAST.chair), 'roles'))).toContain('Nina Newcomer — Rapporteur on reprisals — from');
  });

  it('a country rapporteur term needs its State party, named on the field', async () => {
    const today = h.clock.now().toISOString().slice(0, 10);
    const missing = await submitForm(ctx(CAST.chair), ACTIONS.assignRole, '', { person: 'console:kim', committee: 'CAT', role: 'country_rapporteur', stateParty: '', start: today, end: '' }, 'k');
    expect(words(missing)).toBe('form roles.assign stateParty');
    expect(missing.kind === 'form' && missing.errors.stateParty).toEqual({ key: 'errors.roles.state_party_needed' });
    const wrong = await submitForm(ctx(CAST.chair), ACTIONS.assignRole, '', { person: 'console:kim', committee: 'CAT', role: 'country_rapporteur', stateParty: 'Atlantis', start: today, end: '' }, 'k');
    expect(words(wrong)).toBe('form roles.assign stateParty');
  });

  it('G8: a term\'s days read the same west of UTC: the roster does not show the day before', async () => {
    const west = (who: Person): FlowContext => ({ ...ctx(who), timeZone: 'America/Los_Angeles' });
    const reply = await submitForm(west(CAST.chair), ACTIONS.assignRole, '', { person: 'slack:T1:U0NINA', committee: 'CAT', role: 'rapporteur', stateParty: '', start: '2026-03-10', end: '2027-06-30' }, 'k');
    expect(reply.kind).toBe('message');
    const roster = words(await runCommand(west(CAST.chair), 'roles'));
    const line = roster.split('\n').find((l) => l.startsWith('Nina Newcomer'));
    expect(line).toMatch(/10 Mar 2026|Mar 10, 2026/);
    expect(line).toMatch(/30 Jun 2027|Jun 30, 2027/);
    expect(line).not.toMatch(/9 Mar 2026|Mar 9, 2026|29 Jun 2027|Jun 29, 2027/);
  });

  it('ending a term takes the role away at once', async () => {
    const today = h.clock.now().toISOString().slice(0, 10);
    const reply = await submitForm(ctx(CAST.chair), ACTIONS.endRole, '', { assignment: `${CAST.rapporteur2._id}/${CAST.rapporteur2.roles[0]?.id}`, end: today }, 'k');
    expect(words(reply)).toMatch(/^The term of lucas ends on/);
    await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'after');
    expect(h.notifier.to('lucas')).toEqual([]);
    expect(h.notifier.to('amina')).toHaveLength(1);
  });

  it('only the chair or an administrator may see or change roles', async () => {
    for (const who of [CAST.member, CAST.rapporteur, CAST.countryRapporteur, CAST.otherCommittee]) {
      expect(words(await runCommand(ctx(who), 'roles'))).toBe('Only the chair or an administrator can manage roles.');
      expect(words(await runCommand(ctx(who), 'roles add'))).toBe('Only the chair or an administrator can manage roles.');
      const sneaked = await submitForm(ctx(who), ACTIONS.assignRole, '', { person: 'console:mallory', committee: 'CAT', role: 'chair', stateParty: '', start: '2026-01-01', end: '' }, 'k');
      expect(words(sneaked)).toBe('Only the chair or an administrator can manage roles.');
    }
    expect(await h.store.findPersonByIdentity('console:mallory')).toBeNull();
    const admin = person('ada', 'admin');
    await h.store.insertPerson(admin);
    expect(words(await runCommand(ctx(admin), 'roles'))).toContain('Committee CAT');
  });
});
