import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import type { Reply, Text } from '../../flows/view';
import { operatorActor } from '../../src/cli/admin-context';
import { verifyChain } from '../../src/domain/register';
import { CASE_ROLES, type Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { assessedCase, CAST, harness, type Harness } from '../support/harness';
import { person } from '../support/people';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * Separation of duties: nobody gives themselves a role on cases (G8), nobody decides on the
 * action they proposed (G14), and every role granted or ended is in the committee's own
 * hash-chained register (G11), through the flows every platform calls.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => (s.lines ?? []).map(say))].join('\n');

/** A chair who is also a rapporteur of the committee: the one who could propose and approve. */
function chairAndRapporteur(): Person {
  const chair = person('vera', 'chair');
  const rapporteur = person('vera', 'rapporteur');
  return { ...chair, roles: [...chair.roles, ...rapporteur.roles] };
}

describe.each(STORE_KINDS)('separation of duties on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async () => ({ displayName: 'Nina Newcomer' }) });
  const today = () => h.clock.now().toISOString().slice(0, 10);
  const assign = (who: Person, identity: string, role: string, stateParty = '') =>
    submitForm(ctx(who), ACTIONS.assignRole, '', { person: identity, committee: 'CAT', role, stateParty, start: today(), end: '' }, 'k');

  beforeEach(async () => {
    under = await openStore(kind, 'duties');
    h = await harness(under.store);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G8: a chair cannot give themselves a rapporteur, chair, country rapporteur or security role through /amparo roles', async () => {
    for (const role of CASE_ROLES) {
      const reply = await assign(CAST.chair, CAST.chair.identityKeys[0] as string, role, role === 'country_rapporteur' ? 'NO' : '');
      expect(reply.kind).toBe('form');
      expect(words(reply)).toContain('Nobody can give themselves a role on cases');
    }
    expect((await h.store.getPerson(CAST.chair._id))?.roles).toEqual(CAST.chair.roles);
    // Giving the same role to someone else is the chair's duty, and works.
    expect(words(await assign(CAST.chair, 'console:nina', 'rapporteur'))).toBe('Nina Newcomer is now Rapporteur on reprisals in CAT.');
  });

  it('G8: an administrator cannot make themselves rapporteur or chair to read the cases', async () => {
    const admin = person('ada', 'admin');
    await h.store.insertPerson(admin);
    for (const role of ['rapporteur', 'chair'] as const) {
      const reply = await assign(admin, 'console:ada', role);
      expect(words(reply)).toContain('Nobody can give themselves a role on cases');
    }
    const stored = await h.store.getPerson('ada');
    expect(stored?.roles.map((r) => r.role)).toEqual(['admin']);
    await expect(
      h.services.people.assignRole(h.actor(admin), { identityKey: 'console:ada', committee: 'CAT', role: 'rapporteur', start: h.clock.now() }, async () => ({ displayName: 'ada' })),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED', messageKey: 'errors.roles.self_assignment' });
  });

  it('G8: the command line acts as cli:<login>, who is nobody\'s person, so it still assigns any role', async () => {
    const updated = await h.services.people.assignRole(operatorActor('cli:ops', 'CAT'), { identityKey: 'console:chen', committee: 'CAT', role: 'rapporteur', start: h.clock.now() }, async () => ({ displayName: 'chen' }));
    expect(updated.roles.map((r) => [r.role, r.assignedBy])).toEqual([
      ['chair', 'test'],
      ['rapporteur', 'cli:ops'],
    ]);
  });

  it('G14: the chair who proposed an action as rapporteur cannot decide on it, by button, form or service; another chair can', async () => {
    const vera = chairAndRapporteur();
    await h.store.insertPerson(vera);
    const reference = await assessedCase(h);
    const { proposal } = await h.services.cases.propose(h.actor(vera), reference, { type: 'G19', details: 'letter to the mission', doNoHarm: 'low exposure', deadlineDays: 30 });
    const arg = `${reference}#${proposal.number}`;

    const pressed = await runAction(ctx(vera), ACTIONS.approve, arg);
    expect(words(pressed)).toBe('Proposal #1 is yours: another chair decides on it (separation of duties, G14).');
    expect(words(await runCommand(ctx(vera), `decline ${reference} 1`))).toBe('Proposal #1 is yours: another chair decides on it (separation of duties, G14).');
    const plenary = await submitForm(ctx(vera), ACTIONS.plenary, arg, { verdict: 'approved', note: '' }, 'k');
    expect(words(plenary)).toContain('Proposal #1 is yours');
    await expect(h.services.cases.decide(h.actor(vera), reference, proposal.id, 'approved', 'chair', '')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      messageKey: 'errors.proposal.own_proposal',
      vars: { number: 1 },
    });
    expect((await h.store.findCaseByReference(reference))?.proposals[0]?.status).toBe('proposed');

    // Nor the form that would show a G25 action's public summary to approve it.
    const g25 = await h.services.cases.propose(h.actor(vera), reference, { type: 'G25', details: '', publicSummary: 'A defender was detained.', doNoHarm: 'agreed' });
    expect(words(await runAction(ctx(vera), ACTIONS.approvePublic, `${reference}#${g25.proposal.number}`))).toBe('Proposal #2 is yours: another chair decides on it (separation of duties, G14).');

    // Nothing offers her the decision: no buttons on the case, no request to decide.
    const opened = await runCommand(ctx(vera), `case ${reference}`);
    const offered = opened.kind === 'message' ? opened.view.buttons.map((b) => b.action) : [];
    expect(offered).toContain(ACTIONS.propose);
    for (const decision of [ACTIONS.approve, ACTIONS.approvePublic, ACTIONS.decline, ACTIONS.askMore, ACTIONS.plenary]) expect(offered).not.toContain(decision);
    expect(h.notifier.to('vera').filter((n) => n.kind === 'proposal.awaiting_decision')).toEqual([]);
    expect(h.notifier.to(CAST.chair._id).filter((n) => n.kind === 'proposal.awaiting_decision')).toHaveLength(2);
    expect((await h.services.reader.queue(h.actor(vera))).find((item) => item.reference === reference)?.next).toBe('await_decision');

    expect(words(await runAction(ctx(CAST.chair), ACTIONS.approve, arg))).toContain('approved by chen');
  });

  it('G11: every role granted or ended is in the committee\'s own hash-chained register, by whom, with no name', async () => {
    expect(words(await assign(CAST.chair, 'console:nina', 'country_rapporteur', 'NO'))).toContain('Nina Newcomer is now');
    const nina = (await h.store.findPersonByIdentity('console:nina')) as Person;
    const lucasTerm = CAST.rapporteur2.roles[0]?.id as string;
    expect(words(await submitForm(ctx(CAST.chair), ACTIONS.endRole, '', { assignment: `${CAST.rapporteur2._id}/${lucasTerm}`, end: today() }, 'k'))).toMatch(/^The term of lucas ends on/);

    const entries = await h.store.listEvents('roles:CAT');
    // Lucas's term was given before the register of roles knew it: its grant comes with its end.
    expect(entries.map((e) => [e.type, e.actorId, e.data.personId, e.data.role])).toEqual([
      ['role.granted', CAST.chair._id, nina._id, 'country_rapporteur'],
      ['role.granted', 'test', CAST.rapporteur2._id, 'rapporteur'],
      ['role.ended', CAST.chair._id, CAST.rapporteur2._id, 'rapporteur'],
    ]);
    expect(entries[0]?.data).toEqual({
      assignmentId: nina.roles[0]?.id,
      personId: nina._id,
      committee: 'CAT',
      role: 'country_rapporteur',
      stateParty: 'NO',
      start: `${today()}T00:00:00.000Z`,
      end: null,
    });
    expect(entries[2]?.data).toMatchObject({ assignmentId: lucasTerm, end: `${today()}T00:00:00.000Z` });
    expect(verifyChain(entries)).toEqual({ intact: true, entries: 3 });
    expect(JSON.stringify(entries)).not.toContain('Nina Newcomer');
    // Another committee's roles are another chain.
    expect(await h.store.listEvents('roles:CCPR')).toEqual([]);
  });

  it('G11: roles given before they were registered (seeded, or a crash between the two writes) are registered at the next start, once', async () => {
    await h.services.people.recover();
    const first = await h.store.listEvents('roles:CAT');
    const cat = Object.values(CAST).filter((p) => p.roles.some((r) => r.committee === 'CAT'));
    expect(first.filter((e) => e.type === 'role.granted').map((e) => e.data.personId).sort()).toEqual(cat.map((p) => p._id).sort());
    expect(first.every((e) => e.actorId === 'test')).toBe(true);
    expect((await h.store.listEvents('roles:CCPR')).map((e) => e.data.personId)).toEqual([CAST.otherCommittee._id]);
    await h.services.people.recover();
    expect(await h.store.listEvents('roles:CAT')).toEqual(first);
  });
});
