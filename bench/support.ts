import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { App, ExpressReceiver } from '@slack/bolt';
import { startAmparo, type Amparo } from '../src/app';
import type { Config } from '../src/config';
import type { Person, Role } from '../src/domain/roles';
import { silentLogger } from '../src/logger';
import { DEMO_COMMITTEE } from '../src/services/demo';
import { person } from '../test/support/people';
import { SlackSimulator, type StoredMessage, type StoredView } from '../test/support/slack/simulator';
import { SlackWorkspace, type SlackUserAgent } from '../test/support/slack/workspace';
import type { TestServer } from '../test/support/mongo-server';
import { intakeAnswers } from '../test/support/slack/answers';

/**
 * What the Slack benchmarks share: Amparo started in this process on the MongoDB store (a
 * fresh database on the given server), serving the Slack simulator over real HTTP, with two
 * rapporteurs and a chair to alert and as many members as a benchmark needs.
 */
export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const STAFF: Array<{ key: string; role: Role }> = [
  { key: 'amina', role: 'rapporteur' },
  { key: 'lucas', role: 'rapporteur' },
  { key: 'chen', role: 'chair' },
];

/** A report's answers as a member gives them (the intake modal, by block id). */
export const INTAKE_ANSWERS = intakeAnswers();

let triggers = 0;
/** A trigger id the load tool makes itself; the simulator accepts it for this user (benchmarks only). */
export function benchTrigger(user: string): string {
  return `bench.${user}.${++triggers}`;
}
const BENCH_TRIGGER = /^bench\.(U[A-Z0-9]+)\.\d+$/;

export function benchSimulator(): SlackSimulator {
  const simulator = new SlackSimulator();
  simulator.acceptTrigger = (id) => BENCH_TRIGGER.exec(id)?.[1];
  return simulator;
}

export interface Member {
  person: Person;
  agent: SlackUserAgent;
}

export interface Stack {
  amparo: Amparo;
  simulator: SlackSimulator;
  workspace: SlackWorkspace;
  eventsUrl: string;
  staff: Member[];
  members: Member[];
  index: MessageIndex;
  stop(): Promise<void>;
}

export const slackId = (key: string) => `U0${key.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(7, '0')}`;

/** Amparo on a fresh database of `server`, with the staff and `memberCount` members enrolled. */
export async function startStack(server: TestServer, label: string, memberCount: number): Promise<Stack> {
  const simulator = benchSimulator();
  await simulator.start();
  const database = `bench_${label}_${Date.now()}`;
  const config: Config = {
    store: { kind: 'mongodb', uri: server.uri, database },
    dataKeys: [{ id: 'bench', key: Buffer.alloc(32, 7) }],
    dataDir: '.',
    committees: [DEMO_COMMITTEE],
    people: [],
    demo: false,
    sweepSchedule: 'off',
    quietHours: { start: 20, end: 8 },
    locale: 'en',
    timeZone: 'UTC',
    port: 0,
    slack: { botToken: 'xoxb-bench', signingSecret: SIGNING_SECRET, apiUrl: simulator.apiUrl, teamId: simulator.teamId },
  };
  const amparo = await startAmparo({ config, logger: silentLogger, sweep: false });
  const eventsUrl = `http://127.0.0.1:${amparo.http?.port}/slack/events`;
  const workspace = new SlackWorkspace(simulator, eventsUrl, SIGNING_SECRET);
  const enrol = async (key: string, role: Role): Promise<Member> => {
    const id = slackId(key);
    simulator.addUser({ id, name: key, real_name: key, tz: 'UTC', locale: 'en-US' });
    const p: Person = { ...person(key, role, { at: new Date() }), identityKeys: [`slack:${simulator.teamId}:${id}`] };
    await amparo.store.insertPerson(p);
    return { person: p, agent: workspace.user(id) };
  };
  const staff: Member[] = [];
  for (const s of STAFF) staff.push(await enrol(s.key, s.role));
  const members: Member[] = [];
  for (let i = 1; i <= memberCount; i++) members.push(await enrol(`m${String(i).padStart(5, '0')}`, 'member'));
  const index = new MessageIndex(simulator, new Set(staff.map((s) => s.agent.id)));
  return {
    amparo,
    simulator,
    workspace,
    eventsUrl,
    staff,
    members,
    index,
    stop: async () => {
      await amparo.stop();
      await simulator.stop();
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(server.uri);
      await client.db(database).dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

/** The bare Bolt app: ack the submission with an update, then one DM to each of the staff and a receipt. */
export async function bareIntakeApp(simulator: SlackSimulator, staff: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', processBeforeResponse: false });
  const app = new App({ token: 'xoxb-bare', receiver, clientOptions: { slackApiUrl: simulator.apiUrl } });
  let seq = 0;
  app.view('intake', async ({ ack, body, client }) => {
    await ack({ response_action: 'update', view: { type: 'modal', title: { type: 'plain_text', text: 'Report' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Working…' } }] } });
    const reference = `CAT-2026-${String(++seq).padStart(4, '0')}`;
    await Promise.all(staff.map((channel) => client.chat.postMessage({ channel, text: `New allegation ${reference}` })));
    await client.chat.postMessage({ channel: body.user.id, text: `Allegation received: ${reference}` });
  });
  const server = (await app.start(0)) as Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}

const REFERENCE = /CAT-\d{4}-\d{4,}/;

/**
 * The DMs the simulator recorded, read once each as they arrive (the simulator wakes its
 * waiters after every call): alerts to the staff by reference, with the time the last one
 * arrived, and receipts to members, in order.
 */
export class MessageIndex {
  private cursor = 0;
  readonly alerts = new Map<string, { to: Map<string, number>; lastAt: number }>();
  readonly receipts = new Map<string, string[]>();
  alertCount = 0;

  constructor(
    private readonly simulator: SlackSimulator,
    private readonly staff: Set<string>,
  ) {}

  update(): this {
    const now = performance.now();
    const messages = this.simulator.messages;
    for (; this.cursor < messages.length; this.cursor++) this.read(messages[this.cursor] as StoredMessage, now);
    return this;
  }

  private read(m: StoredMessage, now: number): void {
    const reference = REFERENCE.exec(m.text)?.[0];
    if (!reference) return;
    if (this.staff.has(m.user)) {
      const entry = this.alerts.get(reference) ?? { to: new Map<string, number>(), lastAt: 0 };
      entry.to.set(m.user, (entry.to.get(m.user) ?? 0) + 1);
      entry.lastAt = now;
      this.alerts.set(reference, entry);
      this.alertCount += 1;
    } else {
      this.receipts.set(m.user, [...(this.receipts.get(m.user) ?? []), reference]);
    }
  }

  /** True once every staff member has an alert for the reference. */
  alerted(reference: string): boolean {
    return (this.update().alerts.get(reference)?.to.size ?? 0) === this.staff.size;
  }
}

/** Types `/amparo report` and waits for the intake modal it opens; returns it. */
export async function openIntake(stack: Stack, agent: SlackUserAgent, timeoutMs = 60_000): Promise<StoredView> {
  const { simulator } = stack;
  const before = new Set([...simulator.views.values()].filter((v) => v.user === agent.id).map((v) => v.id));
  await agent.command('report');
  return simulator.waitFor(
    () => [...simulator.views.values()].find((v) => v.user === agent.id && !before.has(v.id) && (v.view as { callback_id?: string }).callback_id === 'intake'),
    `the intake modal of ${agent.id}`,
    timeoutMs,
  );
}

/**
 * Submits an intake modal; resolves with the acknowledgement's time and, once the member's
 * receipt arrived, the reference and the time the last alert for it was recorded.
 */
export async function submitIntake(stack: Pick<Stack, 'simulator' | 'index'>, member: Member, view: StoredView, timeoutMs = 120_000): Promise<{ started: number; acked: number; alertedAt: number; reference: string }> {
  const { simulator, index } = stack;
  const receiptsBefore = index.update().receipts.get(member.agent.id)?.length ?? 0;
  const started = performance.now();
  const answer = await member.agent.submitView(view, INTAKE_ANSWERS);
  const acked = performance.now();
  if (answer.status !== 200 || answer.json().response_action !== 'update') throw new Error(`intake of ${member.agent.id} not accepted: ${answer.status} ${answer.body.slice(0, 300)}`);
  const reference = await simulator.waitFor(
    () => {
      const receipts = index.update().receipts.get(member.agent.id) ?? [];
      return receipts.length > receiptsBefore ? receipts[receiptsBefore] : undefined;
    },
    `the receipt of ${member.agent.id}`,
    timeoutMs,
  );
  await simulator.waitFor(() => index.alerted(reference), `the alerts for ${reference}`, timeoutMs);
  return { started, acked, alertedAt: index.alerts.get(reference)?.lastAt ?? performance.now(), reference };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
export const ratio = (value: number, baseline: number) => (baseline > 0 ? (value / baseline).toFixed(2) : '–');

export function table(header: string[], align: string[], rows: Array<Array<string | number>>): string {
  return [`| ${header.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

/** Runs `work` over `items` with at most `concurrency` at once. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

export function machine(serverKind: string): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node.js ${process.version}, ${serverKind}`;
}

export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
