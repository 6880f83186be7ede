import type { Person, Role } from '../../../src/domain/roles';
import { DEMO_COMMITTEE } from '../../../src/services/demo';
import { MongoStore } from '../../../src/store/mongo-store';
import { person } from '../people';
import { freePort } from '../mongo-server';
import { AmparoProcess } from '../process';
import { openTestDatabase, type TestDatabase } from '../test-db';
import { SlackSimulator } from './simulator';
import { SlackWorkspace, type SlackUserAgent } from './workspace';
import { intakeAnswers } from './answers';

/**
 * The real server process serving the Slack simulator on a fresh test database, for drills
 * that kill or stop it: the CAT committee, and people enrolled straight into the database.
 */
const SECRET = 'drill-signing-secret-0123456789';

/** A report's answers as a member gives them in the drills. */
export const DRILL_INTAKE = intakeAnswers();


export interface ProcessStage {
  simulator: SlackSimulator;
  database: TestDatabase;
  /** Amparo's store, opened by the test on the same database. */
  store: MongoStore;
  /** Adds a person with a role (and a Slack user); returns them and their Slack agent. */
  enrol(key: string, role: Role): Promise<{ person: Person; agent: SlackUserAgent }>;
  /** The member types `/amparo report`; resolves once the intake modal is open for them. */
  openIntake(agent: SlackUserAgent): Promise<void>;
  /** Starts the server (again) on the same port and database. */
  start(extraEnv?: Record<string, string>): Promise<AmparoProcess>;
  stop(): Promise<void>;
}

export async function processStage(label: string): Promise<ProcessStage> {
  const simulator = new SlackSimulator();
  await simulator.start();
  const database = await openTestDatabase(label);
  const store = await MongoStore.connect(database.uri, database.dbName);
  await store.init();
  await store.saveCommittee(DEMO_COMMITTEE);
  const port = await freePort();
  const workspace = new SlackWorkspace(simulator, `http://127.0.0.1:${port}/slack/events`, SECRET);
  const running = new Set<AmparoProcess>();
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
    LOG_LEVEL: 'info',
  };
  return {
    simulator,
    database,
    store,
    enrol: async (key, role) => {
      const slackId = `U0${key.toUpperCase().padEnd(7, '0')}`;
      simulator.addUser({ id: slackId, name: key, real_name: key, tz: 'UTC', locale: 'en-US' });
      const p: Person = { ...person(key, role, { at: new Date() }), identityKeys: [`slack:${simulator.teamId}:${slackId}`] };
      await store.insertPerson(p);
      return { person: p, agent: workspace.user(slackId) };
    },
    openIntake: async (agent) => {
      await agent.command('report');
      await simulator.waitFor(() => JSON.stringify(simulator.openModal(agent.id)?.view ?? {}).includes('"callback_id":"intake"'), `the intake modal of ${agent.id}`);
    },
    start: async (extraEnv = {}) => {
      const server = await AmparoProcess.start({ ...env, ...extraEnv });
      running.add(server);
      void server.exited.then(() => running.delete(server));
      return server;
    },
    stop: async () => {
      for (const server of running) await server.kill();
      await store.close();
      await database.drop();
      await simulator.stop();
    },
  };
}
