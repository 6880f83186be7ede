import { teamsStage, type TeamsStage } from '../../support/teams/harness';
import type { TeamsUser } from '../../support/teams/connector';

/**
 * The whole workflow in Teams, through the Bot Connector simulator: real
 * teams-ai and botbuilder, real HTTP, real tokens checked against a local issuer.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const NARRATIVE = 'Tyuio was followed home by plain-clothes officers after speaking at the session.';
const VICTIM = 'Ghjkl Asdfg, human rights lawyer';

const INTAKE = {
  committee: 'CAT',
  narrative: NARRATIVE,
  incidentDate: '2026-01-15',
  place: 'Tromso',
  stateParty: 'Norway',
  victimKind: 'individual',
  victim: VICTIM,
  cooperation: 'session',
  perpetrator: 'state',
  channel: 'oral',
  confidential: 'no',
  sourceContact: 'Signal +00 9876',
  consentStateContact: 'yes',
  consentPublication: 'unknown',
  consentReferral: 'no',
  consentInformed: 'yes',
  riskLevel: 'high',
  imminentThreat: 'no',
  genderRisk: 'unknown',
};

const text = (value: unknown) => JSON.stringify(value) ?? '';
type Task = { task?: { type?: string; value?: { title?: string; card?: { content?: { body?: Array<Record<string, unknown>>; actions?: Array<{ data?: Record<string, unknown> }> } } } } };
const cardOf = (body: Record<string, unknown>) => (body as Task).task?.value?.card?.content;
const submitData = (body: Record<string, unknown>) => cardOf(body)?.actions?.[0]?.data ?? {};

describe('Teams: the whole workflow', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  /** Opens a dialog from a button and submits it with these answers; returns the final dialog. */
  async function dialog(user: TeamsUser, verb: string, arg: string, answers: Record<string, unknown>): Promise<Record<string, unknown>> {
    const opened = await stage.client.taskFetch(user, { verb, arg });
    expect(opened.status).toBe(200);
    const form = submitData(opened.body);
    expect(form.verb).toBe(verb);
    const submitted = await stage.client.taskSubmit(user, { ...form, ...answers });
    expect(submitted.status).toBe(200);
    return submitted.body;
  }

  const chatActivities = () => stage.connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message');
  const sentTo = (user: TeamsUser) => chatActivities().filter((c) => c.conversationId === `a:personal-${user.aadObjectId}` || text(stage.connector.created.get(c.conversationId)).includes(user.aadObjectId));

  it('G10–G14: report in a dialog, proactive alerts, assessment, proposals, Universal Action decisions', async () => {
    const { client, users, connector, people } = stage;

    // The member installs the app and types "report": the form opens in a dialog, not in the chat.
    await client.install(users.maria);
    await connector.waitFor(() => chatActivities().length === 1, 'the welcome card');
    await client.say(users.maria, 'report');
    const offer = await connector.waitFor(() => chatActivities()[1], 'the card that opens the form');
    expect(text(offer.body)).toContain('task/fetch');
    expect(text(offer.body)).not.toContain('Input.Text');

    // A wrong answer comes back on the card, with everything typed kept.
    const opened = await client.taskFetch(users.maria, { verb: 'intake', arg: '' });
    expect(text(cardOf(opened.body))).toContain('Input.ChoiceSet');
    const form = submitData(opened.body);
    const wrong = await client.taskSubmit(users.maria, { ...form, ...INTAKE, stateParty: 'Atlantis' });
    expect((wrong.body as Task).task?.type).toBe('continue');
    expect(text(cardOf(wrong.body))).toContain('Not a State we know');
    expect(text(cardOf(wrong.body))).toContain(NARRATIVE);
    expect(await stage.amparo.store.listCases({})).toEqual([]);

    // Submitted again (twice, as a double click would): one case.
    const again = submitData(wrong.body);
    const [done] = await Promise.all([client.taskSubmit(users.maria, { ...again, ...INTAKE }), client.taskSubmit(users.maria, { ...again, ...INTAKE })]);
    expect(text(cardOf(done.body))).toContain(`Allegation received: ${REF}`);
    expect(await stage.amparo.store.listCases({})).toHaveLength(1);

    // G10: the rapporteurs and the chair never wrote to the bot: 1:1 chats are created for them.
    await connector.waitFor(() => connector.created.size >= 3, 'three conversations created');
    const members = [...connector.created.values()].map((p) => text((p as { members?: unknown }).members));
    for (const who of [users.amina, users.lucas, users.chen]) expect(members.some((m) => m.includes(who.aadObjectId))).toBe(true);
    const alert = await connector.waitFor(() => sentTo(users.amina)[0], "the rapporteur's alert");
    expect(text(alert.body)).toContain(`New allegation of intimidation or reprisals: ${REF}`);
    expect(text(alert.body)).toContain('risk level High');
    expect(text(sentTo(users.maria).at(-1)?.body)).toContain(`Allegation received: ${REF}`);
    expect(sentTo(users.maria).filter((c) => text(c.body).includes('Allegation received'))).toHaveLength(1);

    // The rapporteur opens the case: details in a dialog, recorded.
    const details = await client.taskFetch(users.amina, { verb: 'case.open', arg: REF });
    expect(text(cardOf(details.body))).toContain(NARRATIVE);
    expect((details.body as Task).task?.value?.title).toBe('Amparo — confidential');

    // Assessment and proposals, each in its dialog.
    expect(text(cardOf(await dialog(users.amina, 'assessment.sources', REF, { sources: 'secretariat,civil_society', sourcesNote: 'Asked the NGO.' })))).toContain(`Sources recorded for ${REF}.`);
    expect(text(cardOf(await dialog(users.amina, 'assessment.consult', REF, { countryRapporteur: people.olga._id, consultationNote: '' })))).toContain('Consultation recorded');
    expect(text(cardOf(await dialog(users.amina, 'assessment.outcome', REF, { outcome: 'substantiated', findings: 'Followed after the session.' })))).toContain(`Assessment of ${REF} recorded`);
    expect(text(cardOf(await dialog(users.amina, 'proposal.create', REF, { actionType: 'G19', details: 'Letter.', doNoHarm: 'Low exposure.', deadlineDays: 30 })))).toContain('Proposal #1');
    expect(text(cardOf(await dialog(users.amina, 'proposal.create', REF, { actionType: 'G26', details: 'Publish.', doNoHarm: 'Would name her.', deadlineDays: '' })))).toContain('Proposal #2');

    // The chair decides with Universal Actions: the card is replaced for everyone who sees it.
    const card1 = await connector.waitFor(() => sentTo(users.chen).find((c) => text(c.body).includes('proposal #1')), 'the proposal card');
    expect(text(card1.body)).toContain('Action.Execute');
    const posted = connector.calls.indexOf(card1);
    const activityId = `activity-${posted + 1}`;
    const [first, second] = await Promise.all([
      client.execute(users.chen, 'decision.approve', { arg: `${REF}#1` }, activityId),
      client.execute(users.chen, 'decision.approve', { arg: `${REF}#1` }, activityId),
    ]);
    const bodies = [first.body, second.body];
    const decided = bodies.find((b) => b.type === 'application/vnd.microsoft.card.adaptive');
    const refused = bodies.find((b) => b.type === 'application/vnd.microsoft.activity.message');
    expect(text(decided?.value)).toMatch(/approved by Chen Chair on .*under the authority of the chair/);
    expect(text(decided?.value)).not.toContain('Action.Execute');
    expect(String(refused?.value)).toContain('already decided: approved by Chen Chair');
    const update = connector.calls.find((c) => c.method === 'PUT');
    expect(update?.activityId).toBe(activityId);
    expect(text(update?.body)).toContain('approved by Chen Chair');

    // Consent: the chair is told why G26 cannot be approved; the card stays.
    const consent = await client.execute(users.chen, 'decision.approve', { arg: `${REF}#2` }, 'activity-x');
    expect(consent.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(consent.body.value)).toContain('informed consent is not recorded');

    // The member: her report's status only.
    const status = await client.taskFetch(users.maria, { verb: 'case.open', arg: REF });
    expect(text(cardOf(status.body))).toContain(`Your report ${REF}`);
    expect(text(cardOf(status.body))).not.toContain('Tyuio');

    // Nothing sensitive in any chat message or card update; only in dialogs opened for those allowed.
    const posts = text(connector.calls.map((c) => c.body));
    for (const secret of ['Tyuio', 'Ghjkl', 'Tromso', '9876', 'Asked the NGO', 'Followed after', 'Low exposure', 'Would name her']) expect(posts).not.toContain(secret);
    // Every outbound call carried the bot's token.
    expect(connector.calls.every((c) => c.authorization === 'Bearer amparo-outbound-token')).toBe(true);
  });

  it('cases, case and help in the chat; the language of the activity; roles for the chair', async () => {
    const { client, users, connector } = stage;
    await client.say(users.chen, 'help');
    const help = await connector.waitFor(() => sentTo(users.chen)[0], 'help');
    expect(text(help.body)).toContain('Amparo — how it works');
    await client.say(users.chen, 'cases');
    await connector.waitFor(() => sentTo(users.chen).length === 2, 'the queue');
    expect(text(sentTo(users.chen)[1]?.body)).toContain('Your queue');
    await client.say(users.chen, 'case CAT-2026-0009');
    const offer = await connector.waitFor(() => sentTo(users.chen)[2], 'the dialog offer');
    expect(text(offer.body)).toContain('"verb":"case.open"');
    // Roles: the people picker gives an object id; the new rapporteur is alerted from then on.
    const roles = await client.taskFetch(users.chen, { verb: 'roles.assign', arg: '' });
    expect(text(cardOf(roles.body))).toContain('graph.microsoft.com/users');
    const today = new Date().toISOString().slice(0, 10);
    const assigned = await client.taskSubmit(users.chen, { ...submitData(roles.body), person: users.nora.aadObjectId, committee: 'CAT', role: 'rapporteur', stateParty: '', start: today, end: '' });
    expect(text(cardOf(assigned.body))).toContain('is now Rapporteur on reprisals in CAT');
    expect((await stage.amparo.store.findPersonByIdentity(`teams:${users.nora.tenantId}:${users.nora.aadObjectId}`))?.roles[0]?.role).toBe('rapporteur');
  });
});
