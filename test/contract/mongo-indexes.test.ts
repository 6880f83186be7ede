import { DAY_SECONDS, indexes } from '../../src/store/mongo-schema';
import { MongoStore } from '../../src/store/mongo-store';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * The MongoDB store's indexes: created at start in one idempotent `createIndexes` per
 * collection, by several processes at once if they start together, with the delivery keys'
 * lifetime following its setting.
 */
const withServer = process.env.AMPARO_TEST_MONGODB_URI || process.env.AMPARO_TEST_NO_MONGODB !== '1';

(withServer ? describe : describe.skip)('MongoDB store indexes', () => {
  let database: TestDatabase;
  const stores: MongoStore[] = [];
  const connect = async (deliveryKeyDays?: number) => {
    const store = await MongoStore.connect(database.uri, database.dbName, deliveryKeyDays ? { deliveryKeyDays } : {});
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    database = await openTestDatabase('indexes');
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await database.drop();
  });

  it('creates every index its queries rely on, and reports them all present', async () => {
    const store = await connect();
    await store.init();
    const states = await store.indexes();
    expect(states.filter((s) => !s.present)).toEqual([]);
    expect(states).toHaveLength(Object.values(indexes()).flat().length);
    const names = (await database.db.collection('people').listIndexes().toArray()).map((i) => i.name);
    expect(names).toContain('identity_unique');
  });

  it('starts on a new database from several processes at once, all of them', async () => {
    const starting = await Promise.all([1, 2, 3, 4].map(() => connect()));
    const results = await Promise.allSettled(starting.map((s) => s.init()));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await starting[0]!.indexes()).every((s) => s.present)).toBe(true);
  });

  it('keeps delivery keys for the days set, and follows a change of the setting at the next start', async () => {
    await (await connect(7)).init();
    const ttl = async () => (await database.db.collection('deliveries').listIndexes().toArray()).find((i) => i.name === 'expiry')?.expireAfterSeconds;
    expect(await ttl()).toBe(7 * DAY_SECONDS);
    await (await connect(2)).init();
    expect(await ttl()).toBe(2 * DAY_SECONDS);
  });
});
