import type { Person, Role } from '../../src/domain/roles';
import { DEMO_COMMITTEE } from '../../src/services/demo';
import { MongoStore } from '../../src/store/mongo-store';
import { freePort } from '../support/mongo-server';
import { person } from '../support/people';
import { AmparoProcess } from '../support/process';
import { intakeAnswers } from '../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../support/slack/harness';
import { SlackSimulator, type StoredView } from '../support/slack/simulator';
import { SlackWorkspace } from '../support/slack/workspace';
import { teamsStage, type TeamsStage } from '../support/teams/harness';
import { openTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * G10: every alert, and every receipt, goes to each person once, however two identical
 * submissions interleave: a double click, a retry racing the original, a dialog submitted
 * twice, and the same submission reaching two Amparo processes on one database. Each race is
 * run many times and the messages are counted per recipient and per case.
 */
const INTAKE = intakeAnswers();
const MINUTE = 60 * 1000;
const references = (text: string) => text.match(/CAT-\d{4}-\d{4}/g) ?? [];

/** How many messages each recipient got about each case: `recipient → reference → count`. */
function tally(messages: Array<{ to: string; text: string }>): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const { to, text } of messages) {
    for (const reference of new Set(references(text))) {
      const mine = counts.get(to) ?? new Map<string, number>();
      mine.set(reference, (mine.get(reference) ?? 0) + 1);
      counts.set(to, mine);
    }
  }
  return counts;
}

function expectOnceEach(counts: Map<string, Map<string, number>>, recipients: string[], cases: string[]): void {
  for (const who of recipients) {
    const got = counts.get(who) ?? new Map<string, number>();
    expect({ who, cases: [...got.keys()].sort() }).toEqual({ who, cases: [...cases].sort() });
    expect({ who, twice: [...got.entries()].filter(([, n]) => n !== 1) }).toEqual({ who, twice: [] });
  }
}

describe('racing submissions: each alert and receipt once', () => {
  describe('Slack, one process', () => {
    let stage: SlackStage;
    beforeAll(async () => {
      stage = await slackStage('mongodb');
    });
    afterAll(async () => {
      await stage.stop();
    });

    it('G10: a modal submitted twice at the same moment, 12 times over: one case each, one alert to each of the staff, one receipt', async () => {
      const { users, simulator, amparo, clock } = stage;
      const seen = new Set<string>();
      for (let round = 0; round < 12; round++) {
        await users.maria.command('report');
        const form = await stage.modalWith('maria', '"callback_id":"intake"');
        const copy: StoredView = { ...form, view: structuredClone(form.view) };
        const [first, second] = await Promise.all([users.maria.submitView(form, INTAKE), users.maria.submitView(copy, INTAKE)]);
        expect([first.status, second.status]).toEqual([200, 200]);
        // The answer names a case not seen before (a late answer to an earlier round may still arrive).
        const reference = (await simulator.waitFor(() => references(textOf(users.maria.modal().view)).find((r) => !seen.has(r)), 'the answer'))!;
        seen.add(reference);
        await simulator.waitFor(() => users.maria.dms().some((m) => m.text.includes(reference)), 'the receipt');
        // Within the member's allowance of ten reports in ten minutes.
        clock.advance(3 * MINUTE);
      }
      const cases = (await amparo.store.listCases({})).map((c) => c.reference);
      expect(cases).toHaveLength(12);
      const staff = [users.amina.id, users.lucas.id, users.chen.id];
      await simulator.waitFor(() => staff.every((id) => cases.every((r) => simulator.dmsTo(id).some((m) => m.text.includes(r)))), 'every alert');
      expectOnceEach(tally([...staff, users.maria.id].flatMap((id) => simulator.dmsTo(id).map((m) => ({ to: id, text: m.text })))), [...staff, users.maria.id], cases);
    }, 120_000);
  });

  describe('Teams, one process', () => {
    let stage: TeamsStage;
    beforeAll(async () => {
      stage = await teamsStage();
    });
    afterAll(async () => {
      await stage.stop();
    });

    it('G10: a dialog submitted twice at the same moment, 5 times over: one case each, one alert to each of the staff, one receipt', async () => {
      const { client, users, connector, amparo } = stage;
      const INTAKE_TEAMS = { committee: 'CAT', ...INTAKE };
      for (let round = 0; round < 5; round++) {
        const opened = await client.taskFetch(users.maria, { verb: 'intake', arg: '' });
        // The form's submit data carries its nonce: both presses send the same.
        const data = (opened.body as { task?: { value?: { card?: { content?: { actions?: Array<{ data?: Record<string, unknown> }> } } } } }).task?.value?.card?.content?.actions?.[0]?.data ?? {};
        expect(data).toHaveProperty('nonce');
        const [a, b] = await Promise.all([client.taskSubmit(users.maria, { ...data, ...INTAKE_TEAMS }), client.taskSubmit(users.maria, { ...data, ...INTAKE_TEAMS })]);
        expect(textOf(a.body)).toContain('Allegation received');
        expect(textOf(b.body)).toContain('Allegation received');
      }
      const cases = (await amparo.store.listCases({})).map((c) => c.reference);
      expect(cases).toHaveLength(5);
      const who = [users.amina, users.lucas, users.chen, users.maria];
      // What the bot posted in each person's 1:1 chat (the one they opened, or one it created).
      const messagesTo = (user: (typeof who)[number]) =>
        connector.calls
          .filter((c) => c.method === 'POST' && c.body.type === 'message')
          .filter((c) => c.conversationId === `a:personal-${user.aadObjectId}` || textOf(connector.created.get(c.conversationId)).includes(user.aadObjectId))
          .map((c) => ({ to: user.aadObjectId, text: textOf(c.body) }));
      await connector.waitFor(() => who.every((u) => cases.every((r) => messagesTo(u).some((m) => m.text.includes(r)))), 'every alert and receipt');
      expectOnceEach(tally(who.flatMap(messagesTo)), who.map((u) => u.aadObjectId), cases);
    }, 120_000);
  });

  describe('Slack, two processes on one database', () => {
    const SECRET = 'racing-signing-secret-0123456789';
    let simulator: SlackSimulator;
    let database: TestDatabase;
    let store: MongoStore;
    const servers: AmparoProcess[] = [];
    const workspaces: SlackWorkspace[] = [];

    beforeAll(async () => {
      simulator = new SlackSimulator();
      await simulator.start();
      database = await openTestDatabase('racing');
      store = await MongoStore.connect(database.uri, database.dbName);
      await store.init();
      await store.saveCommittee(DEMO_COMMITTEE);
      const enrol = async (key: string, role: Role) => {
        const id = `U0${key.toUpperCase().padEnd(7, '0')}`;
        simulator.addUser({ id, name: key, real_name: key, tz: 'UTC', locale: 'en-US' });
        const p: Person = { ...person(key, role, { at: new Date() }), identityKeys: [`slack:${simulator.teamId}:${id}`] };
        await store.insertPerson(p);
        return id;
      };
      for (const [key, role] of [['amina', 'rapporteur'], ['lucas', 'rapporteur'], ['chen', 'chair']] as const) await enrol(key, role);
      for (let m = 1; m <= 3; m++) await enrol(`m${m}`, 'member');
      for (let n = 0; n < 2; n++) {
        const port = await freePort();
        servers.push(
          await AmparoProcess.start({
            PORT: String(port),
            MONGODB_URI: database.uri,
            MONGODB_DB: database.dbName,
            AMPARO_DATA_KEY: `race:${Buffer.alloc(32, 6).toString('base64')}`,
            SLACK_BOT_TOKEN: 'xoxb-race',
            SLACK_SIGNING_SECRET: SECRET,
            SLACK_API_URL: simulator.apiUrl,
            SLACK_TEAM_ID: simulator.teamId,
            AMPARO_SWEEP_SCHEDULE: 'off',
            LOG_LEVEL: 'error',
          }),
        );
        workspaces.push(new SlackWorkspace(simulator, `http://127.0.0.1:${port}/slack/events`, SECRET));
      }
    }, 60_000);

    afterAll(async () => {
      for (const server of servers) await server.kill();
      await store.close();
      await database.drop();
      await simulator.stop();
    });

    it('G10: the same submission reaching both processes at once, 9 times over: one case each, one alert to each of the staff, one receipt', async () => {
      const [a, b] = workspaces as [SlackWorkspace, SlackWorkspace];
      const members = ['U0M100000', 'U0M200000', 'U0M300000'];
      const seen = new Set<string>();
      for (let round = 0; round < 9; round++) {
        const member = members[round % 3]!;
        await a.user(member).command('report');
        const form = await simulator.waitFor(() => {
          const view = simulator.openModal(member);
          return view && textOf(view.view).includes('"callback_id":"intake"') ? view : undefined;
        }, 'the intake modal');
        const copy: StoredView = { ...form, view: structuredClone(form.view) };
        const answers = await Promise.all([a.user(member).submitView(form, INTAKE), b.user(member).submitView(copy, INTAKE)]);
        expect(answers.map((r) => r.status)).toEqual([200, 200]);
        const reference = await simulator.waitFor(() => references(textOf(simulator.openModal(member)?.view)).find((r) => !seen.has(r)), 'the answer');
        seen.add(reference);
      }
      const cases = (await store.listCases({})).map((c) => c.reference);
      expect(cases).toHaveLength(9);
      const staff = ['U0AMINA00', 'U0LUCAS00', 'U0CHEN000'];
      await simulator.waitFor(() => staff.every((id) => cases.every((r) => simulator.dmsTo(id).some((m) => m.text.includes(r)))), 'every alert');
      await simulator.waitFor(() => cases.every((r) => members.some((id) => simulator.dmsTo(id).some((m) => m.text.includes(r)))), 'every receipt');
      const counts = tally([...staff, ...members].flatMap((id) => simulator.dmsTo(id).map((m) => ({ to: id, text: m.text }))));
      expectOnceEach(counts, staff, cases);
      const receipts = members.flatMap((id) => [...(counts.get(id)?.entries() ?? [])]);
      expect(receipts.map(([r]) => r).sort()).toEqual([...cases].sort());
      expect(receipts.filter(([, n]) => n !== 1)).toEqual([]);
    }, 180_000);
  });
});
