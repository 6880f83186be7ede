import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case, Sealed } from '../../src/domain/case';
import { defineCommittee } from '../../src/domain/committee';
import { chain, type RegisterEvent } from '../../src/domain/register';
import type { Reminder } from '../../src/domain/reminders';
import { nodeDisk, type FileIdentity, type JournalDisk } from '../../src/store/embedded-disk';
import { isJournal, JournalDamaged, type Place } from '../../src/store/embedded-format';
import { EmbeddedStore, type EmbeddedStoreOptions } from '../../src/store/embedded-store';
import { readSnapshot, writeSnapshot } from '../../src/store/json-file';
import { StoreUnavailable } from '../../src/store/store';
import { caseRecord as aCase, RECORDED_AT as AT } from '../support/case-record';
import { person } from '../support/people';

/**
 * What the embedded store's journal promises beyond the Store contract: a caller told "saved"
 * finds its change after any crash; a write that never finished is ignored; compaction loses
 * nothing; a snapshot of an earlier version is carried over; delivery keys are forgotten after
 * their lifetime; and a change writes what it changes, not the whole store.
 */
const DAY = 24 * 60 * 60 * 1000;

/** The real file system, counting the bytes each append and each rewrite puts on the disk. */
class CountingDisk implements JournalDisk {
  appended: number[] = [];
  rewritten: number[] = [];
  read = nodeDisk.read;
  removeUnfinished = nodeDisk.removeUnfinished;

  append(file: string, expected: FileIdentity, at: number, bytes: Buffer, blanks: Place[]): Promise<FileIdentity> {
    this.appended.push(bytes.length + blanks.reduce((sum, b) => sum + b.length, 0));
    return nodeDisk.append(file, expected, at, bytes, blanks);
  }

  replace(file: string, expected: FileIdentity | undefined, chunks: Buffer[]): Promise<FileIdentity> {
    this.rewritten.push(chunks.reduce((sum, c) => sum + c.length, 0));
    return nodeDisk.replace(file, expected, chunks);
  }
}

/** The file system of a machine that loses power in the middle of the next append: `land` says which of its bytes reached the disk. */
function crashingDisk(land: (bytes: Buffer) => Buffer): JournalDisk & { armed: boolean } {
  return {
    armed: false,
    read: nodeDisk.read,
    replace: nodeDisk.replace,
    removeUnfinished: nodeDisk.removeUnfinished,
    async append(file, expected, at, bytes, blanks) {
      if (!this.armed) return nodeDisk.append(file, expected, at, bytes, blanks);
      const handle = await open(file, 'r+');
      const landed = land(bytes);
      await handle.write(landed, 0, landed.length, at);
      await handle.close();
      throw new Error('power cut');
    },
  };
}

function entries(caseId: string, count: number): RegisterEvent[] {
  const out: RegisterEvent[] = [];
  for (let i = 0; i < count; i++) out.push(chain(caseId, out[i - 1] ?? null, { id: `${caseId}-e${i}`, at: AT, actorId: 'a', type: 'case.opened', data: { i } }));
  return out;
}

/** A case the size intake makes: sealed narrative, victim, place and contact. */
function intakeCase(seq: number): Case {
  const sealed = (n: number) => `v1.k1.${'x'.repeat(16)}.${'y'.repeat(n)}.${'z'.repeat(22)}` as Sealed;
  return aCase(seq, { sealed: { narrative: sealed(1200), victim: sealed(60), place: sealed(40), sourceContact: sealed(40) }, alertOwed: true });
}

describe('the embedded store on disk', () => {
  let dir: string;
  let file: string;
  const opened: EmbeddedStore[] = [];

  async function openFile(options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
    const store = new EmbeddedStore(file, options);
    opened.push(store);
    await store.init();
    return store;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-durability-'));
    file = join(dir, 'store.json');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  /** Three acknowledged batches: two cases, one replaced, a register chain. */
  async function acknowledged(store: EmbeddedStore): Promise<void> {
    await store.insertCase(aCase(1));
    await store.insertCase(aCase(2));
    await store.replaceCase({ ...aCase(1), status: 'under_assessment', version: 2 }, 1);
    for (const e of entries('case-1', 3)) await store.appendEvent(e);
  }

  async function expectAcknowledged(store: EmbeddedStore): Promise<void> {
    expect(await store.getCase('case-1')).toEqual({ ...aCase(1), status: 'under_assessment', version: 2 });
    expect(await store.getCase('case-2')).toEqual(aCase(2));
    expect(await store.listEvents('case-1')).toEqual(entries('case-1', 3));
  }

  describe('a write a crash cut short', () => {
    const cuts: Array<[string, (bytes: Buffer) => Buffer]> = [
      ['half of its first line', (b) => b.subarray(0, b.indexOf(0x0a) >> 1)],
      ['all its changes but not the commit line', (b) => b.subarray(0, b.lastIndexOf(0x0a, b.length - 2) + 1)],
      ['all but the last byte', (b) => b.subarray(0, b.length - 1)],
      ['all of it but its first line, lost before the rest', (b) => Buffer.concat([Buffer.alloc(b.indexOf(0x0a) + 1), b.subarray(b.indexOf(0x0a) + 1)])],
    ];

    it.each(cuts)('is ignored when the disk got %s, and everything acknowledged before it is there', async (_what, land) => {
      const disk = crashingDisk(land);
      const store = await openFile({ disk });
      await acknowledged(store);

      disk.armed = true;
      const unfinished = [store.insertCase(aCase(3)), store.replaceCase({ ...aCase(2), status: 'closed', version: 2 }, 1), store.appendEvent(entries('case-1', 4)[3] as RegisterEvent)];
      for (const write of unfinished) await expect(write).rejects.toBeInstanceOf(StoreUnavailable);
      // Memory is ahead of the file now: the store says so rather than acknowledge more.
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(store.insertCase(aCase(4))).rejects.toBeInstanceOf(StoreUnavailable);

      const after = await openFile();
      await expectAcknowledged(after);
      expect(await after.getCase('case-3')).toBeNull();
      expect(await after.listEvents('case-1')).toHaveLength(3);

      // The next write goes where the cut one began, and is read back with the rest.
      await after.insertCase(aCase(3, { stateParty: 'AFTER' }));
      const again = await openFile();
      await expectAcknowledged(again);
      expect((await again.getCase('case-3'))?.stateParty).toBe('AFTER');
    });
  });

  it('reads a replaced line a crash left half blanked as replaced, and finishes blanking it', async () => {
    const store = await openFile();
    await store.insertCase(aCase(1, { stateParty: 'FIRST-VERSION' }));
    const before = await readFile(file);
    await store.replaceCase({ ...aCase(1), stateParty: 'SECOND', version: 2 }, 1);
    const after = await readFile(file);
    let start = 0;
    while (before[start] === after[start]) start++;
    // The blanking reached the disk only past the middle of the line.
    const line = before.subarray(start, before.indexOf(0x0a, start));
    expect(line.toString()).toContain('FIRST-VERSION');
    const handle = await open(file, 'r+');
    await handle.write(line, 0, line.length - 20, start);
    await handle.close();
    expect((await readFile(file, 'utf8')).includes('FIRST-VERSION')).toBe(true);

    const reopened = await openFile();
    expect(await reopened.getCase('case-1')).toMatchObject({ stateParty: 'SECOND', version: 2 });
    expect((await readFile(file, 'utf8')).includes('FIRST-VERSION')).toBe(false);
  });

  it('refuses to start on a line of a completed batch that does not read, rather than drop it', async () => {
    const store = await openFile();
    await acknowledged(store);
    const bytes = await readFile(file);
    bytes.write('#', bytes.indexOf('"id":"case-2"') + 3);
    await writeFile(file, bytes);
    await expect(new EmbeddedStore(file).init()).rejects.toBeInstanceOf(JournalDamaged);
  });

  it('gives concurrent callers one fsync together, and the file keeps the order they saw', async () => {
    const disk = new CountingDisk();
    const store = await openFile({ disk });
    await store.insertCase(aCase(1));
    disk.appended = [];
    const chainOf = entries('case-1', 10);
    const results = await Promise.all([
      ...chainOf.map((e) => store.appendEvent(e)),
      ...[2, 3, 4].map((v) => store.replaceCase({ ...aCase(1), stateParty: `S${v}`, version: v }, v - 1)),
      store.replaceCase({ ...aCase(1), stateParty: 'S2-late', version: 2 }, 1),
    ]);
    expect(results.slice(10)).toEqual([true, true, true, false]);
    expect(disk.appended).toHaveLength(1);
    const reopened = await openFile();
    expect(await reopened.listEvents('case-1')).toEqual(chainOf);
    expect(await reopened.getCase('case-1')).toMatchObject({ stateParty: 'S4', version: 4 });
  });

  /** Every kind of document, then each case replaced `versions` times and one held submission released. */
  async function busyStore(store: EmbeddedStore, versions: number): Promise<void> {
    await store.saveCommittee(defineCommittee({ _id: 'CAT', name: 'Committee against Torture', assessmentTargetDays: 5, securityContact: '' }));
    await store.insertPerson(person('amina', 'rapporteur'));
    for (const id of ['slack:T:V1', 'slack:T:V2']) await store.holdSubmission({ _id: id, personId: 'amina', formId: 'intake', context: '', answers: 'sealed' as Sealed, replyTo: { userId: 'U1' }, at: AT });
    await store.insertReminder({ _id: 'r1', series: 'assessment:s', kind: 'assessment_due', recipientId: 'amina', committee: 'CAT', caseId: 'case-1', dueAt: AT, urgent: false, status: 'pending', attempts: 0, createdAt: AT, version: 1 });
    for (let seq = 1; seq <= 20; seq++) await store.insertCase(intakeCase(seq));
    for (const e of entries('case-1', 5)) await store.appendEvent(e);
    for (let version = 2; version <= versions; version++) for (let seq = 1; seq <= 20; seq++) await store.replaceCase({ ...intakeCase(seq), stateParty: `V${version}`, version }, version - 1);
    await store.releaseSubmission('slack:T:V1');
  }

  async function snapshotOf(store: EmbeddedStore) {
    return {
      committees: await store.listCommittees(),
      people: await store.listPeopleOfCommittee('CAT'),
      cases: await store.listCases({}),
      events: await store.listEvents('case-1'),
      held: await store.heldSubmissions(),
      reminders: await store.findReminders({}),
    };
  }

  it('compaction keeps everything and shrinks the file', async () => {
    const store = await openFile({ compaction: { minBytes: Number.POSITIVE_INFINITY } });
    await busyStore(store, 6);
    const before = await snapshotOf(store);
    const grown = (await stat(file)).size;
    await store.compact();
    const compacted = (await stat(file)).size;
    expect(compacted).toBeLessThan(grown / 4);
    expect(await snapshotOf(await openFile())).toEqual(before);
    // What was replaced or removed is in neither file.
    expect((await readFile(file, 'utf8')).match(/"V[2-5]"|slack:T:V1/)).toBeNull();
  });

  it('compacts by itself once replaced text is half the file, so the file stays near twice what it holds', async () => {
    const disk = new CountingDisk();
    const minBytes = 64 * 1024;
    const store = await openFile({ disk, compaction: { minBytes, ratio: 2 } });
    await busyStore(store, 15);
    expect(disk.rewritten.length).toBeGreaterThan(1);
    const grown = (await stat(file)).size;
    const before = await snapshotOf(store);
    await store.compact();
    const live = (await stat(file)).size;
    // At most one batch (here one case) past the threshold.
    expect(grown).toBeLessThanOrEqual(Math.max(minBytes, 2 * live) + live / 10);
    expect(await snapshotOf(await openFile())).toEqual(before);
  });

  it('keeps the journal as it was when a crash interrupts a compaction, and removes the unfinished copy at the next start', async () => {
    const interrupted: JournalDisk = {
      ...nodeDisk,
      async replace(target, expected, chunks) {
        if (expected === undefined) return nodeDisk.replace(target, expected, chunks);
        await writeFile(`${target}.compacting`, chunks[0]?.subarray(0, 100) ?? '');
        throw new Error('power cut');
      },
    };
    const store = await openFile({ disk: interrupted });
    await acknowledged(store);
    await expect(store.compact()).rejects.toBeInstanceOf(StoreUnavailable);
    await writeFile(`${file}.4242.tmp`, '{"cases":[]}');
    expect((await readdir(dir)).sort()).toEqual(['store.json', 'store.json.4242.tmp', 'store.json.compacting']);
    await expectAcknowledged(await openFile());
    expect(await readdir(dir)).toEqual(['store.json']);
  });

  it('carries a snapshot of an earlier version (store.json) into its journal once, owed alerts included', async () => {
    const reminder: Reminder = { _id: 'r1', series: 'assessment:s', kind: 'assessment_due', recipientId: 'amina', committee: 'CAT', caseId: 'case-1', dueAt: AT, urgent: false, status: 'pending', attempts: 0, createdAt: AT, version: 1 };
    const legacy = {
      committees: [defineCommittee({ _id: 'CAT', name: 'Committee against Torture', assessmentTargetDays: 5, securityContact: '' })],
      people: [person('amina', 'rapporteur')],
      cases: [aCase(1), aCase(2)],
      events: entries('case-1', 2),
      deliveries: [{ _id: 'slack:1', at: AT }],
      pendingAlerts: [{ _id: 'case-2', at: AT }],
      heldSubmissions: [],
      conversations: [{ _id: 'teams:t:u', reference: { conversation: { id: 'a:1' } }, at: AT }],
      reminders: [reminder],
      acknowledgedSeries: [{ _id: 'urgent:case-1', at: AT, by: 'chen' }],
      practices: [],
    };
    await writeSnapshot(file, legacy);

    // A crash before the journal replaces the snapshot leaves the snapshot as it was.
    const failing: JournalDisk = { ...nodeDisk, replace: async () => Promise.reject(new Error('power cut')) };
    await expect(new EmbeddedStore(file, { disk: failing }).init()).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await readSnapshot(file)).toEqual(legacy);

    const store = await openFile();
    expect(isJournal(await readFile(file))).toBe(true);
    expect(await store.listCommittees()).toEqual(legacy.committees);
    expect(await store.findPersonByIdentity('console:amina')).toEqual(legacy.people[0]);
    expect(await store.listCases({})).toEqual([aCase(1), { ...aCase(2), alertOwed: true }]);
    expect(await store.casesOwingAlerts()).toEqual(['case-2']);
    expect(await store.listEvents('case-1')).toEqual(legacy.events);
    expect(await store.claimDelivery('slack:1', AT)).toBe(false);
    expect(await store.getConversation('teams:t:u')).toEqual({ conversation: { id: 'a:1' } });
    expect(await store.getReminder('r1')).toEqual(reminder);
    expect(await store.acknowledgedSeries(['urgent:case-1', 'urgent:case-2'])).toEqual(['urgent:case-1']);

    // Once: the next start reads the journal and writes nothing.
    const carried = await readFile(file);
    const again = await openFile();
    expect(await again.listCases({})).toHaveLength(2);
    expect(await readFile(file)).toEqual(carried);
  });

  it('forgets delivery keys past their lifetime: gone from the file, and claimable again', async () => {
    const store = await openFile({ deliveryKeyDays: 7 });
    const day = (n: number) => new Date(AT.getTime() + n * DAY);
    expect(await store.claimDelivery('slack:old', day(0))).toBe(true);
    expect(await store.claimDelivery('slack:mid', day(3))).toBe(true);
    expect(await store.claimDelivery('slack:old', day(6))).toBe(false);
    expect(await store.claimDelivery('slack:new', day(8))).toBe(true);
    const keys = async () => ((await readSnapshot(file))?.deliveries ?? []).map((d) => (d as { _id: string })._id);
    expect(await keys()).toEqual(['slack:mid', 'slack:new']);
    expect((await readFile(file, 'utf8')).includes('"put":{"_id":"slack:old"')).toBe(false);
    expect(await store.claimDelivery('slack:old', day(8))).toBe(true);
    expect(await store.claimDelivery('slack:mid', day(10))).toBe(true);
    const reopened = await openFile({ deliveryKeyDays: 7 });
    expect(await reopened.claimDelivery('slack:old', day(9))).toBe(false);
    expect(await keys()).toEqual(['slack:new', 'slack:old', 'slack:mid']);

    // A message's claim too, sent or not, as MongoDB's TTL index removes either.
    expect(await reopened.claimDeliveries(['m:1'], day(10), day(9))).toEqual({ claimed: ['m:1'], sent: [] });
    await reopened.markDelivered(['m:1'], day(10));
    expect(await reopened.claimDeliveries(['m:1'], day(16), day(15))).toEqual({ claimed: [], sent: ['m:1'] });
    expect(await reopened.claimDeliveries(['m:1'], day(17), day(16))).toEqual({ claimed: ['m:1'], sent: [] });
    expect(await keys()).toEqual(['m:1']);
  });

  describe('what a change costs', () => {
    /** Bytes the disk takes per change (an intake's insert and a later replace) with `cases` stored. */
    async function bytesPerChange(cases: number): Promise<{ perChange: number; fileBytes: number; rewrites: number }> {
      const disk = new CountingDisk();
      const store = await openFile({ disk });
      await Promise.all(Array.from({ length: cases }, (_, i) => store.insertCase(intakeCase(i + 1))));
      disk.appended = [];
      disk.rewritten = [];
      const intakes = 25;
      for (let seq = cases + 1; seq <= cases + intakes; seq++) {
        await store.insertCase(intakeCase(seq));
        await store.replaceCase({ ...intakeCase(seq), status: 'under_assessment', version: 2 }, 1);
      }
      const written = [...disk.appended, ...disk.rewritten].reduce((sum, n) => sum + n, 0);
      return { perChange: written / (2 * intakes), fileBytes: (await stat(file)).size, rewrites: disk.rewritten.length };
    }

    it('is the same at 1,000 and at 10,000 cases: the document, not the store', async () => {
      const small = await bytesPerChange(1_000);
      await rm(file);
      const large = await bytesPerChange(10_000);
      expect(large.fileBytes).toBeGreaterThan(9 * small.fileBytes);
      expect(large.perChange / small.perChange).toBeGreaterThan(0.95);
      expect(large.perChange / small.perChange).toBeLessThan(1.05);
      // Rewriting the whole store per change, as the snapshot file did, would cost the file's size.
      expect(large.perChange).toBeLessThan(large.fileBytes / 1000);
      expect([small.rewrites, large.rewrites]).toEqual([0, 0]);
    }, 60_000);
  });
});
