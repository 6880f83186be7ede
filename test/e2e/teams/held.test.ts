import { recover } from '../../../src/app';
import { intakeAnswers } from '../../support/slack/answers';
import { teamsStage, TENANT, type TeamsStage } from '../../support/teams/harness';

/**
 * G10: a Teams report is held (sealed) before it is saved, like a Slack one; a process that dies
 * while saving it leaves it held, and the next start saves it, alerts, and tells the member in
 * their personal chat, once, through the same recovery as Slack's (`HeldSubmissions.recover`).
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const text = (value: unknown) => JSON.stringify(value) ?? '';

describe('Teams: a report held when the process died', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10: is saved, alerted and confirmed at the next start, once; the same dialog submitted again makes no second case', async () => {
    const { amparo, connector, client, users, people } = stage;
    const answers = { committee: 'CAT', ...intakeAnswers() };
    const nonce = 'held-before-a-crash-0001';
    // What the dialog's submission left in the store before the process died.
    await amparo.services.held.hold({ key: `teams:${nonce}`, personId: people.maria._id, formId: 'intake', context: '', answers, replyTo: { tenantId: TENANT, userId: users.maria.aadObjectId } });
    expect(await amparo.store.heldSubmissions()).toHaveLength(1);

    await recover(amparo);
    expect((await amparo.store.listCases({})).map((c) => c.reference)).toEqual([REF]);
    expect(await amparo.store.heldSubmissions()).toEqual([]);
    const chatOf = (objectId: string) => connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message' && (c.conversationId === `a:personal-${objectId}` || text(connector.created.get(c.conversationId)).includes(objectId)));
    await connector.waitFor(() => [users.amina, users.lucas, users.chen].every((u) => chatOf(u.aadObjectId).some((c) => text(c.body).includes(REF))), 'the alerts');
    await connector.waitFor(() => chatOf(users.maria.aadObjectId).some((c) => text(c.body).includes(`Allegation received: ${REF}`)), "the member's receipt");

    // The member saw the dialog fail and submits it again: the same case, no second receipt.
    const again = await client.taskSubmit(users.maria, { verb: 'intake', context: '', nonce, ...answers });
    expect(text(again.body)).toContain(`Allegation received: ${REF}`);
    expect(await amparo.store.listCases({})).toHaveLength(1);
    expect(chatOf(users.maria.aadObjectId).filter((c) => text(c.body).includes('Allegation received'))).toHaveLength(1);
    for (const u of [users.amina, users.lucas, users.chen]) expect(chatOf(u.aadObjectId).filter((c) => text(c.body).includes(REF))).toHaveLength(1);
  });
});
