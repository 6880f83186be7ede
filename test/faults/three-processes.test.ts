import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Person, Role } from '../../src/domain/roles';
import { DEMO_COMMITTEE } from '../../src/services/demo';
import { MongoStore } from '../../src/store/mongo-store';
import { freePort } from '../support/mongo-server';
import { person } from '../support/people';
import { AmparoProcess } from '../support/process';
import { intakeAnswers } from '../support/slack/answers';
import { SlackSimulator, type StoredView } from '../support/slack/simulator';
import { SlackWorkspace, type SlackUserAgent } from '../support/slack/workspace';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * Fault drill: three Amparo processes on one database behind a round-robin proxy, as a load
 * balancer would put them. Sixty members report in three bursts, each pressing Submit twice;
 * one process is killed (SIGKILL) in the middle of the second burst and started again. Then:
 * every acknowledged report is one case, references are gapless, each alert and each receipt
 * reached each person once, the urgent reminders that fell due were sent once each, and no
 * submission is left held.
 */
const SECRET = 'three-signing-secret-0123456789';
const MEMBERS = 60;
const BURST = 20;
const KILL_AFTER_ACKS = 8;
/** Every tenth report is urgent (G22): the chair's hourly reminder then falls due in the drill. */
const urgent = (n: number) => n % 10 === 0;

/**
 * Resolves once a condition on the database holds, checked again every tenth of a second up to
 * a deadline (what the processes write there makes no event the test could wait on).
 */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Never saw ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Forwards each request to the next process in turn; a process that is down is skipped. */
class RoundRobin {
  private server: Server | undefined;
  private turn = 0;
  url = '';

  constructor(private readonly ports: number[]) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let tried = 0; tried < this.ports.length; tried++) {
      const port = this.ports[this.turn++ % this.ports.length] as number;
      const outcome = await new Promise<'answered' | 'down' | 'lost'>((resolve) => {
        const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve('answered'));
          answer.on('error', () => resolve('lost'));
        });
        // Refused: that process is down; the next one gets the request. Cut after it was sent: lost.
        upstream.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'down' : 'lost'));
        upstream.end(body);
      });
      if (outcome === 'answered') return;
      if (outcome === 'lost') break;
    }
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  }
}

describe('fault drill: three processes on one database, one killed mid-burst', () => {
  let simulator: SlackSimulator;
  let database: TestDatabase;
  let store: MongoStore;
  let proxy: RoundRobin;
  const running = new Set<AmparoProcess>();
  /** Every process started, the killed one too: what they logged explains a failure. */
  const started: AmparoProcess[] = [];

  beforeAll(async () => {
    simulator = new SlackSimulator();
    await simulator.start();
    database = await openTestDatabase('three');
    store = await MongoStore.connect(database.uri, database.dbName);
    await store.init();
    await store.saveCommittee(DEMO_COMMITTEE);
  });

  afterAll(async () => {
    for (const server of running) await server.kill();
    await proxy?.stop();
    await store.close();
    await database.drop();
    await simulator.stop();
  });

  it('G10, G22: nothing lost, nothing doubled, references gapless', async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    proxy = new RoundRobin(ports);
    await proxy.start();
    const workspace = new SlackWorkspace(simulator, `${proxy.url}/slack/events`, SECRET);
    const enrol = async (key: string, role: Role): Promise<{ person: Person; agent: SlackUserAgent }> => {
      const id = `U0${key.toUpperCase().padEnd(7, '0')}`;
      simulator.addUser({ id, name: key, real_name: key, tz: 'UTC', locale: 'en-US' });
      const p: Person = { ...person(key, role, { at: new Date() }), identityKeys: [`slack:${simulator.teamId}:${id}`] };
      await store.insertPerson(p);
      return { person: p, agent: workspace.user(id) };
    };
    const staff = [await enrol('amina', 'rapporteur'), await enrol('lucas', 'rapporteur'), await enrol('chen', 'chair')];
    const members: Array<{ person: Person; agent: SlackUserAgent; n: number }> = [];
    for (let n = 1; n <= MEMBERS; n++) members.push({ ...(await enrol(`m${String(n).padStart(3, '0')}`, 'member')), n });

    const env = (port: number) => ({
      PORT: String(port),
      MONGODB_URI: database.uri,
      MONGODB_DB: database.dbName,
      AMPARO_DATA_KEY: `three:${Buffer.alloc(32, 8).toString('base64')}`,
      SLACK_BOT_TOKEN: 'xoxb-three',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: simulator.apiUrl,
      SLACK_TEAM_ID: simulator.teamId,
      AMPARO_SWEEP_SCHEDULE: '* * * * * *',
      AMPARO_REMINDER_LEASE_SECONDS: '5',
      LOG_LEVEL: 'info',
    });
    const start = async (port: number) => {
      const server = await AmparoProcess.start(env(port));
      running.add(server);
      started.push(server);
      return server;
    };
    const servers = await Promise.all(ports.map(start));

    // Three bursts of twenty; each member opens the intake, then all press Submit twice at once.
    const acknowledged = new Map<string, { personId: string; viewId: string }>();
    let killed: Promise<void> | undefined;
    for (let burst = 0; burst < MEMBERS / BURST; burst++) {
      const group = members.slice(burst * BURST, (burst + 1) * BURST);
      const forms: StoredView[] = [];
      for (const { agent } of group) {
        await agent.command('report');
        forms.push(await simulator.waitFor(() => {
          const view = simulator.openModal(agent.id);
          return view && JSON.stringify(view.view).includes('"callback_id":"intake"') ? view : undefined;
        }, `the intake modal of ${agent.id}`));
      }
      await Promise.allSettled(
        group.flatMap(({ agent, person: p, n }, index) => {
          const form = forms[index] as StoredView;
          const answers = intakeAnswers({ imminentThreat: urgent(n) ? 'yes' : 'no' });
          return [form, { ...form, view: structuredClone(form.view) }].map(async (view) => {
            const answer = await agent.submitView(view, answers).catch(() => undefined);
            if (answer?.status !== 200 || answer.json().response_action !== 'update') return;
            acknowledged.set(form.id, { personId: p._id, viewId: form.id });
            // The second process dies in the middle of the second burst.
            if (burst === 1 && acknowledged.size === BURST + KILL_AFTER_ACKS && !killed) killed = (servers[1] as AmparoProcess).kill();
          });
        }),
      );
      if (burst === 1) {
        await killed;
        running.delete(servers[1] as AmparoProcess);
        const restarted = await start(ports[1] as number);
        await restarted.until(() => restarted.transcript.includes('recovery done'), 'the end of its recovery');
      }
    }

    // Every acknowledged report is one case (those acknowledged last may still be being saved).
    const unsaved = async () => {
      const missing: string[] = [];
      for (const { personId, viewId } of acknowledged.values()) if (!(await store.findCaseBySubmissionKey(`${personId}:slack:${viewId}`))) missing.push(viewId);
      return missing;
    };
    await until(async () => (await unsaved()).length === 0, 'every acknowledged report saved').catch(async () => {
      const complaints = started.flatMap((p, i) => p.transcript.split('\n').filter((line) => /"level":(40|50)|warn|error/i.test(line)).map((line) => `process ${i}: ${line}`));
      process.stdout.write(`[drill] what the processes complained of:\n${complaints.join('\n')}\n`);
      expect(await unsaved()).toEqual([]);
    });
    const cases = await store.listCases({ committees: ['CAT'] });
    expect(cases.map((c) => c.seq).sort((a, b) => a - b)).toEqual(cases.map((_, i) => i + 1));
    expect(new Set(cases.map((c) => c.submissionKey)).size).toBe(cases.length);

    // Each alert to each of the staff, and each receipt to its member, once (an alert whose
    // sender died goes out once its claim lapsed).
    const staffIds = staff.map((s) => s.agent.id);
    const reported = (id: string, reference: string) => simulator.dmsTo(id).filter((m) => m.text.includes(reference));
    const alerts = (id: string, reference: string) => reported(id, reference).filter((m) => !m.text.startsWith('URGENT, not yet acknowledged'));
    await simulator.waitFor(() => cases.every((c) => staffIds.every((id) => alerts(id, c.reference).length > 0)), 'every alert', 60_000);
    for (const c of cases) for (const id of staffIds) expect({ reference: c.reference, id, alerts: alerts(id, c.reference).length }).toEqual({ reference: c.reference, id, alerts: 1 });
    const memberOf = new Map(members.map((m) => [m.person._id, m.agent.id]));
    await simulator.waitFor(() => cases.every((c) => reported(memberOf.get(c.reporterId) ?? '', c.reference).length > 0), 'every receipt', 60_000);
    for (const c of cases) expect({ reference: c.reference, receipts: reported(memberOf.get(c.reporterId) ?? '', c.reference).length }).toEqual({ reference: c.reference, receipts: 1 });
    await until(async () => (await store.heldSubmissions()).length === 0, 'no submission left held');

    // The chair's urgent reminders (G22) fall due now: the three sweeping processes send each once.
    const urgentCases = cases.filter((c) => c.urgent);
    expect(urgentCases.length).toBeGreaterThan(0);
    for (const c of urgentCases) {
      for (const r of await store.findReminders({ caseId: c._id, statuses: ['pending'] })) {
        if (r.kind === 'urgent') expect(await store.replaceReminder({ ...r, dueAt: new Date(Date.now() - 60_000), version: r.version + 1 }, r.version)).toBe(true);
      }
    }
    const chen = staff[2]?.agent.id ?? '';
    const reminded = (reference: string) => simulator.dmsTo(chen).filter((m) => m.text.startsWith('URGENT, not yet acknowledged') && m.text.includes(reference)).length;
    await simulator.waitFor(() => urgentCases.every((c) => reminded(c.reference) > 0), 'every urgent reminder', 60_000);
    // Sent and due again an hour on: nothing due is left for a second send.
    await until(async () => (await store.dueReminders(new Date(), 100)).filter((r) => r.kind === 'urgent').length === 0, 'the urgent reminders marked sent');
    for (const c of urgentCases) expect({ reference: c.reference, reminders: reminded(c.reference) }).toEqual({ reference: c.reference, reminders: 1 });
    process.stdout.write(`[drill] 3 processes, ${MEMBERS} members pressing Submit twice: ${acknowledged.size} acknowledged, ${cases.length} cases (1…${cases.length}), ${urgentCases.length} urgent reminders sent once each\n`);
  }, 300_000);
});
