import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { Reminder } from '../src/domain/reminders';
import { silentLogger } from '../src/logger';
import { createServices } from '../src/services';
import { KeyRing } from '../src/services/crypto';
import { DEMO_COMMITTEE } from '../src/services/demo';
import { MongoStore } from '../src/store/mongo-store';
import type { Person } from '../src/domain/roles';
import { startTestServer } from '../test/support/mongo-server';

/**
 * Sweep scaling: how long one sweep takes with 1k, 10k and 100k pending reminders of which
 * 100 are due, on a real MongoDB-wire server (FerretDB unless MONGODB_URI is set). The point
 * is that the cost follows the due reminders, not all of them: the ratio to the 1k run says.
 *   npm run bench:sweep
 */
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const DUE = 100;
const RUNS = 3;
const NOW = new Date('2026-03-10T12:00:00Z');

/** A session of the committee: each reminder below is about it, so the sweep finds it still wanted and sends it. */
const SESSION = { start: '2026-04-20', end: '2026-05-15', name: 'bench session' };

function reminder(i: number, due: boolean): Reminder {
  return {
    _id: `bench-${i}-${randomUUID()}`,
    series: `session:CAT:${SESSION.start}`,
    kind: 'session_report',
    recipientId: 'bench-rapporteur',
    committee: 'CAT',
    // Pending ones spread over the coming days (about a thousand a day); due ones just past.
    dueAt: new Date(NOW.getTime() + (due ? -60_000 - (i % 1000) : 86_400_000 + i * 86_400)),
    // Urgent: sent whatever the hour (quiet hours would defer them).
    urgent: true,
    status: 'pending',
    attempts: 0,
    createdAt: NOW,
    version: 1,
  };
}

async function run(uri: string, size: number): Promise<{ times: number[]; commands: number }> {
  const database = `bench_sweep_${size}_${Date.now()}`;
  const store = await MongoStore.connect(uri, database);
  await store.init();
  await store.saveCommittee({ ...DEMO_COMMITTEE, sessions: [SESSION] });
  const rapporteur: Person = {
    _id: 'bench-rapporteur',
    displayName: 'Bench',
    locale: 'en',
    timeZone: 'UTC',
    identityKeys: ['console:bench'],
    roles: [{ id: 'r', committee: 'CAT', role: 'rapporteur', start: new Date('2020-01-01'), assignedBy: 'bench' }],
    version: 1,
  };
  await store.insertPerson(rapporteur);
  const client = new MongoClient(uri);
  await client.connect();
  const times: number[] = [];
  let commands = 0;
  let counting = false;
  store.onCommand(() => {
    if (counting) commands += 1;
  });
  try {
    // Through the store's own bulk path (`insertReminders`, covered by the contract suite):
    // inserting 100k reminders one by one would take longer than the measurement.
    const file = async (reminders: Reminder[]) => {
      if ((await store.insertReminders(reminders)) !== reminders.length) throw new Error('some reminders were not stored');
    };
    for (let start = 0; start < size; start += 5_000) {
      await file(Array.from({ length: Math.min(5_000, size - start) }, (_, k) => reminder(start + k, false)));
    }
    let delivered = 0;
    const services = createServices({
      store,
      keys: new KeyRing([{ id: 'b', key: Buffer.alloc(32, 1) }]),
      clock: { now: () => NOW },
      ids: { next: () => randomUUID() },
      notifier: { deliver: async () => void (delivered += 1), settle: async () => undefined },
      logger: silentLogger,
    });
    for (let r = 0; r < RUNS; r++) {
      await file(Array.from({ length: DUE }, (_, k) => reminder(size + r * DUE + k, true)));
      delivered = 0;
      commands = 0;
      counting = true;
      const started = process.hrtime.bigint();
      const report = await services.scheduler.sweep();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      counting = false;
      if (report.sent !== DUE || delivered !== DUE) throw new Error(`expected ${DUE} sent, got ${report.sent} (delivered ${delivered})`);
    }
  } finally {
    await client.db(database).dropDatabase();
    await client.close();
    await store.close();
  }
  return { times, commands };
}

async function main(): Promise<void> {
  const server = await startTestServer();
  process.stdout.write(`Sweep with ${DUE} due reminders among N pending, ${RUNS} sweeps each, on ${server.kind}\n\n`);
  process.stdout.write('| pending N | database commands per sweep | ratio | sweep median (ms) | min | max | ratio |\n|---:|---:|---:|---:|---:|---:|---:|\n');
  let baseline = 0;
  let baselineCommands = 0;
  try {
    for (const size of SIZES) {
      const { times: measured, commands } = await run(server.uri, size);
      const times = measured.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] as number;
      if (!baseline) [baseline, baselineCommands] = [median, commands];
      process.stdout.write(
        `| ${size.toLocaleString('en')} | ${commands} | ${(commands / baselineCommands).toFixed(2)} | ${median.toFixed(1)} | ${times[0]?.toFixed(1)} | ${times.at(-1)?.toFixed(1)} | ${(median / baseline).toFixed(2)} |\n`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
