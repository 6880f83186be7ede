import { MongoServerError } from 'mongodb';
import { openTestDatabase, testDatabaseName, type TestDatabase } from '../support/test-db';

// The tests' database is a real server over a real connection (MongoDB 6.0+, or FerretDB 2
// on PostgreSQL + DocumentDB from scripts/testdb.sh), and these are everyday operations the
// MongoDB store leans on. Whether the server is faithful to MongoDB where the store relies on
// it (concurrent conditional writes, claims, indexes behind every query) is proven in
// test/faithfulness/server.test.ts.
const withServer = process.env.AMPARO_TEST_MONGODB_URI || process.env.AMPARO_TEST_NO_MONGODB !== '1';

(withServer ? describe : describe.skip)('the test database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase('testdb');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('is a server that answers over the wire, in a database of its own', async () => {
    const info = await database.db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(database.dbName).toMatch(/^amparo_test_testdb_[0-9a-f]{12}$/);
    expect(testDatabaseName('Some label: with odd chars & more')).toMatch(/^[a-z0-9_]{1,38}$/);
  });

  it('stores a document and reads it back, dates included', async () => {
    const at = new Date('2024-02-29T12:34:56.789Z');
    const notes = database.db.collection<{ _id: string; text: string; at: Date }>('notes');
    await notes.insertOne({ _id: 'n1', text: 'hello', at });
    const found = await notes.findOne({ _id: 'n1' });
    expect(found).toEqual({ _id: 'n1', text: 'hello', at });
    expect(found?.at).toBeInstanceOf(Date);
  });

  it('refuses a duplicate key on a unique index with code 11000, compound ones too', async () => {
    const people = database.db.collection('people');
    await people.createIndex({ email: 1 }, { unique: true });
    await people.createIndex({ team: 1, handle: 1 }, { unique: true, name: 'team_handle' });
    await people.insertOne({ email: 'a@example.org', team: 't1', handle: 'a' });
    await people.insertOne({ email: 'b@example.org', team: 't2', handle: 'a' });
    await expect(people.insertOne({ email: 'a@example.org', team: 't3', handle: 'x' })).rejects.toMatchObject({ code: 11000 });
    const duplicate = await people.insertOne({ email: 'c@example.org', team: 't1', handle: 'a' }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).toBe(11000);
    const names = (await people.listIndexes().toArray()).map((index) => index.name);
    expect(names).toEqual(expect.arrayContaining(['_id_', 'email_1', 'team_handle']));
  });

  it('counts with findOneAndUpdate, $inc and upsert, returning the new document', async () => {
    const counters = database.db.collection<{ _id: string; n: number }>('counters');
    const first = await counters.findOneAndUpdate({ _id: 'case' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
    const second = await counters.findOneAndUpdate({ _id: 'case' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
    expect(first).toEqual({ _id: 'case', n: 1 });
    expect(second).toEqual({ _id: 'case', n: 2 });
  });

  it('replaces only the expected version (optimistic concurrency)', async () => {
    const cases = database.db.collection<{ _id: string; version: number; state: string }>('cases');
    await cases.insertOne({ _id: 'c1', version: 1, state: 'new' });
    const replaced = await cases.findOneAndReplace({ _id: 'c1', version: 1 }, { version: 2, state: 'open' }, { returnDocument: 'after' });
    const stale = await cases.findOneAndReplace({ _id: 'c1', version: 1 }, { version: 2, state: 'lost' }, { returnDocument: 'after' });
    expect(replaced).toEqual({ _id: 'c1', version: 2, state: 'open' });
    expect(stale).toBeNull();
  });

  it('queries and updates the way the store does', async () => {
    const items = database.db.collection<{ _id: number; tag: string; at: Date; extra?: boolean; seen?: number; created?: number }>('items');
    const result = await items.bulkWrite([
      ...[1, 2, 3, 4, 5].map((i) => ({
        insertOne: { document: { _id: i, tag: i % 2 ? 'odd' : 'even', at: new Date(Date.UTC(2024, 0, i)), ...(i > 3 ? { extra: true } : {}) } },
      })),
      { updateOne: { filter: { _id: 5 }, update: { $set: { tag: 'last' } } } },
      { deleteOne: { filter: { _id: 1 } } },
    ]);
    expect([result.insertedCount, result.modifiedCount, result.deletedCount]).toEqual([5, 1, 1]);

    const latest = await items.find({ _id: { $in: [2, 3, 4, 5, 9] } }).sort({ at: -1 }).limit(2).toArray();
    expect(latest.map((doc) => doc._id)).toEqual([5, 4]);
    expect(await items.countDocuments({ extra: { $exists: true } })).toBe(2);
    expect(await items.countDocuments({ $or: [{ tag: 'odd' }, { _id: 4 }] })).toBe(2);

    await items.updateOne({ _id: 7 }, { $setOnInsert: { created: 1 }, $set: { seen: 1 } }, { upsert: true });
    await items.updateOne({ _id: 7 }, { $setOnInsert: { created: 2 }, $set: { seen: 2 } }, { upsert: true });
    expect(await items.findOne({ _id: 7 })).toEqual({ _id: 7, created: 1, seen: 2 });
  });

  it('pushes to an array of subdocuments and pulls entries back out, whole or by a condition', async () => {
    type Entry = { id: string; n: number };
    const queues = database.db.collection<{ _id: string; outbox: Entry[] }>('queues');
    await queues.insertOne({ _id: 'q', outbox: [] });
    await queues.updateOne({ _id: 'q' }, { $push: { outbox: { $each: [{ id: 'm1', n: 1 }, { id: 'm2', n: 2 }, { id: 'm3', n: 3 }] } } });
    expect(await queues.countDocuments({ 'outbox.id': 'm2' })).toBe(1);
    expect(await queues.countDocuments({ outbox: { $elemMatch: { id: 'm2', n: 2 } } })).toBe(1);
    await queues.updateOne({ _id: 'q' }, { $pullAll: { outbox: [{ id: 'm1', n: 1 }] } });
    expect((await queues.findOne({ _id: 'q' }))?.outbox).toEqual([{ id: 'm2', n: 2 }, { id: 'm3', n: 3 }]);
    await queues.updateOne({ _id: 'q' }, { $pull: { outbox: { id: { $in: ['m3'] } } } });
    expect((await queues.findOne({ _id: 'q' }))?.outbox).toEqual([{ id: 'm2', n: 2 }]);
  });
});
