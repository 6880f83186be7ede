import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAmparoError } from '../../src/errors';
import { EmbeddedStore } from '../../src/store/embedded-store';
import { MongoStore } from '../../src/store/mongo-store';
import { indexes } from '../../src/store/mongo-schema';
import type { Store } from '../../src/store/store';
import { amparo } from '../support/cli';
import { TestClock } from '../support/clock';
import { allegation, CAST, harness } from '../support/harness';
import { STORE_KINDS, type StoreKind } from '../support/stores';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/** Every index the MongoDB store expects, however many there are. */
const INDEXES = Object.values(indexes()).flat().length;

/**
 * The administration commands (`amparo committees|roles|sessions`), run as the built program
 * on both stores: what an operator types changes what the chat's services do (G8, G15), and
 * every mistake is named with exit 2.
 */
// The harness seals under TEST_KEY: the same key, as AMPARO_DATA_KEY gives it.
const DATA_KEY = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

const COMMITTEES_FILE = {
  committees: [{ _id: 'CAT', name: 'Committee against Torture', assessmentTargetDays: 7, reminders: { termNoticeDays: 30 } }],
  people: [],
};

interface Deployment {
  env: Record<string, string>;
  /** The record opened in this process, as the server would; close it before the next command. */
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

async function deploy(kind: StoreKind): Promise<Deployment> {
  const dir = await mkdtemp(join(tmpdir(), 'amparo-admin-'));
  const file = join(dir, 'committees.json');
  await writeFile(file, JSON.stringify(COMMITTEES_FILE));
  let database: TestDatabase | undefined;
  let env: Record<string, string> = { AMPARO_DATA_DIR: dir, AMPARO_DATA_KEY: DATA_KEY, AMPARO_COMMITTEES_FILE: file };
  if (kind === 'mongodb') {
    database = await openTestDatabase('cliadmin');
    env = { ...env, MONGODB_URI: database.uri, MONGODB_DB: database.dbName };
  }
  const open = async (): Promise<Store> => {
    const store = database ? await MongoStore.connect(database.uri, database.dbName) : new EmbeddedStore(join(dir, 'store.json'));
    await store.init();
    return store;
  };
  return {
    env,
    open,
    dispose: async () => {
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.each(STORE_KINDS)('the administration commands on the %s store', (kind) => {
  let deployment: Deployment;
  let env: Record<string, string>;

  beforeAll(async () => {
    deployment = await deploy(kind);
    env = deployment.env;
    // The demo cast holds roles in CAT (a member, rapporteurs, a chair).
    const store = await deployment.open();
    await harness(store);
    await store.close();
  });

  afterAll(async () => {
    await deployment.dispose();
  });

  it('G8: a rapporteur assigned from the command line gets the next alert and opens the case; once the term is ended, neither', async () => {
    const assign = await amparo(['roles', 'assign', '--committee', 'cat', '--person', 'console:nadia', '--name', 'Nadia Newcomer', '--role', 'rapporteur', '--from', '2026-01-01'], env);
    expect(assign.stderr).toBe('');
    expect(assign.code).toBe(0);
    expect(assign.stdout).toMatch(/^Nadia Newcomer \[p-[0-9a-f]{24}\] is rapporteur of CAT from 2026-01-01 \(assigned by cli:[^)]+\)\.\n$/);

    let store = await deployment.open();
    let h = await harness(store, new TestClock(new Date()));
    const nadia = await h.services.people.byIdentity('console:nadia');
    expect(nadia?.roles[0]?.assignedBy).toMatch(/^cli:/);
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'cli-admin-1');
    expect(h.notifier.to(nadia?._id ?? '').map((n) => n.kind)).toContain('allegation.alert');
    await expect(h.services.reader.open(h.actor(nadia!), c.reference)).resolves.toMatchObject({ case: { reference: c.reference } });
    expect((await h.services.people.roster(h.actor(CAST.chair), 'CAT')).map((p) => p.displayName)).toContain('Nadia Newcomer');
    await store.close();

    const list = await amparo(['roles', 'list', '--committee', 'CAT'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Nadia Newcomer \[p-[0-9a-f]+; console:nadia\] — rapporteur — from 2026-01-01 — running — assigned by cli:/);

    const end = await amparo(['roles', 'end', '--committee', 'CAT', '--person', nadia!._id, '--role', 'rapporteur'], env);
    expect(end).toMatchObject({ code: 0, stderr: '' });
    expect(end.stdout).toMatch(/^Nadia Newcomer: term as rapporteur of CAT ends \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(ended by cli:/);

    store = await deployment.open();
    h = await harness(store, new TestClock(new Date()));
    const again = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'cli-admin-2');
    expect(h.notifier.to(nadia!._id)).toEqual([]);
    const refused = await h.services.reader.open(h.actor((await h.services.people.get(nadia!._id))), again.case.reference).catch((error: unknown) => error);
    // With no part in the case any more, she hears what she would of a case that does not exist.
    expect(isAmparoError(refused, 'NOT_FOUND')).toBe(true);
    // G8, G11: both changes are in the committee's register of roles, by the operator.
    const terms = (await store.listEvents('roles:CAT')).filter((e) => e.data.personId === nadia!._id);
    expect(terms.map((e) => e.type)).toEqual(['role.granted', 'role.ended']);
    expect(terms.every((e) => /^cli:/.test(e.actorId))).toBe(true);
    await store.close();

    const ended = await amparo(['roles', 'list', '--committee', 'CAT', '--all'], env);
    expect(ended.stdout).toMatch(/Nadia Newcomer .* — rapporteur — 2026-01-01 to .* — ended — assigned by cli:\S+, ended by cli:/);
    expect((await amparo(['roles', 'list', '--committee', 'CAT'], env)).stdout).not.toContain('Nadia');
  });

  it('G8: refuses a wrong role, a missing State party, an unknown person or a second running term, naming what is wrong', async () => {
    const role = await amparo(['roles', 'assign', '--committee', 'CAT', '--person', 'console:amina', '--role', 'king'], env);
    expect(role).toMatchObject({ code: 2, stdout: '' });
    expect(role.stderr).toContain('--role: one of member, rapporteur, chair');
    const state = await amparo(['roles', 'assign', '--committee', 'CAT', '--person', 'console:amina', '--role', 'country_rapporteur', '--state-party', 'Atlantis'], env);
    expect(state).toMatchObject({ code: 2 });
    expect(state.stderr).toContain('--state-party: not a State we know');
    const until = await amparo(['roles', 'assign', '--committee', 'CAT', '--person', 'console:amina', '--role', 'chair', '--from', '2027-01-01', '--until', '2026-12-31'], env);
    expect(until.stderr).toContain('--until: the term must end after it starts');
    const unknown = await amparo(['roles', 'end', '--committee', 'CAT', '--person', 'p-nobody', '--role', 'rapporteur'], env);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain('--person: nobody here is p-nobody');
    const stranger = await amparo(['roles', 'assign', '--committee', 'CAT', '--person', 'slack:T0123:U0999', '--role', 'member'], env);
    expect(stranger.stderr).toContain('--name: slack:T0123:U0999 is not known here yet');
    const twice = await amparo(['roles', 'assign', '--committee', 'CAT', '--person', 'console:amina', '--role', 'rapporteur'], env);
    expect(twice).toMatchObject({ code: 1, stderr: 'amina already holds this role for that time.\n' });
  });

  it('names a committee that is not one, and one that is not served here', async () => {
    const notOne = await amparo(['roles', 'list', '--committee', 'XYZ'], env);
    expect(notOne).toMatchObject({ code: 2, stdout: '' });
    expect(notOne.stderr).toContain('--committee: one of CAT, SPT, CCPR');
    const notServed = await amparo(['sessions', 'list', '--committee', 'CED'], env);
    expect(notServed).toMatchObject({ code: 2, stderr: 'Committee CED is not configured here.\n' });
    expect((await amparo(['committees', 'show', 'XYZ'], env)).stderr).toContain('<committee>: one of CAT');
  });

  it('G15: a session added plans the rapporteurs\' progress-report reminder; removed, the reminder is cancelled', async () => {
    const add = await amparo(['sessions', 'add', '--committee', 'CAT', '--from', '2031-04-20', '--to', '2031-05-15', '--name', '90th session'], env);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(add.stdout).toContain('2031-04-20 to 2031-05-15 90th session — progress report reminder on 2031-04-06');
    const overlap = await amparo(['sessions', 'add', '--committee', 'CAT', '--from', '2031-05-01', '--to', '2031-05-02'], env);
    expect(overlap).toMatchObject({ code: 1, stderr: 'That session overlaps the session from 2031-04-20 to 2031-05-15.\n' });
    expect((await amparo(['sessions', 'add', '--committee', 'CAT', '--from', '2031-02-30', '--to', '2031-03-02'], env)).stderr).toBe('--from: write a date as YYYY-MM-DD\n');

    let store = await deployment.open();
    const planned = await store.findReminders({ series: 'session:CAT:2031-04-20' });
    expect(planned.map((r) => r.recipientId).sort()).toEqual(['amina', 'lucas']);
    expect(planned.every((r) => r.status === 'pending' && r.dueAt.toISOString() === '2031-04-06T00:00:00.000Z')).toBe(true);
    await store.close();

    // The notice period is the record's to change (the file does not name it): the reminders move.
    const set = await amparo(['committees', 'set', 'CAT', '--session-notice-days', '21'], env);
    expect(set).toMatchObject({ code: 0, stdout: 'CAT: changed reminders.sessionNoticeDays; reminders re-planned.\n' });
    store = await deployment.open();
    expect((await store.findReminders({ series: 'session:CAT:2031-04-20' })).map((r) => r.dueAt.toISOString())).toEqual(['2031-03-30T00:00:00.000Z', '2031-03-30T00:00:00.000Z']);
    await store.close();

    const remove = await amparo(['sessions', 'remove', '--committee', 'CAT', '--from', '2031-04-20'], env);
    expect(remove).toMatchObject({ code: 0, stdout: 'CAT: session from 2031-04-20 removed; its reminder is cancelled.\nCAT has no sessions recorded.\n' });
    store = await deployment.open();
    expect((await store.findReminders({ series: 'session:CAT:2031-04-20' })).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    await store.close();
    expect((await amparo(['sessions', 'remove', '--committee', 'CAT', '--from', '2031-04-20'], env))).toMatchObject({ code: 2, stderr: 'CAT has no session starting on 2031-04-20.\n' });
  });

  it('G4: shows where each setting comes from, and refuses to change one the committees file owns', async () => {
    const show = await amparo(['committees', 'show', 'cat'], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^CAT {2}Committee against Torture — /);
    expect(show.stdout).toMatch(/rapporteurs: amina, lucas; chair: chen/);
    expect(show.stdout).toContain(`  assessmentTargetDays = 7  (committees file ${env.AMPARO_COMMITTEES_FILE})`);
    expect(show.stdout).toContain(`  reminders.termNoticeDays = 30  (committees file ${env.AMPARO_COMMITTEES_FILE})`);
    expect(show.stdout).toContain('  reminders.decisionWaitDays = 3  (record)');

    const pinned = await amparo(['committees', 'set', 'CAT', '--assessment-days', '10', '--decision-wait-days', '5'], env);
    expect(pinned).toMatchObject({ code: 2, stdout: '' });
    expect(pinned.stderr).toBe('CAT: assessmentTargetDays is set in the committees file, which is written to the record at every start; change it there and restart.\n');
    const bad = await amparo(['committees', 'set', 'CAT', '--decision-wait-days', 'soon', '--deadline-notice-days', '7,x'], env);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toContain('--decision-wait-days: write a whole number');
    expect(bad.stderr).toContain('--deadline-notice-days: write a whole number');
    expect((await amparo(['committees', 'set', 'CAT'], env)).stderr).toContain('name at least one setting to change');

    expect((await amparo(['committees', 'set', 'CAT', '--decision-wait-days', '5'], env)).code).toBe(0);
    const list = await amparo(['committees', 'list'], env);
    expect(list.stdout).toMatch(/^CAT {2}Committee against Torture — \d+ sessions/m);
    expect((await amparo(['committees', 'show', 'CAT'], env)).stdout).toContain('  reminders.decisionWaitDays = 5  (record)');
  });

  it('db indexes: ' + (kind === 'mongodb' ? 'all present once the record has been opened' : 'nothing to do on the embedded store'), async () => {
    const run = await amparo(['db', 'indexes'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(kind === 'mongodb' ? `All ${INDEXES} indexes are present.` : 'The embedded store keeps no indexes: nothing to do.');
  });
});

describe('amparo db indexes on MongoDB', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('cliindexes');
    env = { MONGODB_URI: database.uri, MONGODB_DB: database.dbName, AMPARO_DATA_KEY: DATA_KEY };
  });

  afterAll(async () => {
    await database.drop();
  });

  it('as a check, exits 1 naming each missing index and changes nothing; with --create, creates only what is missing', async () => {
    await database.db.collection('cases').createIndex({ reference: 1 }, { name: 'reference_unique', unique: true });
    const check = await amparo(['db', 'indexes'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('cases.reference_unique (reference:1, unique): present');
    expect(check.stdout).toContain('events.chain_unique (caseId:1, seq:1, unique): MISSING');
    expect(check.stderr).toContain(`${INDEXES - 1} of ${INDEXES} indexes are missing`);
    expect((await database.db.collection('events').listIndexes().toArray().catch(() => []))).toEqual([]);

    const create = await amparo(['db', 'indexes', '--create'], env);
    expect(create).toMatchObject({ code: 0, stderr: '' });
    expect(create.stdout).toContain(`Created ${INDEXES - 1} indexes: cases.submission_unique, cases.sequence_unique`);
    expect(create.stdout).not.toMatch(/Created .*cases\.reference_unique/);

    const again = await amparo(['db', 'indexes', '--create'], env);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain(`All ${INDEXES} indexes are present.`);
    expect((await database.db.collection('events').listIndexes().toArray()).map((i) => i.name)).toContain('chain_unique');
  });
});

describe('the administration commands without their database', () => {
  it('exit 3 naming the host, never the password', async () => {
    const env = { MONGODB_URI: 'mongodb://amparo:s3cret@127.0.0.1:9/', AMPARO_DATA_KEY: DATA_KEY };
    const runs = await Promise.all([amparo(['roles', 'list', '--committee', 'CAT'], env), amparo(['db', 'indexes'], env)]);
    for (const run of runs) {
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('MongoDB at mongodb://127.0.0.1:9/ does not answer');
      expect(run.stderr).not.toContain('s3cret');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--help describes every group and command, and exits 0', async () => {
    const groups = await Promise.all(['committees', 'roles', 'sessions', 'db'].map((group) => amparo([group, '--help'], {})));
    for (const help of groups) expect(help).toMatchObject({ code: 0, stderr: '' });
    // Every description comes from the catalogue: a missing entry would show its key.
    for (const help of groups) expect(help.stdout).not.toContain('cli.');
    expect(groups[0]?.stdout).toMatch(/list .*\n.*show .*<committee>/s);
    const assign = await amparo(['roles', 'assign', '--help'], {});
    expect(assign.code).toBe(0);
    expect(assign.stdout).toContain('--until <day>');
    expect(assign.stdout).toContain('one of member, rapporteur, chair');
    const set = await amparo(['committees', 'set', '--help'], {});
    expect(set.stdout).toContain('--session-notice-days <days>');
    expect(`${assign.stdout}${set.stdout}`).not.toContain('cli.');
    expect((await amparo(['db', 'indexes', '--help'], {})).stdout).toContain('--create');
  });
});
