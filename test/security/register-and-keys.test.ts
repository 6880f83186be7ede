import { sealedKeyIds } from '../../src/domain/case';
import { hashOf, type RegisterEvent } from '../../src/domain/register';
import type { Actor } from '../../src/domain/roles';
import { KeyRing } from '../../src/services/crypto';
import { MaintenanceService, type RotationOutcome } from '../../src/services/maintenance';
import { RegisterService } from '../../src/services/register';
import type { Store } from '../../src/store/store';
import { sequentialIds } from '../support/clock';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

const OLD = { id: 'old2025', key: Buffer.alloc(32, 1) };
const NEW = { id: 'new2026', key: Buffer.alloc(32, 2) };

/**
 * What operators run against the record (G11: a confidential register that can be trusted):
 * the register check finds entries changed behind Amparo's back, and key rotation leaves no
 * text under the old key without losing or changing any of them.
 */
describe.each(STORE_KINDS)('record maintenance on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let rapporteur: Actor;
  let chair: Actor;

  beforeEach(async () => {
    under = await openStore(kind, 'maintenance');
    h = await harness(under.store, undefined, new KeyRing([OLD]));
    rapporteur = h.actor(CAST.rapporteur);
    chair = h.actor(CAST.chair);
  });

  afterEach(async () => {
    await under.dispose();
  });

  /** A case with a sealed value in every place one can be: intake, assessment, decision, closure, reopening. */
  async function fullCase(key: string): Promise<string> {
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), key);
    const ref = c.reference;
    await h.services.cases.recordSources(rapporteur, ref, ['secretariat'], 'spoke to the NGO in Bergen');
    await h.services.cases.consultCountryRapporteur(rapporteur, ref, CAST.countryRapporteur._id, 'the country rapporteur confirms');
    await h.services.cases.recordOutcome(rapporteur, ref, 'substantiated', 'followed home after the session');
    const { proposal } = await h.services.cases.propose(rapporteur, ref, { type: 'G19', details: 'letter to the mission', doNoHarm: 'low exposure', deadlineDays: 30 });
    await h.services.cases.decide(chair, ref, proposal.id, 'approved', 'chair', 'approved in the bureau');
    await h.services.cases.extendDeadline(chair, ref, proposal.id, 10, 'mission closed for holidays');
    await h.services.cases.completeAction(rapporteur, ref, proposal.id, 'letter sent');
    await h.services.cases.close(rapporteur, ref, 'actions_completed', 'the person is safe');
    await h.services.cases.reopen(rapporteur, ref, 'new threats reported');
    // Its reminders are planned in the background: let that finish before the register is read.
    await h.services.scheduler.planned();
    return ref;
  }

  function maintenance(store: Store, keys: KeyRing): MaintenanceService {
    const ids = sequentialIds('maintenance');
    return new MaintenanceService({ store, keys, clock: h.clock, ids, register: new RegisterService(store, ids) });
  }

  async function caseId(reference: string): Promise<string> {
    return ((await under.store.findCaseByReference(reference)) as { _id: string })._id;
  }

  it('G11: an untouched register is reported intact, with every case and entry counted', async () => {
    await fullCase('a');
    await fullCase('b');
    const report = await maintenance(under.store, new KeyRing([OLD])).verifyRegister();
    expect(report.broken).toEqual([]);
    expect(report.cases).toBe(2);
    expect(report.entries).toBeGreaterThan(20);
    const heard: Array<{ entries: number; head: string }> = [];
    await maintenance(under.store, new KeyRing([OLD])).verifyRegister(({ entries, head }) => heard.push({ entries, head }));
    const last = (await under.store.lastEvent(await caseId('CAT-2026-0001'))) as RegisterEvent;
    expect(heard[0]).toEqual({ entries: last.seq, head: last.hash });
  });

  it('G11: an entry whose content was changed is named, with the case it belongs to', async () => {
    const ref = await fullCase('a');
    await fullCase('b');
    await under.tamperEvent(await caseId(ref), 3, { actorId: 'somebody-else' });
    const heard: string[] = [];
    const report = await maintenance(await under.reopen(), new KeyRing([OLD])).verifyRegister(({ reference, broken }) => heard.push(`${reference}:${broken ? broken.seq : 'ok'}`));
    expect(report.broken).toEqual([{ reference: ref, seq: 3, problem: 'altered' }]);
    expect(heard).toEqual([`${ref}:3`, 'CAT-2026-0002:ok']);
  });

  it('G11: an entry rewritten with a freshly computed hash is still caught, by the link after it', async () => {
    const ref = await fullCase('a');
    const id = await caseId(ref);
    const entry = (await under.store.listEvents(id)).find((e) => e.seq === 4) as RegisterEvent;
    const { hash: _old, ...rest } = { ...entry, actorId: 'somebody-else' };
    await under.tamperEvent(id, 4, { actorId: 'somebody-else', hash: hashOf(rest) });
    const report = await maintenance(await under.reopen(), new KeyRing([OLD])).verifyRegister();
    expect(report.broken).toEqual([{ reference: ref, seq: 4, problem: 'altered' }]);
  });

  it('G11: a deleted entry is reported missing at its place in the chain', async () => {
    const ref = await fullCase('a');
    await under.tamperEvent(await caseId(ref), 5, 'delete');
    const report = await maintenance(await under.reopen(), new KeyRing([OLD])).verifyRegister();
    expect(report.broken).toEqual([{ reference: ref, seq: 5, problem: 'missing' }]);
  });

  it('G11: "audit verify" walks each committee\'s register of roles too, and names an altered or deleted grant', async () => {
    await fullCase('a');
    const chair = h.actor(CAST.chair);
    const nina = await h.services.people.assignRole(chair, { identityKey: 'console:nina', committee: 'CAT', role: 'rapporteur', start: h.clock.now() }, async () => ({ displayName: 'Nina' }));
    await h.services.people.assignRole(chair, { identityKey: 'console:ivo', committee: 'CAT', role: 'security_focal_point', start: h.clock.now() }, async () => ({ displayName: 'Ivo' }));
    await h.services.people.endRole(chair, nina._id, nina.roles[0]?.id as string, h.clock.now());
    const heard: string[] = [];
    const intact = await maintenance(under.store, new KeyRing([OLD])).verifyRegister(({ reference, entries, broken }) => heard.push(`${reference}:${broken ? broken.seq : entries}`));
    expect(intact.broken).toEqual([]);
    expect(intact.cases).toBe(1);
    expect(heard).toContain('roles:CAT:3');
    expect(heard.filter((line) => line.startsWith('roles:'))).toEqual(['roles:CAT:3']);

    await under.tamperEvent('roles:CAT', 2, { data: { ...(await under.store.listEvents('roles:CAT'))[1]?.data, role: 'chair' } });
    const altered = await maintenance(await under.reopen(), new KeyRing([OLD])).verifyRegister();
    expect(altered.broken).toEqual([{ reference: 'roles:CAT', seq: 2, problem: 'altered' }]);
  });

  it('G11: a grant deleted from the register of roles is reported missing', async () => {
    const chair = h.actor(CAST.chair);
    for (const handle of ['nina', 'ivo']) {
      await h.services.people.assignRole(chair, { identityKey: `console:${handle}`, committee: 'CAT', role: 'rapporteur', start: h.clock.now() }, async () => ({ displayName: handle }));
    }
    await under.tamperEvent('roles:CAT', 1, 'delete');
    const report = await maintenance(await under.reopen(), new KeyRing([OLD])).verifyRegister();
    expect(report.broken).toEqual([{ reference: 'roles:CAT', seq: 1, problem: 'missing' }]);
  });

  it('G11: key rotation seals every text under the new key, records it, and loses nothing', async () => {
    const ref = await fullCase('a');
    const before = await h.services.reader.open(rapporteur, ref);
    const both = new KeyRing([NEW, OLD]);
    const outcomes: RotationOutcome[] = [];
    const report = await maintenance(under.store, both).rotateKeys((outcome) => outcomes.push(outcome));

    expect(report).toEqual({ cases: 1, resealed: 1, failed: [] });
    expect(outcomes).toEqual([{ reference: ref, result: 'resealed', from: ['old2025'] }]);
    const stored = await under.store.getCase(await caseId(ref));
    expect(sealedKeyIds(stored as NonNullable<typeof stored>)).toEqual(['new2026']);
    expect(await under.rawDump()).not.toMatch(/v[12]\.old2025\./);

    // The new key alone now opens every text, and they read as before.
    const onlyNew = await harness(await under.reopen(), h.clock, new KeyRing([NEW]));
    const after = await onlyNew.services.reader.open(onlyNew.actor(CAST.rapporteur), ref);
    expect(after.texts).toEqual(before.texts);
    expect(after.history.map((e) => e.type)).toContain('case.resealed');
    expect(after.history.find((e) => e.type === 'case.resealed')?.data).toEqual({ from: 'old2025', to: 'new2026' });
  });

  it('G11: a second rotation changes nothing and the register stays intact', async () => {
    await fullCase('a');
    const both = new KeyRing([NEW, OLD]);
    await maintenance(under.store, both).rotateKeys();
    const entries = (await under.store.listEvents(await caseId('CAT-2026-0001'))).length;
    const again = await maintenance(under.store, both).rotateKeys();
    expect(again).toEqual({ cases: 1, resealed: 0, failed: [] });
    expect((await under.store.listEvents(await caseId('CAT-2026-0001'))).length).toBe(entries);
    expect((await maintenance(under.store, both).verifyRegister()).broken).toEqual([]);
  });

  it('a rotation without the old key refuses that case, says which key is missing, and changes nothing', async () => {
    const ref = await fullCase('a');
    const stored = await under.store.findCaseByReference(ref);
    const report = await maintenance(under.store, new KeyRing([NEW])).rotateKeys();
    expect(report.resealed).toBe(0);
    expect(report.failed).toEqual([{ reference: ref, reason: expect.stringContaining('"old2025"') }]);
    expect(await under.store.findCaseByReference(ref)).toEqual(stored);
  });
});
