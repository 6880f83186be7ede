import { verifyChain } from '../../src/domain/register';
import { isAmparoError } from '../../src/errors';
import type { Actor } from '../../src/domain/roles';
import { allegation, assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * The services on each real store: what members, rapporteurs and chairs rely on, from intake
 * to decision, including what happens when they act at the same moment.
 */
describe.each(STORE_KINDS)('reprisal workflow on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let member: Actor;
  let rapporteur: Actor;
  let chair: Actor;

  beforeEach(async () => {
    under = await openStore(kind, 'workflow');
    h = await harness(under.store);
    member = h.actor(CAST.member);
    rapporteur = h.actor(CAST.rapporteur);
    chair = h.actor(CAST.chair);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G10, G12: intake makes CAT-<year>-0001, labelled alleged, and alerts every rapporteur and the chair at once', async () => {
    const { case: c, duplicate } = await h.services.cases.submitAllegation(member, allegation(), 'submission-1');
    expect(duplicate).toBe(false);
    expect(c.reference).toBe('CAT-2026-0001');
    expect((await h.services.reader.status(member, c.reference)).alleged).toBe(true);
    expect(h.notifier.sent.map((s) => s.to).sort()).toEqual(['amina', 'chen', 'lucas']);
    for (const { notification } of h.notifier.sent) {
      expect(notification).toMatchObject({ kind: 'allegation.alert', reference: 'CAT-2026-0001', riskLevel: 'high', urgent: false });
    }
    expect(JSON.stringify(h.notifier.sent)).not.toMatch(/Ingrid|Detained|Oslo|lawyer/);
  });

  it('G22: an imminent threat also alerts the security focal point, with the way to reach UN security', async () => {
    await h.services.cases.submitAllegation(member, allegation({ imminentThreat: 'yes' }), 'urgent-1');
    expect(h.notifier.sent.map((s) => s.to).sort()).toEqual(['amina', 'chen', 'lucas', 'sam']);
    expect(h.notifier.to('chen')[0]).toMatchObject({ urgent: true, securityContact: '+41 00 000 00 00 (demo number)' });
  });

  it('G8: a rapporteur whose term ended and a rapporteur of another committee are not alerted', async () => {
    await h.services.cases.submitAllegation(member, allegation(), 'submission-1');
    expect(h.notifier.to(CAST.formerRapporteur._id)).toEqual([]);
    expect(h.notifier.to(CAST.otherCommittee._id)).toEqual([]);
  });

  it('one submission makes one case and one round of alerts, however often it is retried', async () => {
    const first = await h.services.cases.submitAllegation(member, allegation(), 'same-submission');
    const again = await Promise.all([1, 2, 3].map(() => h.services.cases.submitAllegation(member, allegation(), 'same-submission')));
    expect(again.every((s) => s.duplicate && s.case.reference === first.case.reference)).toBe(true);
    expect(await under.store.listCases({})).toHaveLength(1);
    expect(h.notifier.sent).toHaveLength(3);
  });

  it('references stay unique and gapless under concurrent intake, even from two service instances', async () => {
    const other = await harness(under.store);
    const submissions = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? h : other).services.cases.submitAllegation(member, allegation(), `burst-${i}`));
    const references = (await Promise.all(submissions)).map((s) => s.case.reference).sort();
    expect(references).toEqual(Array.from({ length: 24 }, (_, i) => `CAT-2026-${String(i + 1).padStart(4, '0')}`));
  });

  it('G14: two chairs deciding the same proposal at once: one wins, the other is told who decided', async () => {
    const reference = await assessedCase(h, );
    const { proposal } = await h.services.cases.propose(rapporteur, reference, { type: 'G19', details: 'letter', doNoHarm: 'low risk', deadlineDays: 30 });
    const secondChair = h.actor({ ...CAST.chair, _id: 'chen2', displayName: 'Second chair' });
    const outcomes = await Promise.allSettled([
      h.services.cases.decide(chair, reference, proposal.id, 'approved', 'chair', ''),
      h.services.cases.decide(secondChair, reference, proposal.id, 'declined', 'chair', ''),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const refusal = lost[0]?.reason;
    expect(isAmparoError(refusal, 'ALREADY_DECIDED')).toBe(true);
    const stored = await under.store.findCaseByReference(reference);
    expect(isAmparoError(refusal) && refusal.vars.by).toBe(stored?.proposals[0]?.decision?.byName);
  });

  it('G8, G12: a consulted country rapporteur whose term for the State ended, now serving another State, opens the case no more', async () => {
    const reference = await assessedCase(h);
    const olga = () => h.services.people.get(CAST.countryRapporteur._id);
    expect((await h.services.reader.queue(h.actor(await olga()))).map((i) => i.reference)).toEqual([reference]);
    const term = CAST.countryRapporteur.roles[0]!;
    await h.services.people.endRole(chair, CAST.countryRapporteur._id, term.id, h.clock.now());
    await h.services.people.assignRole(chair, { identityKey: CAST.countryRapporteur.identityKeys[0]!, committee: 'CAT', role: 'country_rapporteur', stateParty: 'IS', start: h.clock.now() }, async () => ({ displayName: 'olga', locale: 'en', timeZone: 'UTC' }));
    const now = h.actor(await olga());
    await expect(h.services.reader.open(now, reference)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.case.not_found' });
    await expect(h.services.reader.show(now, reference)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.case.not_found' });
    expect(await h.services.reader.queue(now)).toEqual([]);
  });

  it('G12: once the case is closed, the consultation no longer opens it to the country rapporteur', async () => {
    const reference = await assessedCase(h);
    const olga = h.actor(CAST.countryRapporteur);
    expect(await h.services.reader.show(olga, reference)).toHaveProperty('opened.case.reference', reference);
    await h.services.cases.close(chair, reference, 'actions_completed', '');
    await expect(h.services.reader.open(olga, reference)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.case.not_found' });
    expect(await h.services.reader.queue(olga)).toEqual([]);
  });

  it('changes that do not conflict, made at the same moment, are both kept', async () => {
    const { case: c } = await h.services.cases.submitAllegation(member, allegation(), 'k1');
    await Promise.all([
      h.services.cases.recordSources(rapporteur, c.reference, ['nhri'], ''),
      h.services.cases.updateConsent(h.actor(CAST.rapporteur2), c.reference, { kind: 'publication', answer: 'yes', informed: true, how: 'written' }),
    ]);
    const stored = await under.store.getCase(c._id);
    expect(stored?.assessment?.sources).toEqual(['nhri']);
    expect(stored?.consent.publication.answer).toBe('yes');
  });

  it('G11, G32: every change and every opening is in the register, chained, in order', async () => {
    const reference = await assessedCase(h);
    // Reminders are planned in the background, after each change.
    await h.services.scheduler.planned();
    const details = await h.services.reader.open(chair, reference);
    const types = details.history.map((e) => e.type);
    expect(types.filter((t) => !t.startsWith('reminder.'))).toEqual([
      'allegation.received',
      'notification.sent',
      'assessment.started',
      'assessment.sources_recorded',
      'assessment.country_rapporteur_consulted',
      'notification.sent',
      'assessment.completed',
      'notification.sent',
      'case.opened',
    ]);
    // The assessment is in: its reminders (two rapporteurs, the chair) are cancelled.
    expect(types.filter((t) => t.startsWith('reminder.'))).toEqual(['reminder.cancelled', 'reminder.cancelled', 'reminder.cancelled']);
    expect(types.at(-1)).toBe('case.opened');
    expect(details.history.at(-1)?.actorId).toBe('chen');
    expect(verifyChain(details.history)).toEqual({ intact: true, entries: 12 });
  });

  it('after a crash between a change and its register entry, recovery writes the entry once', async () => {
    const { case: c } = await h.services.cases.submitAllegation(member, allegation(), 'k1');
    const stored = (await under.store.getCase(c._id))!;
    const pending = { id: 'crash-entry', at: h.clock.now(), actorId: 'amina', type: 'assessment.started' as const, data: {} };
    await under.store.replaceCase({ ...stored, status: 'under_assessment', outbox: [pending], version: stored.version + 1 }, stored.version);
    expect(await h.services.register.recover()).toBe(1);
    expect(await h.services.register.recover()).toBe(0);
    const history = await under.store.listEvents(c._id);
    expect(history.filter((e) => e.id === 'crash-entry')).toHaveLength(1);
    expect(verifyChain(history).intact).toBe(true);
  });

  it('G10: an alert that did not go out goes out again later, to whoever missed it, once', async () => {
    h.notifier.failFor.add('chen');
    const { case: c } = await h.services.cases.submitAllegation(member, allegation(), 'k1');
    expect(h.notifier.to('amina')).toHaveLength(1);
    const sent = (await under.store.listEvents(c._id)).find((e) => e.type === 'notification.sent');
    expect(sent?.data).toMatchObject({ failed: ['chen'] });
    expect(await under.store.casesOwingAlerts()).toEqual([c._id]);
    // A crash after a case was stored and before its alert: that case owes it too.
    await under.store.insertCase({ ...(await under.store.getCase(c._id))!, _id: 'owed', reference: 'CAT-2026-0002', seq: 2, submissionKey: 'owed', outbox: [], alertOwed: true, version: 1 });
    h.notifier.failFor.clear();
    // Chen's claim on the first alert holds for a while (its sender may still be at it).
    expect(await h.services.cases.alertPending()).toBe(2);
    expect(h.notifier.to('chen').map((n) => n.reference)).toEqual(['CAT-2026-0002']);
    h.clock.advance(10 * 60 * 1000);
    expect(await h.services.cases.alertPending()).toBe(1);
    expect(h.notifier.to('chen').map((n) => n.reference)).toEqual(['CAT-2026-0002', 'CAT-2026-0001']);
    expect(h.notifier.to('amina').map((n) => n.reference)).toEqual(['CAT-2026-0001', 'CAT-2026-0002']);
    expect(await under.store.casesOwingAlerts()).toEqual([]);
    expect(await h.services.cases.alertPending()).toBe(0);
  });
});
