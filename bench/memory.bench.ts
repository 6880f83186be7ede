import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Person } from '../src/domain/roles';
import { DEMO_COMMITTEE } from '../src/services/demo';
import { MongoStore } from '../src/store/mongo-store';
import { freePort, projectRoot, startTestServer } from '../test/support/mongo-server';
import { person } from '../test/support/people';
import { SlackWorkspace } from '../test/support/slack/workspace';
import { benchSimulator, machine, MessageIndex, openIntake, pool, ratio, run, SIGNING_SECRET, slackId, STAFF, submitIntake, table, type Member, type Stack } from './support';

/**
 * Memory: the real server process (dist/src/main.js, MongoDB store on the test server) is
 * started, its resident set size read from /proc/<pid>/status while idle, then after every
 * BENCH_MEMORY_STEP intakes handled through Slack (command, modal, submission, alerts), up to
 * BENCH_MEMORY_CASES, 20 at a time, and once more after a rest. The RSS is what the operating
 * system charges the process; no garbage collection is forced (it is another process).
 * The default is 1,000 cases; 10,000 take a few minutes on the test server:
 *   BENCH_MEMORY_CASES=10000 npm run bench:memory
 */
const CASES = Number(process.env.BENCH_MEMORY_CASES ?? 1_000);
const STEP = Number(process.env.BENCH_MEMORY_STEP ?? Math.max(1, Math.round(CASES / 5)));
const CONCURRENT = 20;
/** A person may file 10 reports in 10 minutes. */
const PER_MEMBER = 9;
const REST_MS = 10_000;



function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const main = join(projectRoot(), 'dist', 'src', 'main.js');
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/Health checks: http:\/\/localhost:\d+/.test(output)) resolve();
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return child;
}

const rest = (msTime: number) => new Promise((resolve) => setTimeout(resolve, msTime));

run(async () => {
  const server = await startTestServer();
  const simulator = benchSimulator();
  await simulator.start();
  const database = `bench_memory_${Date.now()}`;
  const store = await MongoStore.connect(server.uri, database);
  await store.init();
  await store.saveCommittee(DEMO_COMMITTEE);
  const port = await freePort();
  const workspace = new SlackWorkspace(simulator, `http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
  const enrol = async (key: string, role: Person['roles'][number]['role']): Promise<Member> => {
    const id = slackId(key);
    simulator.addUser({ id, name: key, real_name: key, tz: 'UTC', locale: 'en-US' });
    const p: Person = { ...person(key, role, { at: new Date() }), identityKeys: [`slack:${simulator.teamId}:${id}`] };
    await store.insertPerson(p);
    return { person: p, agent: workspace.user(id) };
  };
  const staff: Member[] = [];
  for (const s of STAFF) staff.push(await enrol(s.key, s.role));
  const members: Member[] = [];
  for (let i = 1; i <= Math.max(CONCURRENT + 1, Math.ceil(CASES / PER_MEMBER)); i++) members.push(await enrol(`m${String(i).padStart(5, '0')}`, 'member'));
  const index = new MessageIndex(simulator, new Set(staff.map((s) => s.agent.id)));
  const stack: Pick<Stack, 'simulator' | 'index'> = { simulator, index };

  const child = await startServer({
    PORT: String(port),
    MONGODB_URI: server.uri,
    MONGODB_DB: database,
    AMPARO_DATA_KEY: `bench:${Buffer.alloc(32, 5).toString('base64')}`,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: simulator.apiUrl,
    SLACK_TEAM_ID: simulator.teamId,
    AMPARO_SWEEP_SCHEDULE: 'off',
    LOG_LEVEL: 'error',
  });
  const pid = child.pid as number;
  const rows: Array<Array<string | number>> = [];
  try {
    process.stdout.write(`Memory of the server process (dist/src/main.js, RSS from /proc, no forced GC) handling ${CASES} intakes through Slack, ${CONCURRENT} at a time, ${members.length} members\n${machine(server.kind)}\n\n`);
    await rest(REST_MS);
    const idle = rssMiB(pid);
    rows.push(['idle, after start', 0, idle.toFixed(1), '1.00', '']);
    let done = 0;
    let stepStarted = performance.now();
    await pool(
      Array.from({ length: CASES }, (_, i) => i),
      CONCURRENT,
      async (i) => {
        const member = members[i % members.length] as Member;
        const view = await openIntake(stack as Stack, member.agent, 300_000);
        await submitIntake(stack, member, view, 300_000);
        // The simulator keeps only what the benchmark still reads.
        simulator.closeView(view.id);
        done += 1;
        if (done % 100 === 0) simulator.calls.splice(0);
        if (done % STEP === 0 || done === CASES) {
          const seconds = (performance.now() - stepStarted) / 1000;
          rows.push([`after ${done.toLocaleString('en')} cases (under load)`, done, rssMiB(pid).toFixed(1), ratio(rssMiB(pid), idle), (STEP / seconds).toFixed(1)]);
          process.stdout.write(`  ${done} cases\n`);
          stepStarted = performance.now();
        }
      },
    );
    await rest(REST_MS);
    const after = rssMiB(pid);
    rows.push([`after ${CASES.toLocaleString('en')} cases, ${REST_MS / 1000} s later`, CASES, after.toFixed(1), ratio(after, idle), '']);
    const cases = await store.listCases({ committees: ['CAT'] });
    if (cases.length !== CASES) throw new Error(`${cases.length} cases stored, ${CASES} expected`);
    process.stdout.write('\n' + table(['when', 'cases', 'RSS (MiB)', 'ratio to idle', 'intakes/s in the step'], ['---', '---:', '---:', '---:', '---:'], rows));
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await store.close();
    const client = new MongoClient(server.uri);
    await client.db(database).dropDatabase().catch(() => undefined);
    await client.close();
    await simulator.stop();
    await server.stop();
  }
});
