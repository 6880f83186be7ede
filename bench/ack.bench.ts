import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, ExpressReceiver } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import autocannon from 'autocannon';
import { startTestServer } from '../test/support/mongo-server';
import { sign } from '../test/support/slack/workspace';
import type { SlackSimulator } from '../test/support/slack/simulator';
import { benchSimulator, benchTrigger, machine, ms, percentile, ratio, run, SIGNING_SECRET, startStack, table } from './support';

/**
 * Ack latency: signed `/amparo report` slash commands, each with a fresh timestamp and its own
 * trigger id, against Amparo (MongoDB store on the test server) and against a bare Bolt app
 * (an ExpressReceiver on its own port whose handler only acks and opens a static modal
 * through the same simulator), at each concurrency, side by side in one run.
 *   npm run bench:ack      (BENCH_ACK_REQUESTS per target and concurrency, BENCH_ACK_CONCURRENCY)
 */
const REQUESTS = Number(process.env.BENCH_ACK_REQUESTS ?? 1000);
const WARMUP = Math.min(200, REQUESTS);
const CONCURRENCY = (process.env.BENCH_ACK_CONCURRENCY ?? '1,10,50').split(',').map(Number);
const USERS = 200;

const STATIC_MODAL: ModalView = {
  type: 'modal',
  callback_id: 'static',
  title: { type: 'plain_text', text: 'Report' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Working…' } }],
};

async function bareBolt(simulator: SlackSimulator): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', processBeforeResponse: false });
  const app = new App({ token: 'xoxb-bare', receiver, clientOptions: { slackApiUrl: simulator.apiUrl } });
  app.command('/amparo', async ({ ack, command, client }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: STATIC_MODAL });
  });
  const server = (await app.start(0)) as Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}

/** The commands a target answered with views.open are all done: the next run starts clean. */
async function settle(simulator: SlackSimulator, method: string, expected: number): Promise<void> {
  await simulator.waitFor(() => simulator.callsOf(method).length >= expected, `${expected} ${method} calls`, 300_000);
}

async function load(url: string, simulator: SlackSimulator, users: string[], connections: number, amount: number): Promise<number[]> {
  let n = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    amount,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const user = users[n++ % users.length] as string;
          const body = new URLSearchParams({
            token: 'unused',
            team_id: simulator.teamId,
            team_domain: 'amparo-bench',
            channel_id: 'C0SESSION1',
            channel_name: 'cat-session',
            user_id: user,
            user_name: user.toLowerCase(),
            command: '/amparo',
            text: 'report',
            api_app_id: 'A0AMPARO1',
            is_enterprise_install: 'false',
            response_url: simulator.responseUrl(),
            trigger_id: benchTrigger(user),
          }).toString();
          const timestamp = Math.floor(Date.now() / 1000);
          return {
            ...request,
            body,
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(SIGNING_SECRET, timestamp, body) },
          };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
    if (status === 200) latencies.push(time);
  });
  const result = await instance;
  if (result.non2xx || result.errors || result.timeouts || latencies.length !== amount) {
    throw new Error(`${url}: ${latencies.length} of ${amount} answered 200 (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
  }
  return latencies.sort((a, b) => a - b);
}

run(async () => {
  const server = await startTestServer();
  const stack = await startStack(server, 'ack', USERS);
  const bareSimulator = benchSimulator();
  await bareSimulator.start();
  for (const m of stack.members) bareSimulator.addUser({ id: m.agent.id, name: m.person._id, real_name: m.person._id, tz: 'UTC', locale: 'en-US' });
  const bare = await bareBolt(bareSimulator);
  const users = stack.members.map((m) => m.agent.id);
  const rows: Array<Array<string | number>> = [];
  let amparoCommands = 0;
  let bareCommands = 0;
  try {
    process.stdout.write(`Ack latency of signed /amparo report, ${REQUESTS} commands per target and concurrency (after ${WARMUP} to warm up), from ${USERS} users\n${machine(server.kind)}\n\n`);
    // Warm both up: JIT, connections, the people's first contact (users.info) in Amparo.
    for (const [target, url] of [['amparo', stack.eventsUrl], ['bare', bare.url]] as const) {
      const simulator = target === 'amparo' ? stack.simulator : bareSimulator;
      await load(url, simulator, users, 10, WARMUP + USERS);
      if (target === 'amparo') await settle(simulator, 'views.update', (amparoCommands += WARMUP + USERS));
      else await settle(simulator, 'views.open', (bareCommands += WARMUP + USERS));
    }
    for (const connections of CONCURRENCY) {
      const bareTimes = await load(bare.url, bareSimulator, users, connections, REQUESTS);
      await settle(bareSimulator, 'views.open', (bareCommands += REQUESTS));
      const amparoTimes = await load(stack.eventsUrl, stack.simulator, users, connections, REQUESTS);
      // Amparo's work goes on after the ack (the modal is filled by views.update): let it end.
      await settle(stack.simulator, 'views.update', (amparoCommands += REQUESTS));
      const p = (times: number[], q: number) => percentile(times, q);
      rows.push([
        connections,
        ms(p(bareTimes, 50)), ms(p(bareTimes, 95)), ms(p(bareTimes, 99)),
        ms(p(amparoTimes, 50)), ms(p(amparoTimes, 95)), ms(p(amparoTimes, 99)),
        ratio(p(amparoTimes, 50), p(bareTimes, 50)), ratio(p(amparoTimes, 95), p(bareTimes, 95)), ratio(p(amparoTimes, 99), p(bareTimes, 99)),
      ]);
      process.stdout.write(`  concurrency ${connections} done\n`);
    }
    const opened = stack.simulator.callsOf('views.open').filter((c) => c.args.trigger_id !== undefined).length;
    process.stdout.write(
      '\n' +
        table(
          ['concurrency', 'bare p50 (ms)', 'bare p95', 'bare p99', 'Amparo p50 (ms)', 'Amparo p95', 'Amparo p99', 'ratio p50', 'ratio p95', 'ratio p99'],
          ['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
          rows,
        ) +
        `\nEvery command was acknowledged with 200 and opened its modal (Amparo: ${opened} views.open, ${stack.simulator.callsOf('views.update').length} views.update).\n`,
    );
  } finally {
    await bare.stop();
    await bareSimulator.stop();
    await stack.stop();
    await server.stop();
  }
});
