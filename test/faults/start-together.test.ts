import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmparoProcess } from '../support/process';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * Deployments start their replicas together. Two Amparo processes started at the same moment on
 * a new database both come up: the indexes, the committees file, its first people and the demo
 * people are set up once, whoever gets there first, and nothing is made twice.
 */
const TRIES = 4;

const committeesFile = {
  committees: [{ _id: 'CAT', name: 'Committee against Torture' }, { _id: 'CED', name: 'Committee on Enforced Disappearances' }],
  people: [
    { name: 'Chen Chair', identities: ['slack:T0TOGETHER:U0CHEN'], roles: [{ committee: 'CAT', role: 'chair', start: '2026-01-01' }] },
    { name: 'Amina Rapporteur', identities: ['slack:T0TOGETHER:U0AMINA'], roles: [{ committee: 'CAT', role: 'rapporteur', start: '2026-01-01' }] },
  ],
};

describe('fault drill: two processes starting together on a new database', () => {
  let dir: string;
  let database: TestDatabase | undefined;
  const running: AmparoProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amparo-together-'));
    await writeFile(join(dir, 'committees.json'), JSON.stringify(committeesFile));
  });

  afterEach(async () => {
    for (const server of running.splice(0)) await server.kill();
    await database?.drop();
    database = undefined;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`both start, ${TRIES} times out of ${TRIES}, and set everything up once`, async () => {
    for (let attempt = 1; attempt <= TRIES; attempt++) {
      database = await openTestDatabase(`together${attempt}`);
      const env = {
        PORT: '0',
        MONGODB_URI: database.uri,
        MONGODB_DB: database.dbName,
        AMPARO_DATA_KEY: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
        AMPARO_COMMITTEES_FILE: join(dir, 'committees.json'),
        AMPARO_DEMO: 'on',
        TEAMS_EMULATOR: 'off',
        AMPARO_SWEEP_SCHEDULE: 'off',
        LOG_LEVEL: 'error',
      };
      const started = await Promise.allSettled([AmparoProcess.start(env), AmparoProcess.start(env)]);
      for (const result of started) if (result.status === 'fulfilled') running.push(result.value);
      const failures = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason).slice(0, 2000));
      expect({ attempt, failures }).toEqual({ attempt, failures: [] });

      const people = database.db.collection<{ identityKeys: string[] }>('people');
      const identities = (await people.find().toArray()).flatMap((p) => p.identityKeys);
      expect(identities.filter((key) => key === 'slack:T0TOGETHER:U0CHEN')).toHaveLength(1);
      expect(identities.filter((key) => key.startsWith('console:')).sort()).toEqual(['console:amina', 'console:chen', 'console:lucas', 'console:maria', 'console:olga', 'console:pablo', 'console:sam']);
      expect(await database.db.collection('committees').countDocuments()).toBe(2);
      for (const server of running.splice(0)) await server.terminate();
      await database.drop();
      database = undefined;
    }
  }, 240_000);
});
