import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAmparo, type Amparo } from '../../../src/app';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../../../src/config';
import type { Person, Role } from '../../../src/domain/roles';
import { silentLogger, type Logger } from '../../../src/logger';
import { DEMO_COMMITTEE } from '../../../src/services/demo';
import { person } from '../people';
import { TestClock } from '../clock';
import { openTestDatabase, type TestDatabase } from '../test-db';
import type { StoreKind } from '../stores';
import { SlackSimulator, type StoredView } from './simulator';
import { SlackWorkspace, type SlackUserAgent } from './workspace';

/**
 * Amparo serving a simulated Slack workspace, in this process, over real HTTP: the CAT
 * committee with a member, two rapporteurs, a chair, a country rapporteur for Norway, and a
 * workspace member who holds no role.
 */
export const SIGNING_SECRET = 'test-signing-secret-0123456789';

const CAST: Array<{ key: string; slackId: string; name: string; role?: Role; stateParty?: string; locale?: string; tz?: string }> = [
  { key: 'maria', slackId: 'U0MARIA01', name: 'Maria Member', role: 'member', tz: 'Europe/Madrid', locale: 'en-GB' },
  { key: 'amina', slackId: 'U0AMINA01', name: 'Amina Rapporteur', role: 'rapporteur', tz: 'Africa/Nairobi' },
  { key: 'lucas', slackId: 'U0LUCAS01', name: 'Lucas Rapporteur', role: 'rapporteur' },
  { key: 'chen', slackId: 'U0CHEN001', name: 'Chen Chair', role: 'chair', tz: 'Asia/Shanghai' },
  { key: 'olga', slackId: 'U0OLGA001', name: 'Olga Country', role: 'country_rapporteur', stateParty: 'NO' },
  { key: 'nora', slackId: 'U0NORA001', name: 'Nora Newcomer' },
];

type CastKey = 'maria' | 'amina' | 'lucas' | 'chen' | 'olga' | 'nora';

export interface SlackStage {
  amparo: Amparo;
  /** Amparo's clock: tests move it to make reminders fall due. */
  clock: TestClock;
  simulator: SlackSimulator;
  workspace: SlackWorkspace;
  users: Record<CastKey, SlackUserAgent>;
  people: Record<CastKey, Person>;
  /** Waits until the person's open modal says `words`, and returns it. */
  modalWith(who: CastKey, words: string): Promise<StoredView>;
  /** Types `command`, fills the modal `callbackId` opens with `answers`, and waits for `done`. */
  fill(who: CastKey, command: string, callbackId: string, answers: Record<string, string | string[]>, done: string): Promise<void>;
  /** Starts another Amparo process on the same database and Slack app, as a second replica would be. */
  replica(): Promise<Amparo>;
  stop(): Promise<void>;
}

export interface StageOptions {
  /** Amparo reaches the database through this URI instead (fault drills put a proxy between). */
  databaseUri?: (uri: string) => string;
  /** The Web API client's settings (by default no retries, so that failures show at once). */
  clientOptions?: WebClientOptions;
}

export async function slackStage(kind: StoreKind = 'embedded', mode: 'http' | 'socket' = 'http', logger: Logger = silentLogger, options: StageOptions = {}): Promise<SlackStage> {
  const simulator = new SlackSimulator();
  await simulator.start();
  if (mode === 'socket') simulator.enableSocketMode();
  let dataDir: string | undefined;
  let database: TestDatabase | undefined;
  let store: Config['store'];
  if (kind === 'mongodb') {
    database = await openTestDatabase('slack');
    store = { kind: 'mongodb', uri: options.databaseUri?.(database.uri) ?? database.uri, database: database.dbName };
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-slack-'));
    store = { kind: 'embedded', dataDir };
  }
  const config: Config = {
    store,
    dataKeys: [{ id: 'test', key: Buffer.alloc(32, 9) }],
    dataDir: dataDir ?? tmpdir(),
    committees: [DEMO_COMMITTEE],
    people: [],
    demo: false,
    sweepSchedule: 'off',
    quietHours: { start: 20, end: 8 },
    locale: 'en',
    timeZone: 'UTC',
    port: 0,
    slack: {
      botToken: 'xoxb-test-token',
      ...(mode === 'socket' ? { appToken: 'xapp-test-token' } : { signingSecret: SIGNING_SECRET }),
      apiUrl: simulator.apiUrl,
      teamId: simulator.teamId,
    },
  };
  // No retries, short Socket Mode timeouts: failures show at once instead of minutes later.
  const clock = new TestClock(new Date());
  const start = () =>
    startAmparo({
      config,
      clock,
      logger,
      slackClientOptions: options.clientOptions ?? { retryConfig: { retries: 0 } },
      slackSocketTiming: { clientPingTimeoutMs: 100, serverPingTimeoutMs: 60_000 },
    });
  const amparo = await start();
  const replicas: Amparo[] = [];
  const workspace = new SlackWorkspace(simulator, `http://127.0.0.1:${amparo.http?.port}/slack/events`, SIGNING_SECRET);
  const users = {} as Record<CastKey, SlackUserAgent>;
  const people = {} as Record<CastKey, Person>;
  for (const member of CAST) {
    simulator.addUser({ id: member.slackId, name: member.key, real_name: member.name, tz: member.tz ?? 'UTC', locale: member.locale ?? 'en-US' });
    users[member.key as CastKey] = workspace.user(member.slackId);
    if (!member.role) continue;
    const p: Person = {
      ...person(member.key, member.role, member.stateParty ? { stateParty: member.stateParty, at: new Date() } : { at: new Date() }),
      displayName: member.name,
      identityKeys: [`slack:${simulator.teamId}:${member.slackId}`],
    };
    await amparo.store.insertPerson(p);
    people[member.key as CastKey] = p;
  }
  const modalWith = (who: CastKey, words: string): Promise<StoredView> =>
    simulator.waitFor(() => {
      const view = simulator.openModal(users[who].id);
      return view !== undefined && textOf(view.view).includes(words) ? view : undefined;
    }, `a modal for ${who} saying "${words}"`);
  return {
    amparo,
    clock,
    simulator,
    workspace,
    users,
    people,
    modalWith,
    fill: async (who, command, callbackId, answers, done) => {
      await users[who].command(command);
      await modalWith(who, `"callback_id":"${callbackId}"`);
      const answer = (await users[who].submit(answers)).json();
      if (answer.response_action !== 'update') throw new Error(`the ${callbackId} modal was not accepted: ${textOf(answer)}`);
      await modalWith(who, done);
    },
    replica: async () => {
      const another = await start();
      replicas.push(another);
      return another;
    },
    stop: async () => {
      for (const another of replicas) await another.stop();
      await amparo.stop();
      await simulator.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
      await database?.drop();
    },
  };
}

/** Everything a modal or message says, as one string, for text assertions. */
export function textOf(value: unknown): string {
  return JSON.stringify(value) ?? '';
}
