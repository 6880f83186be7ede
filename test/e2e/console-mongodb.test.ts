import { newDataKey } from '../../src/keys';
import { Terminal } from '../support/terminal';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * The same process on MongoDB, as in production: the data key comes from the environment,
 * indexes are made at start, the health endpoints answer, and the database holds no plaintext.
 */
describe('console adapter on MongoDB, end to end', () => {
  let database: TestDatabase;
  let term: Terminal;

  beforeEach(async () => {
    database = await openTestDatabase('e2e');
  });

  afterEach(async () => {
    await term.exitCode();
    await database.drop();
  });

  it('records an allegation in MongoDB with its sensitive fields encrypted, and reports ready', async () => {
    term = Terminal.start({
      MONGODB_URI: database.uri,
      MONGODB_DB: database.dbName,
      AMPARO_DATA_KEY: newDataKey('k2026'),
      AMPARO_DEMO: 'on',
      PORT: '0',
    });
    const banner = await term.ready();
    expect(banner).toContain(`Store: MongoDB, database "${database.dbName}"`);
    expect(banner).not.toContain('development key');
    const port = /http:\/\/localhost:(\d+)\/healthz/.exec(banner)?.[1];
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok\n');

    await term.type('/amparo report');
    await term.typeAll(['', 'Kqzx was beaten after testifying.', '', '', 'NO', '2', 'The Kqzx family', '2', '2', '2', '1', '', '3', '3', '3', '2', '2', '2', '2']);
    const out = await term.type('yes');
    const reference = /Allegation received: (CAT-\d{4}-0001)/.exec(out)?.[1];
    expect(reference).toBeDefined();

    const indexes = (await database.db.collection('cases').listIndexes().toArray()).map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['reference_unique', 'submission_unique', 'sequence_unique']));
    const stored = await database.db.collection('cases').findOne({ reference });
    expect(stored).toMatchObject({ committee: 'CAT', status: 'received', confidential: true, victimKind: 'group' });
    const collections = (await database.db.listCollections().toArray()).map((c) => c.name).sort();
    expect(collections).toEqual(expect.arrayContaining(['cases', 'events', 'people', 'reminders']));
    const everything = JSON.stringify(await Promise.all(collections.map((name) => database.db.collection(name).find().toArray())));
    expect(everything).not.toContain('Kqzx');
    expect(String(stored?.sealed?.narrative)).toMatch(/^v2\.k2026\./);
  });
});

describe('starting on an unreachable MongoDB', () => {
  it('stops with a message naming the host, without the password, and no stack trace', async () => {
    const term = Terminal.start({ MONGODB_URI: 'mongodb://amparo:s3cret@127.0.0.1:9/', AMPARO_DATA_KEY: newDataKey('k1') });
    expect(await term.exitCode()).toBe(3);
    expect(term.transcript).toContain('Amparo cannot start: MongoDB at mongodb://127.0.0.1:9/ does not answer');
    expect(term.transcript).not.toContain('s3cret');
    expect(term.transcript).not.toMatch(/at .*\.js:\d+/);
  });
});
