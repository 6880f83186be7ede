import { MongoClient } from 'mongodb';
import { silentLogger } from '../../src/logger';
import { DatabaseProxy } from '../support/db-proxy';
import { slackStage, textOf, type SlackStage } from '../support/slack/harness';
import { testServerUri } from '../support/test-db';
import { intakeAnswers } from '../support/slack/answers';

/**
 * Fault drills: the database stops (its connections cut, its port refusing) while people
 * report and while reminders are swept, then comes back. Amparo runs real Bolt against the
 * Slack simulator, on FerretDB (or MongoDB) through a proxy that can be cut.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const INTAKE = intakeAnswers({ narrative: 'Mnbvc was threatened by telephone the night after the dialogue.', victim: 'Lkjhg Poiuy, defender', sourceContact: 'Signal +00 1212' });

describe('fault drill: the database stops', () => {
  let proxy: DatabaseProxy;
  let stage: SlackStage;
  let direct: MongoClient;

  beforeEach(async () => {
    proxy = DatabaseProxy.forUri(testServerUri());
    await proxy.start();
    stage = await slackStage('mongodb', 'http', silentLogger, { databaseUri: (uri) => proxy.uriFor(uri) });
    direct = await new MongoClient(testServerUri()).connect();
  });

  afterEach(async () => {
    await proxy.restore();
    await stage.stop();
    await direct.close();
    await proxy.stop();
  });

  /** What the database holds, read past the proxy. */
  const count = (collection: string) => {
    const { store } = stage.amparo.config;
    if (store.kind !== 'mongodb') throw new Error('a MongoDB stage was expected');
    return direct.db(store.database).collection(collection).countDocuments();
  };
  const readyz = async () => (await fetch(`http://127.0.0.1:${stage.amparo.http?.port}/readyz`)).status;
  const alertsTo = (who: 'amina' | 'lucas' | 'chen') => stage.users[who].dms().filter((m) => m.text.includes(REF) && !m.text.startsWith('Allegation received'));

  it('during intake: not ready, the modal keeps every answer with "not saved", nothing half-written; back, the same submission makes one case', async () => {
    const { users, simulator } = stage;
    await users.maria.command('report');
    const open = await stage.modalWith('maria', '"callback_id":"intake"');

    await proxy.cut();
    expect(await readyz()).toBe(503);
    const refused = await users.maria.submit(INTAKE);
    expect(refused.json()).toMatchObject({ response_action: 'errors' });
    expect(textOf(refused.json())).toContain('Not saved: the database cannot be reached');
    // Slack keeps the modal, and the answers in it, when the answer is a field error.
    expect(simulator.openModal(users.maria.id)?.id).toBe(open.id);
    expect(alertsTo('chen')).toEqual([]);

    await proxy.restore();
    expect(await count('cases')).toBe(0);
    expect(await count('events')).toBe(0);

    // The same modal submitted again (twice, as an impatient person would): one case.
    const [first, second] = await Promise.all([users.maria.submit(INTAKE), users.maria.submit(INTAKE)]);
    expect(first.json()).toMatchObject({ response_action: 'update' });
    expect(second.json()).toMatchObject({ response_action: 'update' });
    await stage.modalWith('maria', `Allegation received: ${REF}`);
    await simulator.waitFor(() => alertsTo('amina').length === 1 && alertsTo('lucas').length === 1 && alertsTo('chen').length === 1, 'one alert to each rapporteur and the chair');
    expect(await count('cases')).toBe(1);
    expect(await readyz()).toBe(200);
    expect(alertsTo('chen')).toHaveLength(1);
  });

  it('while reminders are swept: no crash, nothing marked sent; back, the due reminders go out', async () => {
    const { users, clock, amparo } = stage;
    await stage.fill('maria', 'report', 'intake', INTAKE, `Allegation received: ${REF}`);
    // Five days on, at 10:00 UTC: the assessment falls due, in daytime for Amina (Nairobi).
    const due = new Date(clock.now().getTime() + 5 * 24 * 60 * 60 * 1000 + 60 * 1000);
    due.setUTCHours(10, 0, 0, 0);
    if (due.getTime() < clock.now().getTime() + 5 * 24 * 60 * 60 * 1000) due.setUTCDate(due.getUTCDate() + 1);
    clock.advance(due.getTime() - clock.now().getTime());

    await proxy.cut();
    const during = await amparo.services.scheduler.sweep().then(
      (report) => ({ report }),
      (error: unknown) => ({ error }),
    );
    // Either way the process goes on; what matters is that nothing went out or was lost.
    expect(users.amina.dms().filter((m) => m.text.startsWith('Assessment due soon'))).toEqual([]);
    if ('report' in during) expect(during.report.sent).toBe(0);

    await proxy.restore();
    const after = await amparo.services.scheduler.sweep();
    expect(after.sent).toBeGreaterThan(0);
    await stage.simulator.waitFor(() => users.amina.dms().find((m) => m.text.startsWith('Assessment due soon')), "the rapporteur's reminder after the outage");
    expect(users.amina.dms().filter((m) => m.text.startsWith('Assessment due soon'))).toHaveLength(1);
  });
});
