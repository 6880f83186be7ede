import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Person } from '../../src/domain/roles';
import { DEMO_COMMITTEE } from '../../src/services/demo';
import { MongoStore } from '../../src/store/mongo-store';
import { person } from '../support/people';
import { AmparoProcess } from '../support/process';
import { SlackSimulator } from '../support/slack/simulator';
import { SlackWorkspace, type SlackUserAgent } from '../support/slack/workspace';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * Fault drill: the server process is killed (SIGKILL) in the middle of a burst of intakes.
 * Every intake Slack saw acknowledged must be a case after the restart, alerted to the
 * rapporteurs and the chair (at least once; duplicates are counted and reported).
 */
const SECRET = 'drill-signing-secret-0123456789';
const MEMBERS = 24;
const KILL_AFTER_ACKS = 8;
const YEAR = new Date().getUTCFullYear();
const INTAKE = {
  committee: 'CAT',
  narrative: 'Rtyui was summoned by the police after the session.',
  incidentDate: `${YEAR}-01-15`,
  place: 'Oslo',
  stateParty: 'Norway',
  victimKind: 'individual',
  victim: 'Fghjk Vbnmq, lawyer',
  cooperation: 'session',
  perpetrator: 'state',
  channel: 'oral',
  confidential: 'no',
  sourceContact: 'Signal +00 3434',
  consentStateContact: 'yes',
  consentPublication: 'no',
  consentReferral: 'no',
  consentInformed: 'yes',
  riskLevel: 'high',
  imminentThreat: 'no',
  genderRisk: 'unknown',
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('fault drill: the server is killed during a burst of intakes', () => {
  let simulator: SlackSimulator;
  let database: TestDatabase;
  let store: MongoStore;
  let server: AmparoProcess | undefined;

  beforeEach(async () => {
    simulator = new SlackSimulator();
    await simulator.start();
    database = await openTestDatabase('killed');
    store = await MongoStore.connect(database.uri, database.dbName);
    await store.init();
    await store.saveCommittee(DEMO_COMMITTEE);
  });

  afterEach(async () => {
    if (server) await server.kill();
    await store.close();
    await database.drop();
    await simulator.stop();
  });

  async function enrol(key: string, role: 'member' | 'rapporteur' | 'chair'): Promise<Person> {
    const slackId = `U0${key.toUpperCase().padEnd(7, '0')}`;
    simulator.addUser({ id: slackId, name: key, real_name: key, tz: 'UTC', locale: 'en-US' });
    const p: Person = { ...person(key, role, { at: new Date() }), identityKeys: [`slack:${simulator.teamId}:${slackId}`] };
    await store.insertPerson(p);
    return p;
  }

  it('every acknowledged intake is a case after the restart, alerted to the rapporteurs and the chair', async () => {
    const staff = [await enrol('amina', 'rapporteur'), await enrol('lucas', 'rapporteur'), await enrol('chen', 'chair')];
    const members: Person[] = [];
    for (let i = 1; i <= MEMBERS; i++) members.push(await enrol(`m${String(i).padStart(2, '0')}`, 'member'));
    const port = await freePort();
    const env = {
      PORT: String(port),
      MONGODB_URI: database.uri,
      MONGODB_DB: database.dbName,
      AMPARO_DATA_KEY: `drill:${Buffer.alloc(32, 4).toString('base64')}`,
      SLACK_BOT_TOKEN: 'xoxb-drill',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: simulator.apiUrl,
      SLACK_TEAM_ID: simulator.teamId,
      AMPARO_SWEEP_SCHEDULE: 'off',
      LOG_LEVEL: 'error',
    };
    server = await AmparoProcess.start(env);
    const workspace = new SlackWorkspace(simulator, `http://127.0.0.1:${port}/slack/events`, SECRET);
    const agents = members.map((m) => workspace.user(m.identityKeys[0]?.split(':')[2] as string));
    const idOf = new Map<SlackUserAgent, string>(agents.map((a, i) => [a, members[i]?._id as string]));
    for (const agent of agents) {
      await agent.command('report');
      await simulator.waitFor(() => JSON.stringify(simulator.openModal(agent.id)?.view ?? {}).includes('"callback_id":"intake"'), `the intake modal of ${agent.id}`);
    }

    // The burst: every member submits at once; the server dies after the eighth acknowledgement.
    const acknowledged: Array<{ personId: string; viewId: string }> = [];
    const running = server;
    let killed: Promise<void> | undefined;
    await Promise.allSettled(
      agents.map(async (agent) => {
        const viewId = agent.modal().id;
        const answer = await agent.submit(INTAKE);
        if (answer.status !== 200 || answer.json().response_action !== 'update') return;
        acknowledged.push({ personId: idOf.get(agent) as string, viewId });
        if (acknowledged.length === KILL_AFTER_ACKS) killed = running.kill();
      }),
    );
    await killed;
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    // Restarted, it finishes what the dead process had acknowledged.
    server = await AmparoProcess.start(env);
    const caseOf = (a: { personId: string; viewId: string }) => store.findCaseBySubmissionKey(`${a.personId}:slack:${a.viewId}`);
    const alertsFor = (reference: string, slackId: string) => simulator.dmsTo(slackId).filter((m) => m.text.includes(reference) && !m.text.startsWith('Allegation received')).length;
    const staffIds = staff.map((p) => p.identityKeys[0]?.split(':')[2] as string);
    const referencesAlerted = () => new Set(simulator.dmsTo(staffIds[2] as string).flatMap((m) => m.text.match(/CAT-\d{4}-\d{4}/g) ?? []));
    await simulator.waitFor(() => referencesAlerted().size >= acknowledged.length, 'an alert to the chair for as many cases as were acknowledged', 30_000);
    const found = new Map<string, string>();
    for (const a of acknowledged) {
      const c = await caseOf(a);
      if (c) found.set(a.viewId, c.reference);
    }
    expect(found.size).toBe(acknowledged.length);
    await simulator.waitFor(() => [...found.values()].every((ref) => staffIds.every((id) => alertsFor(ref, id) >= 1)), 'every alert of every acknowledged case', 30_000);

    const cases = await store.listCases({ committees: ['CAT'] });
    const seqs = cases.map((c) => c.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const duplicates = [...found.values()].reduce((n, ref) => n + staffIds.reduce((m, id) => m + Math.max(0, alertsFor(ref, id) - 1), 0), 0);
    process.stdout.write(`[drill] ${acknowledged.length} of ${MEMBERS} intakes acknowledged before the kill; ${cases.length} cases after the restart; ${duplicates} duplicate alerts\n`);
  }, 120_000);
});
