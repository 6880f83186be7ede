import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESTROYED, type Case } from '../../src/domain/case';
import { entriesHoldingTexts } from '../../src/domain/retention';
import { defineCommittee } from '../../src/domain/committee';
import { ArchiveService } from '../../src/services/archive';
import { MaintenanceService } from '../../src/services/maintenance';
import { RegisterService } from '../../src/services/register';
import { ReportService } from '../../src/services/reports';
import { RetentionService } from '../../src/services/retention';
import type { Store } from '../../src/store/store';
import { DAY, TestClock, sequentialIds } from '../support/clock';
import { allegation, assessedCase, CAST, harness, TEST_KEY } from '../support/harness';
import { planRegister } from '../support/register-generator';
import { openedJson, sealedTexts, sealedValues, storeWithRegister } from '../support/sealed-register';
import { STORE_KINDS, type StoreUnderTest } from '../support/stores';
import { EmbeddedStore } from '../../src/store/embedded-store';

/**
 * Retention: the texts of cases closed more than `retentionYears` ago are archived,
 * then destroyed; the anonymous statistics stay (G15, G32: every report gives the same figures),
 * the register records each destruction and still verifies (G11), and no copy of a destroyed
 * text remains in the store. A dry run changes nothing.
 */
const NOW = new Date('2029-06-01T08:00:00Z');
const YEARS = 3;
const SIZE = { embedded: 240, mongodb: 70 } as const;
const PERIODS = [
  { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2028-01-01T00:00:00Z') },
  { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') },
];

function services(store: Store, clock = new TestClock(NOW)) {
  const ids = sequentialIds('retention');
  const register = new RegisterService(store, ids);
  const archive = new ArchiveService({ store, keys: TEST_KEY, clock, ids, register });
  return {
    archive,
    retention: new RetentionService({ store, clock, ids, register, archive }),
    maintenance: new MaintenanceService({ store, keys: TEST_KEY, clock, ids, register }),
    reports: new ReportService({ store, clock, keys: TEST_KEY }),
  };
}

async function figures(store: Store): Promise<string> {
  const { reports } = services(store);
  const all = [];
  for (const period of PERIODS) for (const committee of ['CAT', 'CCPR'] as const) all.push(await reports.progress(committee, period));
  return JSON.stringify(all);
}

describe.each(STORE_KINDS)('retention on the %s store', (kind) => {
  let subject: StoreUnderTest;
  let dir: string;
  let before: Case[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-retention-'));
    subject = await storeWithRegister(kind, 'retention', planRegister(SIZE[kind], ['CAT', 'CCPR'], 5), sealedTexts(TEST_KEY));
    await subject.store.saveCommittee(defineCommittee({ _id: 'CAT', name: 'Committee against Torture', retentionYears: YEARS }));
    // Every case changed once since stored: on MongoDB its first version is kept as a commit.
    for (const c of await subject.store.listCases({})) await subject.store.replaceCase({ ...c, updatedAt: NOW, version: c.version + 1 }, c.version);
    before = await subject.store.listCases({});
  });

  afterAll(async () => {
    await subject.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('dry run: lists the CAT cases closed more than three years ago, and changes nothing', async () => {
    const dump = await subject.rawDump();
    const store = await subject.reopen();
    const plan = await services(store).retention.plan('CAT', YEARS);
    const cutoff = new Date('2026-06-01T08:00:00Z');
    const expected = before.filter((c) => c.committee === 'CAT' && c.closure && c.closure.at < cutoff).map((c) => c.reference);
    expect(expected.length).toBeGreaterThan(0);
    expect(plan).toMatchObject({ committee: 'CAT', years: YEARS, cutoff, cases: before.filter((c) => c.committee === 'CAT').length });
    expect(plan.due.map((d) => d.reference)).toEqual(expected);
    expect(plan.due.every((d) => d.texts >= 3)).toBe(true);
    expect(await subject.rawDump()).toBe(dump);
  });

  it('apply: archives, then destroys the texts of only the due cases; the figures, the register and the archive hold', async () => {
    const store = await subject.reopen();
    const { retention, maintenance } = services(store);
    const figuresBefore = await figures(store);
    const plan = await retention.plan('CAT', YEARS);
    const due = new Set(plan.due.map((d) => d.caseId));
    const destroyedTexts = before.filter((c) => due.has(c._id)).flatMap(sealedValues);
    const keptTexts = before.filter((c) => !due.has(c._id)).flatMap(sealedValues);
    const file = join(dir, 'cat-retention.amparo');

    const heard: string[] = [];
    const report = await retention.apply('CAT', YEARS, await store.getCommittee('CAT'), file, { onCase: (o) => heard.push(o.result) });
    expect(report).toMatchObject({ destroyed: due.size, skipped: 0, failed: [] });
    expect(report.archive).toMatchObject({ cases: due.size, purpose: 'retention' });
    expect(heard).toEqual([...due].map(() => 'destroyed'));

    for (const c of before) {
      const now = (await store.getCase(c._id)) as Case;
      if (!due.has(c._id)) {
        expect(JSON.stringify(now)).toBe(JSON.stringify(c));
        continue;
      }
      expect(sealedValues(now).every((v) => v === DESTROYED)).toBe(true);
      expect(now.incidentDate).toBeUndefined();
      expect(now.textsDestroyed).toEqual({ at: NOW, by: 'system', archiveId: report.archive?.id });
      expect((await store.listEvents(c._id)).at(-1)).toMatchObject({ type: 'retention.destroyed', actorId: 'system', data: { archiveId: report.archive?.id, texts: sealedValues(c).length, retentionYears: YEARS } });
    }
    expect(await figures(store)).toBe(figuresBefore);
    expect((await maintenance.verifyRegister()).broken).toEqual([]);

    // No copy of a destroyed text is left anywhere in the store; the others are untouched.
    const raw = await subject.rawDump();
    expect(destroyedTexts.filter((t) => raw.includes(t))).toEqual([]);
    expect(keptTexts.every((t) => raw.includes(t))).toBe(true);

    // The archive keeps them: imported elsewhere, the cases are as they were before.
    const elsewhere = new EmbeddedStore();
    const other = services(elsewhere).archive;
    await other.import(await other.read(file));
    for (const c of before.filter((x) => due.has(x._id))) expect(openedJson((await elsewhere.getCase(c._id)) as Case, TEST_KEY)).toBe(openedJson(c, TEST_KEY));

    // Run again: nothing is due, no archive is written.
    const again = await services(store).retention.apply('CAT', YEARS, null, join(dir, 'again.amparo'));
    expect(again).toMatchObject({ destroyed: 0, failed: [], plan: { due: [] } });
    expect(existsSync(join(dir, 'again.amparo'))).toBe(false);
  });
});

describe('a case whose texts were destroyed', () => {
  it('G11: cannot be opened or reopened, keeps counting, and key rotation passes over it', async () => {
    const store = new EmbeddedStore();
    const clock = new TestClock(new Date('2026-03-10T09:00:00Z'));
    const h = await harness(store, clock);
    const dir = await mkdtemp(join(tmpdir(), 'amparo-retention-one-'));
    try {
      const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'one');
      await h.services.cases.close(h.actor(CAST.chair), c.reference, 'withdrawn_by_source', 'the source asked to stop');
      clock.advance(4 * 365 * DAY);
      const { retention, reports } = services(store, clock);
      const counted = JSON.stringify(await reports.progress('CAT', PERIODS[0] as (typeof PERIODS)[0]));
      const report = await retention.apply('CAT', YEARS, null, join(dir, 'one.amparo'));
      expect(report.destroyed).toBe(1);
      expect(JSON.stringify(await reports.progress('CAT', PERIODS[0] as (typeof PERIODS)[0]))).toBe(counted);
      expect(JSON.parse(counted)).toMatchObject({ received: 1, byStatus: { closed: 1 } });
      await expect(h.services.reader.open(h.actor(CAST.chair), c.reference)).rejects.toMatchObject({ code: 'INVALID_STATE', messageKey: 'retention.case_destroyed' });
      await expect(h.services.cases.reopen(h.actor(CAST.chair), c.reference, 'new facts')).rejects.toMatchObject({ messageKey: 'retention.case_destroyed' });
      expect(await h.services.reader.status(h.actor(CAST.member), c.reference)).toMatchObject({ status: 'closed' });
      const rotated = await services(store, clock).maintenance.rotateKeys();
      expect(rotated).toEqual({ cases: 1, resealed: 0, failed: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('G11, G32: a register written by the whole workflow carries no sealed text, so destroying the texts leaves the chain intact', async () => {
    const store = new EmbeddedStore();
    const clock = new TestClock(new Date('2026-03-10T09:00:00Z'));
    const h = await harness(store, clock);
    const dir = await mkdtemp(join(tmpdir(), 'amparo-retention-flow-'));
    try {
      const rapporteur = h.actor(CAST.rapporteur);
      const chair = h.actor(CAST.chair);
      const reference = await assessedCase(h);
      const { proposal } = await h.services.cases.propose(rapporteur, reference, { type: 'G21', details: 'letter to the State', doNoHarm: 'no name given', deadlineDays: 30 });
      await h.services.cases.decide(chair, reference, proposal.id, 'approved', 'chair', 'go ahead');
      await h.services.cases.extendDeadline(chair, reference, proposal.id, 10, 'the State asked for time');
      await h.services.cases.completeAction(rapporteur, reference, proposal.id, 'the State replied');
      await h.services.cases.updateConsent(rapporteur, reference, { kind: 'publication', answer: 'no', informed: true, how: 'written' });
      await h.services.cases.close(chair, reference, 'actions_completed', 'done');
      await h.services.cases.reopen(chair, reference, 'new facts');
      await h.services.cases.close(chair, reference, 'actions_completed', 'done again');
      await h.services.reader.open(chair, reference);
      const c = (await store.findCaseByReference(reference)) as Case;
      const history = await store.listEvents(c._id);
      expect(history.length).toBeGreaterThan(12);
      expect(entriesHoldingTexts(history)).toEqual([]);

      clock.advance(4 * 365 * DAY);
      const report = await services(store, clock).retention.apply('CAT', YEARS, null, join(dir, 'flow.amparo'));
      expect(report).toMatchObject({ destroyed: 1, failed: [] });
      const after = await store.listEvents(c._id);
      expect(after.slice(0, history.length)).toEqual(history);
      expect(after.at(-1)?.type).toBe('retention.destroyed');
      expect(await services(store, clock).maintenance.verifyRegister()).toMatchObject({ cases: 1, broken: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
