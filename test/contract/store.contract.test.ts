import type { Case, Sealed } from '../../src/domain/case';
import { chain, type RegisterEvent } from '../../src/domain/register';
import { defineCommittee } from '../../src/domain/committee';
import type { Reminder } from '../../src/domain/reminders';
import { StoreConflict, type Store } from '../../src/store/store';
import { caseRecord, RECORDED_AT as AT } from '../support/case-record';
import { person } from '../support/people';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * The Store contract: one suite, both stores. What the services rely on (unique keys,
 * version guards, ordering, copies not references) is proven here against each.
 */
const aCase = caseRecord;

async function conflictOf(operation: Promise<unknown>): Promise<string | undefined> {
  try {
    await operation;
  } catch (error) {
    if (error instanceof StoreConflict) return error.constraint;
    throw error;
  }
  return undefined;
}

describe.each(STORE_KINDS)('Store contract: %s', (kind) => {
  let under: StoreUnderTest;
  let store: Store;

  beforeEach(async () => {
    under = await openStore(kind, 'contract');
    store = under.store;
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('creates its indexes idempotently and answers a ping', async () => {
    await store.init();
    await store.init();
    await expect(store.ping()).resolves.toBeUndefined();
    expect(store.kind).toBe(kind);
  });

  describe('committees', () => {
    it('saves, replaces and lists committees by code', async () => {
      await store.saveCommittee(defineCommittee({ _id: 'CERD', name: 'old', assessmentTargetDays: 7, securityContact: '' }));
      await store.saveCommittee(defineCommittee({ _id: 'CAT', name: 'Committee against Torture', assessmentTargetDays: 5, securityContact: '+41' }));
      await store.saveCommittee(defineCommittee({ _id: 'CERD', name: 'new', assessmentTargetDays: 9, securityContact: '' }));
      expect((await store.listCommittees()).map((c) => [c._id, c.name])).toEqual([
        ['CAT', 'Committee against Torture'],
        ['CERD', 'new'],
      ]);
      expect(await store.getCommittee('CAT')).toMatchObject({ assessmentTargetDays: 5 });
      expect(await store.getCommittee('CED')).toBeNull();
    });
  });

  describe('people', () => {
    it('finds a person by id and by platform identity, with role dates as dates', async () => {
      const amina = person('amina', 'rapporteur');
      await store.insertPerson(amina);
      expect(await store.getPerson('amina')).toEqual(amina);
      const found = await store.findPersonByIdentity('console:amina');
      expect(found?._id).toBe('amina');
      expect(found?.roles[0]?.start).toBeInstanceOf(Date);
      expect(await store.findPersonByIdentity('console:nobody')).toBeNull();
    });

    it('finds several people by id in one read, leaving out ids nobody has', async () => {
      await store.insertPerson(person('amina', 'rapporteur'));
      await store.insertPerson(person('chen', 'chair'));
      const found = await store.getPeople(['chen', 'nobody', 'amina', 'chen']);
      expect(found.map((p) => p._id).sort()).toEqual(['amina', 'chen']);
      expect(found.find((p) => p._id === 'chen')?.roles[0]?.start).toBeInstanceOf(Date);
      expect(await store.getPeople([])).toEqual([]);
    });

    it('refuses a second person with the same id or the same identity', async () => {
      await store.insertPerson(person('amina', 'rapporteur'));
      expect(await conflictOf(store.insertPerson({ ...person('amina', 'chair'), identityKeys: ['console:amina-2'] }))).toBe('_id');
      expect(await conflictOf(store.insertPerson({ ...person('other', 'chair'), identityKeys: ['slack:T1:U1', 'console:amina'] }))).toBe('identityKeys');
    });

    it('keeps one person when several first contacts of the same identity race', async () => {
      const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => conflictOf(store.insertPerson({ ...person(`p-${n}`, 'member'), identityKeys: ['slack:T1:U9'] }))));
      expect(results.filter((r) => r === undefined)).toHaveLength(1);
      expect(results.filter((r) => r === 'identityKeys')).toHaveLength(4);
      expect((await store.listPeopleOfCommittee('CAT')).map((p) => p.identityKeys)).toEqual([['slack:T1:U9']]);
    });

    it('lists the people of a committee in name order, and only them', async () => {
      await store.insertPerson(person('zoe', 'chair'));
      await store.insertPerson(person('adam', 'member'));
      await store.insertPerson(person('omar', 'rapporteur', { committee: 'CCPR' }));
      expect((await store.listPeopleOfCommittee('CAT')).map((p) => p._id)).toEqual(['adam', 'zoe']);
    });
  });

  describe('people versions', () => {
    it('replaces a person only at the version it was read: one of many writers wins', async () => {
      const amina = person('amina', 'rapporteur');
      await store.insertPerson(amina);
      const results = await Promise.all(['A', 'B', 'C'].map((n) => store.replacePerson({ ...amina, displayName: n, version: 2 }, 1)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await store.findPersonByIdentity('console:amina');
      expect(stored?.version).toBe(2);
      expect(await store.replacePerson({ ...amina, displayName: 'stale', version: 2 }, 1)).toBe(false);
      expect(await store.replacePerson({ ...(stored as typeof amina), locale: 'fr', version: 3 }, 2)).toBe(true);
      expect((await store.getPerson('amina'))?.locale).toBe('fr');
      expect((await store.listPeopleOfCommittee('CAT')).map((p) => p.version)).toEqual([3]);
    });
  });

  describe('cases', () => {
    it('stores a case and finds it by id, reference and submission key, dates intact', async () => {
      const c = aCase(1);
      await store.insertCase(c);
      expect(await store.getCase('case-1')).toEqual(c);
      expect((await store.findCaseByReference('CAT-2026-0001'))?._id).toBe('case-1');
      expect((await store.findCaseBySubmissionKey('submission-1'))?._id).toBe('case-1');
      expect((await store.getCase('case-1'))?.createdAt).toBeInstanceOf(Date);
      expect(await store.findCaseByReference('CAT-2026-0002')).toBeNull();
    });

    it('refuses a duplicate reference and a duplicate submission, naming which', async () => {
      await store.insertCase(aCase(1));
      expect(await conflictOf(store.insertCase(aCase(1, { _id: 'other', submissionKey: 'other' })))).toBe('reference');
      expect(await conflictOf(store.insertCase(aCase(1, { _id: 'other', reference: 'CAT-2026-9999', submissionKey: 'other' })))).toBe('reference');
      expect(await conflictOf(store.insertCase(aCase(2, { submissionKey: 'submission-1' })))).toBe('submissionKey');
      expect(await conflictOf(store.insertCase(aCase(2, { _id: 'case-1', submissionKey: 'other' })))).toBe('_id');
      expect(await store.listCases({})).toHaveLength(1);
    });

    it('stores one case when the same submission is inserted several times at once', async () => {
      const results = await Promise.all([1, 2, 3, 4].map((n) => conflictOf(store.insertCase(aCase(n, { _id: `c${n}`, submissionKey: 'same' })))));
      expect(results.filter((r) => r === undefined)).toHaveLength(1);
      expect(results.filter((r) => r === 'submissionKey')).toHaveLength(3);
      expect(await store.listCases({})).toHaveLength(1);
    });

    it('knows the last sequence number per committee and year', async () => {
      expect(await store.lastCaseSeq('CAT', 2026)).toBe(0);
      await store.insertCase(aCase(1));
      await store.insertCase(aCase(2));
      await store.insertCase(aCase(1, { _id: 'ccpr', committee: 'CCPR', reference: 'CCPR-2026-0001', submissionKey: 'ccpr' }));
      await store.insertCase(aCase(1, { _id: 'y27', year: 2027, reference: 'CAT-2027-0001', submissionKey: 'y27' }));
      expect(await store.lastCaseSeq('CAT', 2026)).toBe(2);
      expect(await store.lastCaseSeq('CCPR', 2026)).toBe(1);
      expect(await store.lastCaseSeq('CAT', 2027)).toBe(1);
      expect(await store.lastCaseSeq('CERD', 2026)).toBe(0);
    });

    it('replaces a case only at the version it was read, so one of two writers wins', async () => {
      const c = aCase(1);
      await store.insertCase(c);
      const results = await Promise.all([
        store.replaceCase({ ...c, status: 'under_assessment', version: 2 }, 1),
        store.replaceCase({ ...c, status: 'closed', version: 2 }, 1),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.getCase('case-1'))?.version).toBe(2);
    });

    it('filters cases by committee, status, reporter and consulted country rapporteur, oldest first', async () => {
      await store.insertCase(aCase(2, { status: 'assessed' }));
      await store.insertCase(aCase(1, { reporterId: 'zoe' }));
      await store.insertCase(aCase(3, { status: 'closed', assessment: { startedBy: 'a', startedAt: AT, sources: ['nhri'], consultation: { countryRapporteurId: 'olga', recordedBy: 'a', at: AT } } }));
      await store.insertCase(aCase(1, { _id: 'ccpr', committee: 'CCPR', reference: 'CCPR-2026-0001', submissionKey: 'ccpr' }));
      const refs = async (filter: Parameters<Store['listCases']>[0]) => (await store.listCases(filter)).map((c) => c.reference);
      expect(await refs({ committees: ['CAT'] })).toEqual(['CAT-2026-0001', 'CAT-2026-0002', 'CAT-2026-0003']);
      expect(await refs({ committees: ['CAT'], statuses: ['received', 'assessed'] })).toEqual(['CAT-2026-0001', 'CAT-2026-0002']);
      expect(await refs({ reporterId: 'zoe' })).toEqual(['CAT-2026-0001']);
      expect(await refs({ consultedCountryRapporteurId: 'olga' })).toEqual(['CAT-2026-0003']);
      expect(await refs({ committees: [] })).toEqual([]);
    });

    it('G16: lists the cases referred to any of some committees, oldest first, each once', async () => {
      const referral = (to: 'CCPR' | 'CERD', number: number) => ({ id: `r${number}`, number, to, support: 'v2:k:x' as Sealed, scope: 'anonymous_facts' as const, consent: 'unknown' as const, by: 'a', byName: 'A', at: AT });
      await store.insertCase(aCase(2, { referrals: [referral('CCPR', 1), referral('CERD', 2)] }));
      await store.insertCase(aCase(1, { referrals: [referral('CERD', 1)] }));
      await store.insertCase(aCase(3));
      const refs = async (referredTo: Array<'CCPR' | 'CERD' | 'CED'>) => (await store.listCases({ referredTo })).map((c) => c.reference);
      expect(await refs(['CCPR'])).toEqual(['CAT-2026-0002']);
      expect(await refs(['CERD'])).toEqual(['CAT-2026-0001', 'CAT-2026-0002']);
      expect(await refs(['CCPR', 'CERD'])).toEqual(['CAT-2026-0001', 'CAT-2026-0002']);
      expect(await refs(['CED'])).toEqual([]);
    });

    it('names the cases whose outbox holds register entries', async () => {
      const pending = [{ id: 'e1', at: AT, actorId: 'a', type: 'case.opened' as const, data: { sources: ['nhri', 'ngo'] } }];
      await store.insertCase(aCase(1, { outbox: pending }));
      await store.insertCase(aCase(2));
      expect(await store.casesWithPendingEvents()).toEqual(['case-1']);
      expect((await store.getCase('case-1'))?.outbox).toEqual(pending);
    });

    it('G10: names the cases that owe their alert, oldest first, until it is settled', async () => {
      await store.insertCase(aCase(2, { alertOwed: true }));
      await store.insertCase(aCase(1, { alertOwed: true }));
      await store.insertCase(aCase(3));
      expect(await store.casesOwingAlerts()).toEqual(['case-1', 'case-2']);
      await store.settleAlert('case-1');
      await store.settleAlert('case-1');
      expect(await store.casesOwingAlerts()).toEqual(['case-2']);
      const settled = await store.getCase('case-1');
      expect(settled?.alertOwed).toBeUndefined();
      // Settling is a change: a writer holding the version before it must read again.
      expect(settled?.version).toBe(2);
      expect(await store.replaceCase({ ...aCase(1), alertOwed: true, version: 2 }, 1)).toBe(false);
    });

    it('G5e: names the cases that owe a notice until each of its notices is settled; settling is a change', async () => {
      const owed = (occurrence: string) => ({ kind: 'referral.narrowed' as const, occurrence, by: 'amina', referral: { number: 1, to: 'CCPR' as const } });
      await store.insertCase(aCase(1, { noticesOwed: [owed('referral:1:v1'), owed('referral:1:v2')] }));
      await store.insertCase(aCase(2));
      expect(await store.casesOwingNotices()).toEqual(['case-1']);
      await store.settleNotice('case-1', 'referral:1:v1');
      await store.settleNotice('case-1', 'referral:1:v1');
      const settled = await store.getCase('case-1');
      expect(settled?.noticesOwed).toEqual([owed('referral:1:v2')]);
      expect(settled?.version).toBe(2);
      expect(await store.replaceCase({ ...aCase(1), version: 2 }, 1)).toBe(false);
      expect(await store.casesOwingNotices()).toEqual(['case-1']);
      await store.settleNotice('case-1', 'referral:1:v2');
      expect(await store.casesOwingNotices()).toEqual([]);
      expect((await store.getCase('case-1'))?.noticesOwed ?? []).toEqual([]);
      expect((await store.getCase('case-1'))?.version).toBe(3);
    });

    it('clears the entries the register holds from a case\'s outbox, and keeps the others', async () => {
      const entry = (id: string) => ({ id, at: AT, actorId: 'a', type: 'case.opened' as const, data: {} });
      await store.insertCase(aCase(1, { outbox: [entry('e1'), entry('e2'), entry('e3')] }));
      await store.clearOutbox('case-1', ['e1', 'e3']);
      await store.clearOutbox('case-1', ['e1']);
      expect((await store.getCase('case-1'))?.outbox.map((e) => e.id)).toEqual(['e2']);
      await store.clearOutbox('case-1', ['e2']);
      expect(await store.casesWithPendingEvents()).toEqual([]);
      expect((await store.getCase('case-1'))?.version).toBe(1);
    });

    it('holds an acknowledged submission until it is released, oldest first, idempotently', async () => {
      const held = (id: string, at: Date) => ({ _id: id, personId: 'maria', formId: 'intake', context: '', answers: 'sealed-answers' as Sealed, replyTo: { userId: 'U1', viewId: 'V1' }, at });
      await store.holdSubmission(held('slack:T:V2', new Date(AT.getTime() + 1000)));
      await store.holdSubmission(held('slack:T:V1', AT));
      await store.holdSubmission(held('slack:T:V1', AT));
      expect(await store.heldSubmissions()).toEqual([held('slack:T:V1', AT), held('slack:T:V2', new Date(AT.getTime() + 1000))]);
      await store.releaseSubmission('slack:T:V1');
      await store.releaseSubmission('slack:T:V1');
      expect((await store.heldSubmissions()).map((h) => h._id)).toEqual(['slack:T:V2']);
    });

    it('after a lost race, reading the case gives the winner\'s version', async () => {
      const c = aCase(1);
      await store.insertCase(c);
      await Promise.all([2, 3, 4, 5].map((n) => store.replaceCase({ ...c, seq: n * 100, version: 2 }, 1)));
      const latest = await store.getCase('case-1');
      expect(latest?.version).toBe(2);
      expect(await store.replaceCase({ ...(latest as Case), status: 'assessed', version: 3 }, 2)).toBe(true);
      expect((await store.findCaseByReference('CAT-2026-0001'))?.status).toBe('assessed');
      expect((await store.listCases({ statuses: ['assessed'] })).map((x) => x.version)).toEqual([3]);
    });

    it('keeps no copy of what a change replaced, yet refuses a writer who read an older version', async () => {
      const c = aCase(1);
      await store.insertCase(c);
      for (const version of [2, 3, 4]) expect(await store.replaceCase({ ...c, stateParty: `S${version}`, version }, version - 1)).toBe(true);
      expect(await under.rawDump()).not.toMatch(/"S2"|"S3"/);
      const again = await under.reopen();
      expect(await again.replaceCase({ ...c, status: 'closed', version: 3 }, 2)).toBe(false);
      expect(await again.getCase('case-1')).toMatchObject({ version: 4, stateParty: 'S4', status: 'received' });
      expect(await again.replaceCase({ ...c, stateParty: 'S5', version: 5 }, 4)).toBe(true);
    });

    it('hands out copies: changing what was read changes nothing stored', async () => {
      await store.insertCase(aCase(1));
      const read = (await store.getCase('case-1')) as Case;
      read.status = 'closed';
      read.proposals.push({} as never);
      expect((await store.getCase('case-1'))?.status).toBe('received');
      expect((await store.getCase('case-1'))?.proposals).toEqual([]);
    });

    it('stores operator-shaped text literally and never reads it as a query', async () => {
      await store.insertCase(aCase(1, { stateParty: '{"$gt":""}', reporterId: '$where' }));
      expect(await store.findCaseByReference('{"$gt":""}')).toBeNull();
      expect((await store.listCases({ reporterId: '$where' })).map((c) => c.stateParty)).toEqual(['{"$gt":""}']);
    });
  });

  describe('register', () => {
    function entries(caseId: string, count: number): RegisterEvent[] {
      const out: RegisterEvent[] = [];
      for (let i = 0; i < count; i++) out.push(chain(caseId, out[i - 1] ?? null, { id: `${caseId}-e${i}`, at: AT, actorId: 'a', type: 'case.opened', data: { i, list: ['x', 'y'] } }));
      return out;
    }

    it('appends entries and returns them in chain order, with the last one at hand', async () => {
      const chainOf = entries('c1', 3);
      for (const e of [...chainOf].reverse()) await store.appendEvent(e);
      await store.appendEvent(entries('c2', 1)[0] as RegisterEvent);
      expect(await store.listEvents('c1')).toEqual(chainOf);
      expect((await store.lastEvent('c1'))?.seq).toBe(3);
      expect(await store.lastEvent('c3')).toBeNull();
      expect((await store.getEvent('c1-e1'))?.seq).toBe(2);
    });

    it('refuses a second entry with the same id or the same place in the chain', async () => {
      const [first] = entries('c1', 1) as [RegisterEvent];
      await store.appendEvent(first);
      expect(await conflictOf(store.appendEvent({ ...first, seq: 2 }))).toBe('id');
      expect(await conflictOf(store.appendEvent({ ...first, id: 'another' }))).toBe('caseId_seq');
      expect(await store.listEvents('c1')).toHaveLength(1);
    });
  });

  describe('reminders', () => {
    const DAY_MS = 24 * 60 * 60 * 1000;
    function reminder(id: string, dueAt: Date, overrides: Partial<Reminder> = {}): Reminder {
      return { _id: id, series: `assessment:${id}`, kind: 'assessment_due', recipientId: 'amina', committee: 'CAT', caseId: 'case-1', dueAt, urgent: false, status: 'pending', attempts: 0, createdAt: AT, version: 1, ...overrides };
    }

    it('stores a reminder once, and reads it back with its dates', async () => {
      const r = reminder('r1', new Date(AT.getTime() + DAY_MS), { about: AT });
      expect(await store.insertReminder(r)).toBe(true);
      expect(await store.insertReminder({ ...r, kind: 'urgent' })).toBe(false);
      expect(await store.getReminder('r1')).toEqual(r);
      expect(await store.getReminder('nope')).toBeNull();
    });

    it('stores many reminders in one go, leaving those it has already as they are', async () => {
      await store.insertReminder(reminder('r2', AT, { kind: 'urgent' }));
      expect(await store.insertReminders([reminder('r1', AT), reminder('r2', AT), reminder('r3', AT)])).toBe(2);
      expect(await store.insertReminders([])).toBe(0);
      expect((await store.getReminder('r2'))?.kind).toBe('urgent');
      expect((await store.findReminders({ caseId: 'case-1' })).map((r) => r._id).sort()).toEqual(['r1', 'r2', 'r3']);
    });

    it('lets exactly one of several writers commit the next version, and reads the latest', async () => {
      const r = reminder('r1', AT);
      await store.insertReminder(r);
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => store.replaceReminder({ ...r, leaseOwner: owner, version: 2 }, 1)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const claimed = (await store.getReminder('r1'))!;
      expect(await store.replaceReminder({ ...claimed, status: 'sent', version: 3 }, 2)).toBe(true);
      expect((await store.getReminder('r1'))?.status).toBe('sent');
    });

    it('gives the pending reminders that are due, oldest first, up to a limit', async () => {
      await store.insertReminder(reminder('later', new Date(AT.getTime() + 10 * DAY_MS)));
      await store.insertReminder(reminder('second', new Date(AT.getTime() - 1000)));
      await store.insertReminder(reminder('first', new Date(AT.getTime() - 2 * DAY_MS)));
      await store.insertReminder(reminder('third', AT));
      const sent = reminder('sent', new Date(AT.getTime() - DAY_MS));
      await store.insertReminder(sent);
      await store.replaceReminder({ ...sent, status: 'sent', version: 2 }, 1);
      expect((await store.dueReminders(AT, 10)).map((r) => r._id)).toEqual(['first', 'second', 'third']);
      expect((await store.dueReminders(AT, 2)).map((r) => r._id)).toEqual(['first', 'second']);
    });

    it('a reminder moved to a later time is due then, not before', async () => {
      const moved = reminder('moved', new Date(AT.getTime() - DAY_MS));
      await store.insertReminder(moved);
      await store.replaceReminder({ ...moved, dueAt: new Date(AT.getTime() + 3 * DAY_MS), version: 2 }, 1);
      expect(await store.dueReminders(AT, 10)).toEqual([]);
      expect((await store.dueReminders(new Date(AT.getTime() + 3 * DAY_MS), 10)).map((r) => [r._id, r.version])).toEqual([['moved', 2]]);
    });

    it('claims each due reminder once, however many sweepers ask at once, oldest first', async () => {
      for (let i = 0; i < 6; i++) await store.insertReminder(reminder(`due-${i}`, new Date(AT.getTime() - (6 - i) * 1000)));
      await store.insertReminder(reminder('later', new Date(AT.getTime() + DAY_MS)));
      const lease = new Date(AT.getTime() + 60_000);
      const claims = await Promise.all(Array.from({ length: 10 }, (_, n) => store.claimDueReminder(AT, `sweeper-${n}`, lease)));
      const claimed = claims.filter((r): r is Reminder => r !== null);
      expect(claimed.map((r) => r._id).sort()).toEqual(['due-0', 'due-1', 'due-2', 'due-3', 'due-4', 'due-5']);
      for (const r of claimed) expect(r).toMatchObject({ leaseUntil: lease, attempts: 1, version: 2 });
      expect(new Set(claimed.map((r) => r.leaseOwner)).size).toBe(6);
      expect(await store.claimDueReminder(AT, 'late', lease)).toBeNull();
      expect((await store.getReminder('due-0'))?.leaseOwner).toBe(claimed.find((r) => r._id === 'due-0')?.leaseOwner);
    });

    it('gives a reminder whose claim lapsed to the next sweeper, and never one that is settled', async () => {
      const r = reminder('r1', new Date(AT.getTime() - 1000));
      await store.insertReminder(r);
      await store.insertReminder(reminder('sent', new Date(AT.getTime() - 2000), { status: 'sent' }));
      const first = await store.claimDueReminder(AT, 'dead', new Date(AT.getTime() + 60_000));
      expect(first?._id).toBe('r1');
      expect(await store.claimDueReminder(new Date(AT.getTime() + 30_000), 'other', new Date(AT.getTime() + 90_000))).toBeNull();
      const taken = await store.claimDueReminder(new Date(AT.getTime() + 60_000), 'other', new Date(AT.getTime() + 120_000));
      expect(taken).toMatchObject({ _id: 'r1', leaseOwner: 'other', attempts: 2, version: 3 });
      // The process that lost its claim cannot write its stale version.
      expect(await store.replaceReminder({ ...(first as Reminder), status: 'sent', version: 3 }, 2)).toBe(false);
    });

    it('finds a series\' or a case\'s reminders in their latest state', async () => {
      await store.insertReminder(reminder('a', AT, { series: 'assessment:x' }));
      await store.insertReminder(reminder('b', AT, { series: 'assessment:x', caseId: 'case-2' }));
      await store.insertReminder(reminder('c', AT, { series: 'assessment:y' }));
      await store.replaceReminder({ ...reminder('a', AT, { series: 'assessment:x' }), status: 'cancelled', version: 2 }, 1);
      expect((await store.findReminders({ series: 'assessment:x' })).map((r) => r._id).sort()).toEqual(['a', 'b']);
      expect((await store.findReminders({ series: 'assessment:x', statuses: ['pending'] })).map((r) => r._id)).toEqual(['b']);
      expect((await store.findReminders({ caseId: 'case-1' })).map((r) => r._id).sort()).toEqual(['a', 'c']);
    });

    it('remembers acknowledged series, idempotently', async () => {
      expect(await store.acknowledgedSeries(['urgent:case-1', 'urgent:case-2'])).toEqual([]);
      await store.acknowledgeSeries('urgent:case-1', AT, 'chen');
      await store.acknowledgeSeries('urgent:case-1', AT, 'lucas');
      expect(await store.acknowledgedSeries(['urgent:case-1', 'urgent:case-2'])).toEqual(['urgent:case-1']);
    });
  });

  describe('conversations', () => {
    it('keeps the latest conversation reference per identity', async () => {
      expect(await store.getConversation('teams:t:u')).toBeNull();
      const first = { conversation: { id: 'a:1', tenantId: 't' }, serviceUrl: 'https://smba.example/teams/', user: { id: '29:1', aadObjectId: 'u' } };
      await store.saveConversation('teams:t:u', first, AT);
      await store.saveConversation('teams:t:u', { ...first, conversation: { id: 'a:2', tenantId: 't' } }, AT);
      expect(await store.getConversation('teams:t:u')).toEqual({ ...first, conversation: { id: 'a:2', tenantId: 't' } });
    });
  });

  describe('deliveries', () => {
    it('claims a delivery key once; the retry is told it was handled', async () => {
      expect(await store.claimDelivery('slack:retry-1', AT)).toBe(true);
      expect(await store.claimDelivery('slack:retry-1', AT)).toBe(false);
      expect(await store.claimDelivery('slack:retry-2', AT)).toBe(true);
    });

    it('gives each message to one of several senders claiming it at once', async () => {
      const keys = ['m:a', 'm:b', 'm:c'];
      const lapsed = new Date(AT.getTime() - 60_000);
      const claims = await Promise.all([1, 2, 3, 4].map(() => store.claimDeliveries(keys, AT, lapsed)));
      expect(claims.flatMap((c) => c.claimed).sort()).toEqual(keys);
      expect(claims.flatMap((c) => c.sent)).toEqual([]);
    });

    it('lets a message whose sender died be claimed again once the claim lapsed, never one marked sent', async () => {
      expect((await store.claimDeliveries(['m:a', 'm:b'], AT, new Date(AT.getTime() - 60_000))).claimed).toEqual(['m:a', 'm:b']);
      await store.markDelivered(['m:a'], AT);
      const soon = new Date(AT.getTime() + 30_000);
      expect(await store.claimDeliveries(['m:a', 'm:b'], soon, new Date(soon.getTime() - 60_000))).toEqual({ claimed: [], sent: ['m:a'] });
      const later = new Date(AT.getTime() + 120_000);
      expect(await store.claimDeliveries(['m:a', 'm:b'], later, new Date(later.getTime() - 60_000))).toEqual({ claimed: ['m:b'], sent: ['m:a'] });
      expect((await store.claimDeliveries(['m:b'], later, new Date(later.getTime() - 60_000))).claimed).toEqual([]);
    });
  });
});
