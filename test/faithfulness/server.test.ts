import { MongoServerError, type Collection, type Document } from 'mongodb';
import { indexes, sampleQueries, type IndexedQuery } from '../../src/store/mongo-schema';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * Is the test server faithful to MongoDB where the MongoDB store relies on it? The store is
 * written in MongoDB's own idiom (src/store/mongo-store.ts): conditional single-document
 * writes, claims with findOneAndUpdate, unique (also multikey) indexes that name themselves
 * in a refusal, a TTL index, $pull with a condition, and an index behind every query. A
 * server that only looks like MongoDB on the wire (FerretDB 1.24: updates as "find, then
 * write by _id", no index behind most queries, $pull with a condition a no-op) fails here,
 * so the rest of the suite never passes on a server that would hide the store's bugs.
 *
 * Concurrency is real: operations are sent at once over the client's pool of connections
 * and the outcome is checked, never the timing.
 */
const withServer = process.env.AMPARO_TEST_MONGODB_URI || process.env.AMPARO_TEST_NO_MONGODB !== '1';

/** A fixed "now" for the seeded data and the sample queries. */
const NOW = new Date('2026-06-15T12:00:00Z');

/** The unique index a duplicate-key error names: MongoDB says `index: NAME dup key` (and gives keyPattern), FerretDB 2 `Index 'NAME'`. */
function refusingIndex(error: unknown): string | undefined {
  if (!(error instanceof MongoServerError)) return undefined;
  const message = error.errmsg ?? error.message;
  return (/index: (\S+) dup key/.exec(message) ?? /Index '([^']+)'/.exec(message))?.[1];
}

async function refusal(write: Promise<unknown>): Promise<{ code: unknown; index: string | undefined; message: string }> {
  try {
    await write;
  } catch (error) {
    return { code: (error as { code?: unknown }).code, index: refusingIndex(error), message: (error as Error).message };
  }
  throw new Error('the write was accepted');
}

(withServer ? describe : describe.skip)('the test server is faithful to MongoDB', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase('faithful');
  });

  afterAll(async () => {
    await database?.drop();
  });

  describe('single-document atomicity', () => {
    it('lets exactly one of 4 concurrent findOneAndUpdate({_id, version}) win each of 20 races', async () => {
      const docs = database.db.collection<{ _id: string; version: number; winner?: number }>('races_update');
      await docs.insertOne({ _id: 'race', version: 0 });
      const winnersPerRace: number[] = [];
      for (let race = 0; race < 20; race++) {
        const results = await Promise.all(
          [0, 1, 2, 3].map((racer) =>
            docs.findOneAndUpdate({ _id: 'race', version: race }, { $set: { winner: racer }, $inc: { version: 1 } }, { returnDocument: 'after' }),
          ),
        );
        const winners = results.filter((result) => result !== null);
        winnersPerRace.push(winners.length);
        const now = await docs.findOne({ _id: 'race' });
        expect(now?.version).toBe(race + 1);
        if (winners.length === 1) expect(now?.winner).toBe(winners[0]?.winner);
      }
      expect(winnersPerRace).toEqual(Array(20).fill(1));
    });

    it('lets exactly one of 4 concurrent replaceOne({_id, version}) win each of 20 races', async () => {
      const docs = database.db.collection<{ _id: string; version: number; winner: number }>('races_replace');
      await docs.insertOne({ _id: 'race', version: 0, winner: -1 });
      const winnersPerRace: number[] = [];
      for (let race = 0; race < 20; race++) {
        const results = await Promise.all([0, 1, 2, 3].map((racer) => docs.replaceOne({ _id: 'race', version: race }, { version: race + 1, winner: racer })));
        const won = results.map((result, racer) => (result.modifiedCount === 1 ? racer : -1)).filter((racer) => racer >= 0);
        expect(results.reduce((sum, result) => sum + result.matchedCount, 0)).toBe(won.length);
        winnersPerRace.push(won.length);
        const now = await docs.findOne({ _id: 'race' });
        expect(now?.version).toBe(race + 1);
        if (won.length === 1) expect(now?.winner).toBe(won[0]);
      }
      expect(winnersPerRace).toEqual(Array(20).fill(1));
    });

    it('gives 20 concurrent workers the 10 due jobs, each claimed exactly once, the oldest first', async () => {
      type Job = { _id: string; status: 'pending' | 'claimed'; dueAt: Date; owner?: string };
      const jobs = database.db.collection<Job>('jobs');
      await jobs.createIndex({ status: 1, dueAt: 1 });
      const now = new Date('2026-03-01T12:00:00Z');
      const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
      await jobs.insertMany([
        ...Array.from({ length: 10 }, (_, i): Job => ({ _id: `due-${i}`, status: 'pending', dueAt: minutes(-10 - i) })),
        ...Array.from({ length: 5 }, (_, i): Job => ({ _id: `later-${i}`, status: 'pending', dueAt: minutes(10 + i) })),
        ...Array.from({ length: 3 }, (_, i): Job => ({ _id: `taken-${i}`, status: 'claimed', dueAt: minutes(-100 - i), owner: 'earlier' })),
      ]);

      const claim = (owner: string) =>
        jobs.findOneAndUpdate({ status: 'pending', dueAt: { $lte: now } }, { $set: { status: 'claimed', owner } }, { sort: { dueAt: 1 }, returnDocument: 'after' });
      const claims = await Promise.all(
        Array.from({ length: 20 }, async (_, worker) => {
          const owner = `worker-${worker}`;
          const mine: Job[] = [];
          for (let job = await claim(owner); job; job = await claim(owner)) mine.push(job);
          return mine;
        }),
      );

      const all = claims.flat();
      expect(all.map((job) => job._id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `due-${i}`).sort());
      claims.forEach((mine, worker) => mine.forEach((job) => expect(job.owner).toBe(`worker-${worker}`)));
      // Each worker got its jobs oldest first (sort: {dueAt: 1}).
      for (const mine of claims) {
        const due = mine.map((job) => job.dueAt.getTime());
        expect(due).toEqual([...due].sort((a, b) => a - b));
      }
      // What the database holds agrees with what the workers were told.
      for (const job of all) expect((await jobs.findOne({ _id: job._id }))?.owner).toBe(job.owner);
      expect(await jobs.countDocuments({ status: 'pending' })).toBe(5);
      expect(await jobs.countDocuments({ owner: 'earlier' })).toBe(3);
    });

    it('ends 50 concurrent $inc on one document at exactly 50, each seeing its own value', async () => {
      const counters = database.db.collection<{ _id: string; n: number; m: number }>('counters');
      await counters.insertOne({ _id: 'c', n: 0, m: 0 });
      await Promise.all(Array.from({ length: 50 }, () => counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } })));
      const seen = await Promise.all(Array.from({ length: 50 }, () => counters.findOneAndUpdate({ _id: 'c' }, { $inc: { m: 1 } }, { returnDocument: 'after' })));
      expect(await counters.findOne({ _id: 'c' })).toEqual({ _id: 'c', n: 50, m: 50 });
      expect(seen.map((doc) => doc?.m).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });
  });

  describe('unique indexes', () => {
    // FerretDB 2.7 (DocumentDB 0.107-0) refuses a duplicate made by findOneAndUpdate or
    // findOneAndReplace with code 1 and PostgreSQL's constraint name instead: the store makes
    // its unique writes with insertOne, updateOne and replaceOne only.
    it('refuses a duplicate key with code 11000 and names the index that refused it', async () => {
      type Numbered = { _id: string; reference: string; committee: string; year: number; seq: number; version?: number };
      const cases = database.db.collection<Numbered>('unique_cases');
      await cases.createIndexes([
        { key: { reference: 1 }, name: 'reference_unique', unique: true },
        { key: { committee: 1, year: 1, seq: 1 }, name: 'sequence_unique', unique: true },
      ]);
      await cases.insertOne({ _id: 'c1', reference: 'CAT-2026-0001', committee: 'CAT', year: 2026, seq: 1, version: 1 });
      await cases.insertOne({ _id: 'c2', reference: 'CAT-2026-0002', committee: 'CAT', year: 2026, seq: 2, version: 1 });

      const byReference = await refusal(cases.insertOne({ _id: 'c3', reference: 'CAT-2026-0001', committee: 'CAT', year: 2026, seq: 3 }));
      expect(byReference).toMatchObject({ code: 11000, index: 'reference_unique' });
      const bySequence = await refusal(cases.insertOne({ _id: 'c4', reference: 'CAT-2026-0009', committee: 'CAT', year: 2026, seq: 2 }));
      expect(bySequence).toMatchObject({ code: 11000, index: 'sequence_unique' });
      const byId = await refusal(cases.insertOne({ _id: 'c1', reference: 'CED-2026-0001', committee: 'CED', year: 2026, seq: 1 }));
      expect(byId).toMatchObject({ code: 11000, index: '_id_' });
      // A versioned replace that would take another case's reference is refused the same way.
      const byReplace = await refusal(cases.replaceOne({ _id: 'c2', version: 1 }, { reference: 'CAT-2026-0001', committee: 'CAT', year: 2026, seq: 2, version: 2 }));
      expect(byReplace).toMatchObject({ code: 11000, index: 'reference_unique' });
      const byUpdate = await refusal(cases.updateOne({ _id: 'c2' }, { $set: { seq: 1 } }));
      expect(byUpdate).toMatchObject({ code: 11000, index: 'sequence_unique' });
      expect(await cases.countDocuments({})).toBe(2);
      expect(await cases.findOne({ _id: 'c2' })).toMatchObject({ reference: 'CAT-2026-0002', seq: 2, version: 1 });
    });

    it('enforces a unique multikey index across documents: two sharing one array element are refused', async () => {
      const people = database.db.collection<{ _id: string; identityKeys: string[] }>('unique_people');
      await people.createIndex({ identityKeys: 1 }, { name: 'identity_unique', unique: true });
      await people.insertOne({ _id: 'p1', identityKeys: ['slack:T1:U1', 'teams:A1'] });
      await people.insertOne({ _id: 'p2', identityKeys: ['slack:T1:U2'] });

      const sharing = await refusal(people.insertOne({ _id: 'p3', identityKeys: ['slack:T1:U9', 'teams:A1'] }));
      expect(sharing).toMatchObject({ code: 11000, index: 'identity_unique' });
      const growing = await refusal(people.updateOne({ _id: 'p2' }, { $addToSet: { identityKeys: 'slack:T1:U1' } }));
      expect(growing).toMatchObject({ code: 11000, index: 'identity_unique' });
      await people.updateOne({ _id: 'p2' }, { $addToSet: { identityKeys: 'teams:A2' } });
      expect(await people.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'p1', identityKeys: ['slack:T1:U1', 'teams:A1'] },
        { _id: 'p2', identityKeys: ['slack:T1:U2', 'teams:A2'] },
      ]);
      expect((await people.findOne({ identityKeys: 'teams:A1' }))?._id).toBe('p1');
    });
  });

  describe('the store’s other operations', () => {
    it('accepts a TTL index, changes its lifetime with collMod, and refuses a changed lifetime in createIndexes (85)', async () => {
      const deliveries = database.db.collection('ttl_deliveries');
      const [ttl] = indexes(7).deliveries ?? [];
      expect(ttl?.expireAfterSeconds).toBe(7 * 86_400);
      await deliveries.createIndexes([ttl!]);
      const lifetime = async () => (await deliveries.listIndexes().toArray()).find((index) => index.name === ttl!.name)?.expireAfterSeconds;
      expect(await lifetime()).toBe(7 * 86_400);

      const changed = await refusal(deliveries.createIndexes(indexes(2).deliveries!));
      expect(changed.code).toBe(85);
      await database.db.command({ collMod: 'ttl_deliveries', index: { name: ttl!.name, expireAfterSeconds: 2 * 86_400 } });
      expect(await lifetime()).toBe(2 * 86_400);
      await deliveries.createIndexes(indexes(2).deliveries!); // now the same: accepted as it is
      expect(await lifetime()).toBe(2 * 86_400);
    });

    it('removes exactly the array entries that $pull’s condition on sub-documents matches', async () => {
      type Entry = { id: string; n: number };
      const queues = database.db.collection<{ _id: string; outbox: Entry[] }>('queues');
      const entries = (...ids: number[]) => ids.map((n) => ({ id: `m${n}`, n }));
      await queues.insertMany([
        { _id: 'q1', outbox: entries(1, 2, 3, 4) },
        { _id: 'q2', outbox: entries(1, 3) },
      ]);
      const pulled = await queues.updateOne({ _id: 'q1' }, { $pull: { outbox: { id: { $in: ['m1', 'm3', 'm9'] } } } });
      expect(pulled.modifiedCount).toBe(1);
      expect((await queues.findOne({ _id: 'q1' }))?.outbox).toEqual(entries(2, 4));
      await queues.updateOne({ _id: 'q1' }, { $pull: { outbox: { n: { $gte: 3 } } } });
      expect((await queues.findOne({ _id: 'q1' }))?.outbox).toEqual(entries(2));
      expect((await queues.findOne({ _id: 'q2' }))?.outbox).toEqual(entries(1, 3));
      expect(await queues.countDocuments({ outbox: { $elemMatch: { id: 'm3', n: 3 } } })).toBe(1);
      expect(await queues.countDocuments({ outbox: { $elemMatch: { id: 'm3', n: 2 } } })).toBe(0);
    });
  });

  describe('every query the store makes is served by its index', () => {
    // A database of its own, laid out as the store lays it out (src/store/mongo-schema.ts).
    let store: TestDatabase;

    beforeAll(async () => {
      store = await openTestDatabase('plans');
      // The indexes of every queried collection (the TTL index has its own test above).
      const queried = new Set(sampleQueries(NOW).map(([, query]) => query.collection));
      for (const [collection, wanted] of Object.entries(indexes())) if (queried.has(collection)) await store.db.collection(collection).createIndexes([...wanted]);
      await seed(store);
    }, 180_000);

    afterAll(async () => {
      await store?.drop();
    });

    it.each(sampleQueries(NOW).map(([name, query]) => [name, query.index, query] as const))('%s is served by index %s', async (name, _index, query) => {
      const plan = await explain(store.db.collection(query.collection), query);
      const used = plan.indexes.includes(query.index);
      if (!used) {
        // Named in the failure: the query, and what the server does instead.
        throw new Error(
          `${name} on ${query.collection} (${JSON.stringify(query.filter)}${query.sort ? `, sort ${JSON.stringify(query.sort)}` : ''}) ` +
            `is not served by index ${query.index}: the plan's nodes are ${plan.nodes.join(' > ') || '(none)'}` +
            (plan.indexes.length ? `, with indexes ${plan.indexes.join(', ')}` : ''),
        );
      }
      expect(used).toBe(true);
    });
  });
});

interface PlanSummary {
  /** Node types (PostgreSQL's "Node Type", MongoDB's `stage`), outermost first. */
  nodes: string[];
  /** Every index an index scan of the winning plan reads. */
  indexes: string[];
}

/**
 * Asks the server for the query's plan. FerretDB 2 gives PostgreSQL's plan under
 * `queryPlanner.Plan` (nodes with "Node Type" and, for "Index Scan", "Index Only Scan" and
 * "Bitmap Index Scan", "Index Name"); MongoDB gives `queryPlanner.winningPlan` (stages such
 * as IXSCAN, with `indexName`; EXPRESS_IXSCAN / EXPRESS_IDHACK in 8.0).
 */
async function explain(collection: Collection, query: IndexedQuery): Promise<PlanSummary> {
  let cursor = collection.find(query.filter);
  if (query.sort) cursor = cursor.sort(query.sort);
  if (query.limit) cursor = cursor.limit(query.limit);
  const result = await cursor.explain();
  const planner = (result.queryPlanner ?? {}) as Document;
  const root = planner.Plan ?? planner.winningPlan;
  if (!root) throw new Error(`explain gave no plan: ${JSON.stringify(result).slice(0, 500)}`);
  const summary: PlanSummary = { nodes: [], indexes: [] };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const fields = node as Document;
    const type = fields['Node Type'] ?? fields.stage;
    if (typeof type === 'string') summary.nodes.push(type);
    const index = fields['Index Name'] ?? fields.indexName;
    if (typeof index === 'string') summary.indexes.push(index);
    // Only the chosen plan counts: never MongoDB's rejected candidates.
    for (const [key, value] of Object.entries(fields)) if (key !== 'rejectedPlans' && typeof value === 'object') walk(value);
  };
  // FerretDB 1 on SQLite answered lines of SQLite's own plan ("SCAN …"): shown as they are.
  if (Array.isArray(root)) summary.nodes.push(...root.filter((line): line is string => typeof line === 'string'));
  walk(root);
  return summary;
}

/** A small deterministic pseudo-random source (mulberry32), so every run sees the same data. */
function randomSource(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const COMMITTEES = ['CAT', 'CCPR', 'CED', 'CEDAW', 'CERD', 'CESCR', 'CMW', 'CRC', 'CRPD', 'SPT'];
const DAY = 86_400_000;

/**
 * A few thousand documents per queried collection, varied the way real data is (many
 * committees, statuses and people; few cases owing alerts or holding an outbox), so that a
 * planner that can use an index prefers it to reading the whole collection.
 */
async function seed(database: TestDatabase): Promise<void> {
  const random = randomSource(20260615);
  const pick = <T>(values: readonly T[]): T => values[random(values.length)]!;
  const db = database.db;

  const statuses = ['closed', 'closed', 'closed', 'action_taken', 'rejected', 'referred', 'received', 'under_assessment'];
  const sequence = new Map<string, number>();
  const cases: Document[] = [];
  for (let i = 0; i < 4000; i++) {
    const committee = pick(COMMITTEES);
    const year = 2020 + random(7);
    const seq = (sequence.get(`${committee}${year}`) ?? 0) + 1;
    sequence.set(`${committee}${year}`, seq);
    cases.push({
      _id: `case-${i}`,
      reference: `${committee}-${year}-${String(seq).padStart(4, '0')}`,
      submissionKey: `person-${random(1500)}:slack:V${i}`,
      committee,
      year,
      seq,
      status: pick(statuses),
      reporterId: i % 500 === 0 ? 'maria' : `person-${random(1500)}`,
      version: 1 + random(5),
      ...(random(20) === 0 ? { assessment: { consultation: { countryRapporteurId: i % 3 === 0 ? 'olga' : `person-${random(1500)}` } } } : {}),
      ...(random(50) === 0 ? { outbox: [{ id: `m${i}`, kind: 'register' }] } : {}),
      ...(random(50) === 0 ? { alertOwed: true } : {}),
    });
  }
  await db.collection('cases').insertMany(cases, { ordered: false });

  const people: Document[] = [];
  for (let i = 0; i < 3000; i++) {
    people.push({
      _id: `person-${i}`,
      identityKeys: [`slack:T1:U${i}`, `teams:tenant:${i}`],
      name: `Person ${i}`,
      roles: random(25) === 0 ? [{ committee: pick(COMMITTEES), role: pick(['rapporteur', 'chair', 'secretariat']) }] : [],
    });
  }
  await db.collection('people').insertMany(people, { ordered: false });

  const reminders: Document[] = [];
  for (let i = 0; i < 4000; i++) {
    const kind = random(20);
    const dueAt = new Date(NOW.getTime() + (kind < 14 ? -1 - random(400) : kind < 19 ? 1 + random(60) : -random(3)) * DAY - random(DAY));
    reminders.push({
      _id: `reminder-${i}`,
      caseId: `c${random(1000)}`,
      series: `case:c${random(1000)}:${pick(['assessment', 'follow_up', 'response'])}`,
      status: kind < 14 ? pick(['sent', 'sent', 'cancelled']) : 'pending',
      dueAt,
      version: 1,
      attempts: 0,
      ...(kind === 19 && random(2) === 0 ? { leaseOwner: 'sweeper', leaseUntil: new Date(NOW.getTime() - random(DAY)) } : {}),
    });
  }
  await db.collection('reminders').insertMany(reminders, { ordered: false });

  const events: Document[] = [];
  for (let c = 0; c < 500; c++) for (let seq = 1; seq <= 8; seq++) events.push({ _id: `e${c}-${seq}`, caseId: `c${c}`, seq, type: 'case.updated', at: new Date(NOW.getTime() - (500 - c) * DAY + seq) });
  await db.collection('events').insertMany(events, { ordered: false });

  const practices: Document[] = [];
  for (let i = 0; i < 3000; i++) practices.push({ _id: `practice-${i}`, committee: pick(COMMITTEES), createdAt: new Date(NOW.getTime() - random(730) * DAY - random(DAY)), text: `practice ${i}` });
  await db.collection('practices').insertMany(practices, { ordered: false });

  // G13: a few contacts on most cases, by day.
  const contacts: Document[] = [];
  for (let i = 0; i < 3000; i++) contacts.push({ _id: `contact-${i}`, caseId: `c${random(1000)}`, on: new Date(NOW.getTime() - random(730) * DAY).toISOString().slice(0, 10), means: 'phone', recordedAt: NOW });
  await db.collection('contacts').insertMany(contacts, { ordered: false });
}
