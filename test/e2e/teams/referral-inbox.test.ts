import { defineCommittee } from '../../../src/domain/committee';
import { person } from '../../support/people';
import { intakeAnswers } from '../../support/slack/answers';
import type { TeamsUser } from '../../support/teams/connector';
import { TENANT, teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * G16 and G5e in Teams, through the Bot Connector stand-in: CCPR's rapporteur types
 * `referrals` and gets the inbox with an Open button; the referral opens in a dialog; when
 * the consent to referral narrows she is told in the chat without detail, and the dialog
 * then shows less.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const NARRATIVE = 'Rtyui was summoned by the police after the session.';
const text = (value: unknown) => JSON.stringify(value) ?? '';
type Task = { task?: { value?: { card?: { content?: { actions?: Array<{ data?: Record<string, unknown> }> } } } } };
const submitData = (body: Record<string, unknown>) => (body as Task).task?.value?.card?.content?.actions?.[0]?.data ?? {};

describe('Teams: the referral inbox (G16, G5e)', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
    // Nora, with no role in CAT, is CCPR's rapporteur on reprisals.
    await stage.amparo.store.saveCommittee(defineCommittee({ _id: 'CCPR', name: 'Human Rights Committee' }));
    await stage.amparo.store.insertPerson({ ...person('nora', 'rapporteur', { committee: 'CCPR', at: new Date() }), displayName: 'Nora Newcomer', identityKeys: [`teams:${TENANT}:${stage.users.nora.aadObjectId}`] });
  });

  afterEach(async () => {
    await stage.stop();
  });

  async function dialog(user: TeamsUser, verb: string, arg: string, answers: Record<string, unknown>): Promise<Record<string, unknown>> {
    const opened = await stage.client.taskFetch(user, { verb, arg });
    return (await stage.client.taskSubmit(user, { ...submitData(opened.body), ...answers })).body;
  }

  const sentTo = (user: TeamsUser) =>
    stage.connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message' && (c.conversationId === `a:personal-${user.aadObjectId}` || text(stage.connector.created.get(c.conversationId)).includes(user.aadObjectId)));

  it('G16, G5e: `referrals` lists the referral with its Open button; narrowed consent is told without detail and the dialog shows less', async () => {
    const { client, users, connector } = stage;
    await dialog(users.maria, 'intake', '', intakeAnswers({ consentReferral: 'yes', consentInformed: 'yes' }));
    expect(text(await dialog(users.amina, 'referral.create', REF, { to: 'CCPR', support: 'Please raise it.' }))).toContain(`Referral #1 of ${REF} sent privately`);
    await connector.waitFor(() => sentTo(users.nora).find((c) => text(c.body).includes('Request for support')), 'the referral alert');

    await client.say(users.nora, 'referrals');
    const inbox = await connector.waitFor(() => sentTo(users.nora).find((c) => text(c.body).includes('Referrals to your committee')), 'the inbox');
    expect(text(inbox.body)).toContain(`${REF}#1 from CAT to CCPR`);
    expect(text(inbox.body)).toContain('"verb":"referral.open"');
    expect(text(inbox.body)).not.toContain('Rtyui');

    const opened = await client.taskFetch(users.nora, { verb: 'referral.open', arg: `${REF}#1` });
    expect(text(opened.body)).toContain(NARRATIVE);

    expect(text(await dialog(users.amina, 'consent.update', REF, { kind: 'referral', answer: 'unknown', informed: 'no', how: 'oral' }))).toContain(`Consent recorded for ${REF}.`);
    const notice = await connector.waitFor(() => sentTo(users.nora).find((c) => text(c.body).includes('what you may see has changed')), 'the notice of narrowed consent');
    expect(text(notice.body)).not.toContain('Rtyui');
    expect(text(notice.body)).not.toContain('Fghjk');

    const narrowed = await client.taskFetch(users.nora, { verb: 'referral.open', arg: `${REF}#1` });
    expect(text(narrowed.body)).toContain('Shared with you');
    expect(text(narrowed.body)).not.toContain('Rtyui');
    // Nothing posted in any chat carries the allegation.
    expect(text(connector.calls.map((c) => c.body))).not.toContain('Rtyui');
  });
});
