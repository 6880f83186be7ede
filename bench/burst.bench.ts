import { startTestServer } from '../test/support/mongo-server';
import type { SlackSimulator, StoredView } from '../test/support/slack/simulator';
import { SlackWorkspace, type SlackUserAgent } from '../test/support/slack/workspace';
import {
  bareIntakeApp, benchSimulator, INTAKE_ANSWERS, machine, MessageIndex, ms, openIntake, percentile, pool, ratio, run, SIGNING_SECRET, startStack, table,
  type Member,
} from './support';

/**
 * Burst: a session room, one incident, everyone reports at once. BENCH_BURST intakes (500) from
 * BENCH_BURST_USERS members (100), all submitted at the same moment, each from its own open
 * intake modal. Checked: exactly that many cases, references unique and gapless, one alert to
 * each rapporteur and the chair per case, a receipt per intake; timed: until every Slack
 * request was acknowledged and until the last alert. Side by side, the bare Bolt app of the
 * intake benchmark (ack, then the same DMs, nothing stored).
 *   npm run bench:burst
 */
const INTAKES = Number(process.env.BENCH_BURST ?? 500);
const USERS = Number(process.env.BENCH_BURST_USERS ?? 100);
/** Slack's deadline for the acknowledgement. */
const SLACK_DEADLINE_MS = 3000;

interface Outcome {
  ackSeconds: number;
  alertSeconds: number;
  acks: number[];
  late: number;
  /** Answered otherwise than with the update (Bolt answers 404 itself when a listener has not acked within 3 s). */
  refused: Map<number, number>;
  complete: boolean;
}

/** How long to wait for the last alert once every request was answered. */
const SETTLE_MS = Number(process.env.BENCH_BURST_SETTLE_MS ?? 300_000);

async function burst(simulator: SlackSimulator, index: MessageIndex, opened: Array<{ agent: SlackUserAgent; view: StoredView }>, staff: number, owed: (acked: number) => number): Promise<Outcome> {
  const started = performance.now();
  const refused = new Map<number, number>();
  const acks = await Promise.all(
    opened.map(async ({ agent, view }) => {
      const answer = await agent.submitView(view, INTAKE_ANSWERS);
      const status = answer.status === 200 && answer.json().response_action === 'update' ? 200 : answer.status;
      if (status !== 200) refused.set(status, (refused.get(status) ?? 0) + 1);
      return { time: performance.now() - started, ok: status === 200 };
    }),
  );
  const ackSeconds = (performance.now() - started) / 1000;
  const acked = acks.filter((a) => a.ok).length;
  const expected = owed(acked);
  const complete = await simulator
    .waitFor(() => index.update().alertCount >= expected * staff && [...index.receipts.values()].reduce((n, r) => n + r.length, 0) >= expected, `${expected * staff} alerts and ${expected} receipts`, SETTLE_MS)
    .then(() => true, () => false);
  const alertSeconds = (performance.now() - started) / 1000;
  const times = acks.map((a) => a.time).sort((a, b) => a - b);
  return { ackSeconds, alertSeconds, acks: times, late: times.filter((a) => a > SLACK_DEADLINE_MS).length, refused, complete };
}

const refusals = (o: Outcome) => [...o.refused.entries()].map(([status, n]) => `${n} × ${status}`).join(', ') || '0';

run(async () => {
  const server = await startTestServer();
  const stack = await startStack(server, 'burst', USERS);
  const staffIds = stack.staff.map((s) => s.agent.id);
  const bareSimulator = benchSimulator();
  await bareSimulator.start();
  for (const id of [...staffIds, ...stack.members.map((m) => m.agent.id)]) bareSimulator.addUser({ id, name: id, real_name: id, tz: 'UTC', locale: 'en-US' });
  const bareApp = await bareIntakeApp(bareSimulator, staffIds);
  const bareWorkspace = new SlackWorkspace(bareSimulator, bareApp.url, SIGNING_SECRET);
  try {
    process.stdout.write(`Burst: ${INTAKES} intakes from ${USERS} members submitted at once, ${staffIds.length} alerts each\n${machine(server.kind)}\n\n`);
    // Every submission needs its own open intake modal: each member opens theirs first.
    const perUser = Math.ceil(INTAKES / USERS);
    const byMember = await pool(stack.members, 10, async (m: Member) => {
      const views: StoredView[] = [];
      for (let k = 0; k < perUser; k++) views.push(await openIntake(stack, m.agent, 120_000));
      return views.map((view) => ({ member: m, view }));
    });
    // Interleaved, so that each member's submissions are spread through the burst.
    const opened = Array.from({ length: perUser }, (_, k) => byMember.map((mine) => mine[k])).flat().filter((o) => o !== undefined).slice(0, INTAKES);
    const commandsBefore = stack.simulator.messages.length;
    if (commandsBefore !== 0) throw new Error('DMs before the burst');

    // The bare app sends its DMs only for what it acknowledged; Amparo owes every intake it held.
    const bare = await burst(bareSimulator, new MessageIndex(bareSimulator, new Set(staffIds)), opened.map((o) => ({ agent: bareWorkspace.user(o.member.agent.id), view: o.view })), staffIds.length, (acked) => acked);
    const amparo = await burst(stack.simulator, stack.index, opened.map((o) => ({ agent: o.member.agent, view: o.view })), staffIds.length, () => INTAKES);

    // Nothing lost, nothing doubled.
    const cases = await stack.amparo.store.listCases({ committees: ['CAT'] });
    const seqs = cases.map((c) => c.seq).sort((a, b) => a - b);
    const references = new Set(cases.map((c) => c.reference));
    const gapless = seqs.every((s, i) => s === i + 1);
    const alertsPerCase = [...stack.index.alerts.values()];
    const exactlyOnce = alertsPerCase.length === INTAKES && alertsPerCase.every((a) => a.to.size === staffIds.length && [...a.to.values()].every((n) => n === 1));
    const receipts = [...stack.index.receipts.values()].reduce((n, r) => n + r.length, 0);
    const checks = [
      ['cases', `${cases.length}`, `${INTAKES}`, cases.length === INTAKES],
      ['distinct references', `${references.size}`, `${INTAKES}`, references.size === INTAKES],
      ['sequence numbers', `${seqs[0]}…${seqs.at(-1)}${gapless ? ', no gap' : ', GAPS'}`, `1…${INTAKES}, no gap`, gapless],
      ['alert DMs', `${stack.index.alertCount}`, `${INTAKES} × ${staffIds.length} = ${INTAKES * staffIds.length}`, stack.index.alertCount === INTAKES * staffIds.length],
      ['cases alerted once to each of the staff', `${alertsPerCase.filter((a) => a.to.size === staffIds.length).length}`, `${INTAKES}`, exactlyOnce],
      ['receipts to members', `${receipts}`, `${INTAKES}`, receipts === INTAKES],
    ] as const;
    process.stdout.write(
      table(['check', 'found', 'expected', ''], ['---', '---:', '---:', '---'], checks.map(([what, found, expected, ok]) => [what, found, expected, ok ? 'ok' : 'FAILED'])) +
        '\n' +
        table(
          ['', 'all answered (s)', 'answer p50 (ms)', 'answer p99 (ms)', 'answers over 3 s', 'not acknowledged', 'last alert (s)', 'intakes/s'],
          ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
          [
            ['bare Bolt', bare.ackSeconds.toFixed(2), ms(percentile(bare.acks, 50)), ms(percentile(bare.acks, 99)), bare.late, refusals(bare), bare.alertSeconds.toFixed(2), (INTAKES / bare.alertSeconds).toFixed(1)],
            ['Amparo', amparo.ackSeconds.toFixed(2), ms(percentile(amparo.acks, 50)), ms(percentile(amparo.acks, 99)), amparo.late, refusals(amparo), amparo.complete ? amparo.alertSeconds.toFixed(2) : `incomplete after ${amparo.alertSeconds.toFixed(0)}`, (INTAKES / amparo.alertSeconds).toFixed(1)],
            ['ratio Amparo/bare', ratio(amparo.ackSeconds, bare.ackSeconds), ratio(percentile(amparo.acks, 50), percentile(bare.acks, 50)), ratio(percentile(amparo.acks, 99), percentile(bare.acks, 99)), '', '', ratio(amparo.alertSeconds, bare.alertSeconds), ''],
          ],
        ),
    );
    if (checks.some(([, , , ok]) => !ok)) throw new Error('the burst lost or doubled something');
  } finally {
    await bareApp.stop();
    await bareSimulator.stop();
    await stack.stop();
    await server.stop();
  }
});
