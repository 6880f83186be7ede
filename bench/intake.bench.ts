import { MongoStore } from '../src/store/mongo-store';
import { startTestServer } from '../test/support/mongo-server';
import type { SlackSimulator, StoredView } from '../test/support/slack/simulator';
import { SlackWorkspace } from '../test/support/slack/workspace';
import {
  bareIntakeApp, benchSimulator, machine, MessageIndex, ms, openIntake, percentile, pool, ratio, run, SIGNING_SECRET, startStack, submitIntake, table,
  type Member, type Stack,
} from './support';

/**
 * Intake to alerts: a member submits the intake modal (`view_submission`); the clock stops
 * when the simulator has recorded the alert DM of every rapporteur and the chair. Side by
 * side, a bare Bolt app that acknowledges the same submission and sends the same DMs without
 * storing anything: the floor set by Bolt, HTTP and the Web API client. Then throughput with
 * 20 members submitting at once, and a profile of where one intake's time goes.
 *   npm run bench:intake   (BENCH_INTAKE_N sequential intakes; BENCH_INTAKE_ROUNDS per member at 20 at once)
 */
const N = Number(process.env.BENCH_INTAKE_N ?? 100);
const CONCURRENT = 20;
/** At most 9: a person may file 10 reports in 10 minutes. */
const ROUNDS = Math.min(9, Number(process.env.BENCH_INTAKE_ROUNDS ?? 5));
/** A person may file 10 reports in 10 minutes: each member files at most 5 here. */
const PER_MEMBER = 5;

const RELEASE = '5. release the hold';

/** Inclusive time and database commands of each wrapped step, for one intake at a time. */
class Profiler {
  readonly steps = new Map<string, { ms: number; count: number; commands: number }>();
  private readonly open: string[] = [];
  private running = 0;
  /** Calls finished per step, profiled or not. */
  readonly finished = new Map<string, number>();
  on = false;

  /** Resolves when no wrapped step is running (the previous intake has finished all its work). */
  async idle(): Promise<void> {
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  wrap(target: object, method: string, name: string): void {
    const holder = target as Record<string, unknown>;
    const original = holder[method] as (...args: unknown[]) => Promise<unknown>;
    if (typeof original !== 'function') throw new Error(`no ${method} to profile`);
    holder[method] = async (...args: unknown[]) => {
      this.running += 1;
      try {
        return await this.timed(name, () => original.apply(target, args));
      } finally {
        this.running -= 1;
        this.finished.set(name, (this.finished.get(name) ?? 0) + 1);
      }
    };
  }

  private async timed(name: string, work: () => Promise<unknown>): Promise<unknown> {
    {
      if (!this.on) return work();
      const started = performance.now();
      this.open.push(name);
      try {
        return await work();
      } finally {
        this.open.splice(this.open.lastIndexOf(name), 1);
        const step = this.steps.get(name) ?? { ms: 0, count: 0, commands: 0 };
        step.ms += performance.now() - started;
        step.count += 1;
        this.steps.set(name, step);
      }
    }
  }

  command(): void {
    if (!this.on) return;
    const name = this.open.at(-1) ?? '6. outside these steps (Bolt, the adapter)';
    const step = this.steps.get(name) ?? { ms: 0, count: 0, commands: 0 };
    step.commands += 1;
    this.steps.set(name, step);
  }
}

function profile(stack: Stack): Profiler {
  const profiler = new Profiler();
  const { services, notifiers, store } = stack.amparo;
  // The flows' module object: the Slack adapter calls its exports through it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const flows = require('../flows') as object;
  profiler.wrap(services.people, 'ensure', '1. flowContext: people.ensure');
  profiler.wrap(flows, 'prepareSubmission', '2. the form built and checked');
  profiler.wrap(services.held, 'hold', '3. hold in store (before the ack)');
  profiler.wrap(services.cases, 'submitAllegation', '4. saving (after the ack), of which:');
  profiler.wrap(services.cases, 'insertWithNextReference', '4a. save with reference allocation');
  profiler.wrap(services.register, 'flush', '4b. register flush');
  profiler.wrap(services.cases, 'alert', '4c. alerts, of which:');
  profiler.wrap(services.people, 'holdingAny', '4c1. find rapporteurs and chair');
  profiler.wrap(store, 'claimDeliveries', '4c2. claim each alert');
  profiler.wrap(notifiers, 'deliver', '4c3. Slack DMs (chat.postMessage)');
  profiler.wrap(store, 'markDelivered', '4c4. mark the alerts sent');
  profiler.wrap(services.register, 'record', '4c5. register the notification');
  profiler.wrap(store, 'settleAlert', '4c6. the alert is settled');
  profiler.wrap(services.held, 'release', RELEASE);
  profiler.wrap(services.scheduler, 'planCase', '7. plan reminders (in the background, after the alerts)');
  if (store instanceof MongoStore) store.onCommand(() => profiler.command());
  return profiler;
}

async function sequential(
  stack: Stack,
  profiler: Profiler,
  members: Member[],
  n: number,
  bare?: { simulator: SlackSimulator; workspace: SlackWorkspace; index: MessageIndex },
  profiled = false,
): Promise<{ alerts: number[]; acks: number[] }> {
  const alerts: number[] = [];
  const acks: number[] = [];
  for (let i = 0; i < n; i++) {
    const member = members[i % members.length] as Member;
    const view = await openIntake(stack, member.agent);
    if (bare) {
      const agent = bare.workspace.user(member.agent.id);
      const r = await submitIntake({ simulator: bare.simulator, index: bare.index }, { ...member, agent }, view);
      alerts.push(r.alertedAt - r.started);
      acks.push(r.acked - r.started);
    } else {
      await profiler.idle();
      profiler.on = profiled;
      const released = profiler.finished.get(RELEASE) ?? 0;
      const r = await submitIntake(stack, member, view);
      alerts.push(r.alertedAt - r.started);
      acks.push(r.acked - r.started);
      // The hold's release follows the receipt: wait for it so that intakes never overlap.
      while ((profiler.finished.get(RELEASE) ?? 0) <= released) await new Promise((resolve) => setTimeout(resolve, 1));
      await profiler.idle();
      profiler.on = false;
    }
  }
  return { alerts: alerts.sort((a, b) => a - b), acks: acks.sort((a, b) => a - b) };
}

run(async () => {
  const server = await startTestServer();
  const sequentialMembers = Math.ceil(N / PER_MEMBER);
  const stack = await startStack(server, 'intake', sequentialMembers + CONCURRENT);
  const staffIds = stack.staff.map((s) => s.agent.id);
  const bareSimulator = benchSimulator();
  await bareSimulator.start();
  for (const id of [...staffIds, ...stack.members.map((m) => m.agent.id)]) bareSimulator.addUser({ id, name: id, real_name: id, tz: 'UTC', locale: 'en-US' });
  const bareApp = await bareIntakeApp(bareSimulator, staffIds);
  const bare = { simulator: bareSimulator, workspace: new SlackWorkspace(bareSimulator, bareApp.url, SIGNING_SECRET), index: new MessageIndex(bareSimulator, new Set(staffIds)) };
  const profiler = profile(stack);
  try {
    process.stdout.write(`Intake to alerts (${staffIds.length} alert DMs per intake: two rapporteurs and the chair), ${N} intakes one at a time, then ${CONCURRENT} members at once\n${machine(server.kind)}\n\n`);
    const early = stack.members.slice(0, sequentialMembers);
    // Warm up (JIT, connections, first contact of each member), not measured.
    for (const m of early) await submitIntake(stack, m, await openIntake(stack, m.agent));
    await sequential(stack, profiler, early, Math.min(10, N), bare);
    // Each member has filed one report already; N more stay within their 10 in 10 minutes.
    const bareRun = await sequential(stack, profiler, early, N, bare);
    const amparoRun = await sequential(stack, profiler, early, N, undefined, true);
    const rows = [50, 95, 99].map((q) => [
      `p${q}`,
      ms(percentile(bareRun.acks, q)), ms(percentile(bareRun.alerts, q)),
      ms(percentile(amparoRun.acks, q)), ms(percentile(amparoRun.alerts, q)),
      ratio(percentile(amparoRun.alerts, q), percentile(bareRun.alerts, q)),
    ]);
    process.stdout.write(
      `One at a time (${N} intakes each):\n\n` +
        table(['', 'bare ack (ms)', 'bare to last alert (ms)', 'Amparo ack (ms)', 'Amparo to last alert (ms)', 'ratio (alerts)'], ['---', '---:', '---:', '---:', '---:', '---:'], rows),
    );

    // Throughput: 20 members each submit ROUNDS reports, all at once; their modals are opened first.
    const crowd = stack.members.slice(sequentialMembers, sequentialMembers + CONCURRENT);
    const opened: Array<{ member: Member; view: StoredView }> = [];
    for (let r = 0; r < ROUNDS; r++) for (const m of crowd) opened.push({ member: m, view: await openIntake(stack, m.agent) });
    const throughput = async (target: 'bare' | 'amparo'): Promise<{ seconds: number; latencies: number[] }> => {
      const byMember = crowd.map((m) => opened.filter((o) => o.member === m));
      const started = performance.now();
      const latencies: number[] = [];
      await pool(byMember, CONCURRENT, async (mine) => {
        for (const { member, view } of mine) {
          const r =
            target === 'bare'
              ? await submitIntake(bare, { ...member, agent: bare.workspace.user(member.agent.id) }, view)
              : await submitIntake(stack, member, view);
          latencies.push(r.alertedAt - r.started);
        }
      });
      return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
    };
    const bareCrowd = await throughput('bare');
    const amparoCrowd = await throughput('amparo');
    const total = CONCURRENT * ROUNDS;
    process.stdout.write(
      `\n${CONCURRENT} members at once, ${ROUNDS} intakes each (${total} in all):\n\n` +
        table(
          ['', 'intakes/s', 'p50 to last alert (ms)', 'p99 to last alert (ms)'],
          ['---', '---:', '---:', '---:'],
          [
            ['bare Bolt', (total / bareCrowd.seconds).toFixed(1), ms(percentile(bareCrowd.latencies, 50)), ms(percentile(bareCrowd.latencies, 99))],
            ['Amparo', (total / amparoCrowd.seconds).toFixed(1), ms(percentile(amparoCrowd.latencies, 50)), ms(percentile(amparoCrowd.latencies, 99))],
            ['ratio Amparo/bare', ratio(bareCrowd.seconds, amparoCrowd.seconds), ratio(percentile(amparoCrowd.latencies, 50), percentile(bareCrowd.latencies, 50)), ratio(percentile(amparoCrowd.latencies, 99), percentile(bareCrowd.latencies, 99))],
          ],
        ),
    );

    const rowsOf = [...profiler.steps.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
    const mean = (name: string) => (profiler.steps.get(name)?.ms ?? 0) / N;
    process.stdout.write(
      `\nWhere one intake's time goes (mean of the ${N} one-at-a-time intakes; inclusive times; database commands counted by the driver):\n\n` +
        table(
          ['step', 'mean (ms)', 'calls per intake', 'database commands per intake'],
          ['---', '---:', '---:', '---:'],
          [
            ...rowsOf.map(([name, s]) => [name, ms(s.ms / N), (s.count / N).toFixed(1), (s.commands / N).toFixed(1)]),
            ['all steps', '', '', ([...profiler.steps.values()].reduce((sum, s) => sum + s.commands, 0) / N).toFixed(1)],
            ['ack seen by Slack (p50)', ms(percentile(amparoRun.acks, 50)), '', ''],
            ['to last alert (mean)', ms(amparoRun.alerts.reduce((a, b) => a + b, 0) / N), '', ''],
          ],
        ) +
        `\n(before the ack: 1+2+3 = ${ms(mean('1. flowContext: people.ensure') + mean('2. the form built and checked') + mean('3. hold in store (before the ack)'))} ms)\n`,
    );
  } finally {
    await bareApp.stop();
    await bareSimulator.stop();
    await stack.stop();
    await server.stop();
  }
});
