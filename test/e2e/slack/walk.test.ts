import { SLACK_METHOD_SCOPES } from '../../../adapters/slack/scopes';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * The whole workflow in a Slack workspace, through the simulator: real Bolt,
 * real HTTP, real signatures. Every Web API call Amparo makes is recorded and checked.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const NARRATIVE = 'Vwxyz was followed home by plain-clothes officers after speaking at the session.';
const VICTIM = 'Plmok Ijnuh, human rights lawyer';

const INTAKE = {
  committee: 'CAT',
  narrative: NARRATIVE,
  incidentDate: '2026-01-15',
  place: 'Bergen',
  stateParty: 'Norway',
  victimKind: 'individual',
  victim: VICTIM,
  cooperation: 'session',
  perpetrator: 'state',
  channel: 'oral',
  confidential: 'no',
  sourceContact: 'Signal +00 4444',
  consentStateContact: 'yes',
  consentPublication: 'unknown',
  consentReferral: 'no',
  consentInformed: 'yes',
  riskLevel: 'high',
  imminentThreat: 'no',
  genderRisk: 'unknown',
};

describe('Slack: the whole workflow', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  async function report(extra: Partial<typeof INTAKE> = {}): Promise<void> {
    await stage.fill('maria', 'report', 'intake', { ...INTAKE, ...extra }, `Allegation received: ${REF}`);
  }

  it('G10–G14: report, alerts, assessment, proposals and the chair\'s decisions, nothing in a channel', async () => {
    const { simulator, users, people } = stage;

    // Intake: a wrong State party is refused inline, on its field, and nothing typed is lost.
    await users.maria.command('report');
    const form = await stage.modalWith('maria', '"callback_id":"intake"');
    expect(textOf(form.view)).toContain('Report an allegation');
    const refused = await users.maria.submit({ ...INTAKE, stateParty: 'Atlantis' });
    expect(refused.json()).toMatchObject({ response_action: 'errors', errors: { stateParty: expect.stringContaining('Not a State we know') } });
    expect(await stage.amparo.store.listCases({})).toEqual([]);
    await users.maria.submit(INTAKE);
    await stage.modalWith('maria', `Allegation received: ${REF}`);

    // G10: every rapporteur and the chair get a DM at once; the member a confirmation.
    const alerted = await simulator.waitFor(() => {
      const to = simulator.callsOf('chat.postMessage').map((c) => c.args.channel);
      return ['U0AMINA01', 'U0LUCAS01', 'U0CHEN001', 'U0MARIA01'].every((u) => to.includes(u)) ? to : undefined;
    }, 'the alerts and the confirmation');
    expect(alerted.sort()).toEqual(['U0AMINA01', 'U0CHEN001', 'U0LUCAS01', 'U0MARIA01']);
    const alert = users.amina.dms()[0];
    expect(alert?.text).toBe(`New allegation of intimidation or reprisals: ${REF}`);
    expect(textOf(alert?.blocks)).toContain('risk level High');
    expect(textOf(users.maria.dms()[0]?.blocks)).toContain(`Allegation received: ${REF}`);

    // The rapporteur opens the case from the alert: details in a modal only, and recorded.
    await users.amina.press('case.open', 'dm', REF);
    const details = await stage.modalWith('amina', NARRATIVE);
    expect(textOf(details.view)).toContain(VICTIM);
    expect(textOf(details.view)).toContain('Amparo — confidential');
    const c = await stage.amparo.store.findCaseByReference(REF);
    expect((await stage.amparo.store.listEvents(c?._id as string)).map((e) => e.type)).toContain('case.opened');

    // Assessment (G12, G14): start from the modal's button, then sources, consultation, outcome.
    await users.amina.press('assessment.start', 'modal', REF);
    await stage.modalWith('amina', `Assessment of ${REF} started.`);
    await stage.fill('amina', `sources ${REF}`, 'assessment.sources', { sources: ['secretariat', 'civil_society'], sourcesNote: 'Spoke to the NGO.' }, `Sources recorded for ${REF}.`);
    await stage.fill('amina', `consult ${REF}`, 'assessment.consult', { countryRapporteur: people.olga._id, consultationNote: 'Confirms a pattern.' }, `Consultation recorded for ${REF}`);
    await simulator.waitFor(() => users.olga.dms().length > 0, 'the country rapporteur\'s DM');
    await stage.fill('amina', `outcome ${REF}`, 'assessment.outcome', { outcome: 'substantiated', findings: 'Followed after the session.' }, `Assessment of ${REF} recorded`);
    await stage.fill('amina', `propose ${REF}`, 'proposal.create', { actionType: 'G19', details: 'Letter.', doNoHarm: 'Low exposure.', deadlineDays: '30' }, `Proposal #1 on ${REF}`);
    await stage.fill('amina', `propose ${REF}`, 'proposal.create', { actionType: 'G26', details: 'Publish.', doNoHarm: 'Would name her.', deadlineDays: '' }, `Proposal #2 on ${REF}`);

    // The chair: one DM per proposal with Approve / Decline / Ask for more.
    const proposal1 = await simulator.waitFor(() => users.chen.dms().find((m) => m.text.includes('proposal #1')), 'the DM for proposal #1');
    expect(textOf(proposal1.blocks)).toMatch(/decision\.approve.*decision\.decline.*decision\.more/);

    // A double click: both presses reach Amparo; one decides, the other is told who did.
    await Promise.all([users.chen.press('decision.approve', 'dm', `${REF}#1`), users.chen.press('decision.approve', 'dm', `${REF}#1`)]);
    const updated = await simulator.waitFor(() => simulator.callsOf('chat.update').find((u) => u.args.ts === proposal1.ts), 'the proposal DM updated in place');
    expect(textOf(updated.args.blocks)).toMatch(/approved by Chen Chair on .*under the authority of the chair/);
    expect(textOf(updated.args.blocks)).not.toContain('"type":"actions"');
    expect(textOf(updated.args.blocks)).toContain('Deadline:');
    const told = await simulator.waitFor(() => simulator.responses.find((r) => textOf(r.body).includes('already decided')), 'the second click refused');
    expect(told.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(told.body)).toContain('approved by Chen Chair');
    const stored = await stage.amparo.store.findCaseByReference(REF);
    expect(stored?.proposals.filter((p) => p.status === 'approved')).toHaveLength(1);

    // G26 needs consent to publication: the chair is told why and the message stays as it was.
    await users.chen.press('decision.approve', 'dm', `${REF}#2`);
    const consent = await simulator.waitFor(() => simulator.responses.find((r) => textOf(r.body).includes('informed consent is not recorded')), 'the consent refusal');
    expect(textOf(consent.body)).toContain('G26');

    // The member sees the status of her report, nothing more.
    await users.maria.command(`case ${REF}`);
    const status = await stage.modalWith('maria', `Your report ${REF}`);
    expect(textOf(status.view)).not.toContain('Vwxyz');

    // Nothing about the case was posted anywhere but DMs; no DM or response carries a detail.
    const posted = [...simulator.callsOf('chat.postMessage'), ...simulator.callsOf('chat.update'), ...simulator.callsOf('chat.postEphemeral'), ...simulator.callsOf('views.publish')];
    expect(posted.every((call) => String(call.args.channel ?? 'U').startsWith('U') || String(call.args.channel).startsWith('D'))).toBe(true);
    const outside = textOf([...posted.map((call) => call.args), ...simulator.responses]);
    for (const secret of ['Vwxyz', 'Plmok', 'Bergen', '4444', 'Spoke to the NGO', 'Followed after', 'Low exposure', 'Would name her']) {
      expect(outside).not.toContain(secret);
    }
    // Details appeared only in modals opened for the rapporteur.
    const detailModals = [...simulator.callsOf('views.update'), ...simulator.callsOf('views.open')].filter((call) => textOf(call.args.view).includes('Vwxyz'));
    expect(detailModals.length).toBeGreaterThan(0);
    const detailViewers = new Set(detailModals.map((call) => simulator.views.get(String(call.args.view_id))?.user));
    expect([...detailViewers]).toEqual(['U0AMINA01']);

    // Every method called is one the manifest's scopes were chosen for.
    expect([...new Set(simulator.calls.map((call) => call.method))].filter((method) => !(method in SLACK_METHOD_SCOPES))).toEqual([]);
  });

  it('App Home shows each person their own queue, with buttons, and reports only status to members', async () => {
    await report();
    await stage.users.chen.openHome();
    const home = await stage.simulator.waitFor(() => stage.simulator.homes.get('U0CHEN001'), "the chair's App Home");
    expect(textOf(home)).toContain(REF);
    expect(textOf(home)).toContain('"action_id":"case.open"');
    await stage.users.maria.openHome();
    const mine = await stage.simulator.waitFor(() => stage.simulator.homes.get('U0MARIA01'), "the member's App Home");
    expect(textOf(mine)).toContain('Your reports');
    expect(textOf(mine)).toContain(`${REF} — received`);
    expect(textOf(mine)).not.toContain('"value":"' + REF + '"');

    // From the Home, the chair opens the case in a modal.
    await stage.users.chen.press('case.open', 'home', REF);
    await stage.modalWith('chen', NARRATIVE);
  });

  it('G22: an imminent threat sends urgent alerts carrying the step to contact UN security', async () => {
    await report({ imminentThreat: 'yes' });
    const urgent = await stage.simulator.waitFor(() => stage.users.chen.dms()[0], 'the urgent alert');
    expect(urgent.text).toContain('URGENT');
    expect(textOf(urgent.blocks)).toContain('contact the UN Department of Safety and Security at once');
  });

  it('language and time zone come from Slack: times are shown in the viewer\'s zone', async () => {
    await report();
    await stage.users.chen.press('case.open', 'dm', REF);
    const details = await stage.modalWith('chen', NARRATIVE);
    const received = (await stage.amparo.store.findCaseByReference(REF))?.createdAt as Date;
    const inShanghai = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(received);
    expect(textOf(details.view)).toContain(inShanghai);
    const person = await stage.amparo.store.findPersonByIdentity(`slack:${stage.simulator.teamId}:U0NORA001`);
    expect(person).toBeNull();
    await stage.users.nora.command('help');
    await stage.modalWith('nora', 'how it works');
    expect(await stage.amparo.store.findPersonByIdentity(`slack:${stage.simulator.teamId}:U0NORA001`)).toMatchObject({ displayName: 'Nora Newcomer', timeZone: 'UTC', roles: [] });
  });

  it('G8: the chair makes a workspace member a rapporteur with the user picker; she is alerted from then on', async () => {
    const { users, simulator } = stage;
    await users.chen.command('roles add');
    const form = await stage.modalWith('chen', '"callback_id":"roles.assign"');
    expect(textOf(form.view)).toContain('"type":"users_select"');
    const today = new Date().toISOString().slice(0, 10);
    await users.chen.submit({ person: 'U0NORA001', committee: 'CAT', role: 'rapporteur', stateParty: '', start: today, end: '' });
    await stage.modalWith('chen', 'Nora Newcomer is now Rapporteur on reprisals in CAT.');
    await users.chen.command('roles');
    await stage.modalWith('chen', 'Nora Newcomer — Rapporteur on reprisals');
    await report();
    const alert = await simulator.waitFor(() => users.nora.dms()[0], "the new rapporteur's alert");
    expect(alert.text).toContain(REF);
    // A member cannot give herself a role.
    await users.maria.command('roles add');
    await stage.modalWith('maria', 'Only the chair or an administrator can manage roles.');
  });

  it('reminders arrive as DMs with their buttons; Acknowledge stops the series for everyone', async () => {
    await report();
    const { simulator, users, clock, amparo } = stage;
    // Five days on, at 10:00 UTC: daytime for Amina in Nairobi, outside her quiet hours.
    const due = new Date(clock.now().getTime() + 5 * 24 * 60 * 60 * 1000 + 60 * 1000);
    const daytime = new Date(due);
    daytime.setUTCHours(10, 0, 0, 0);
    if (daytime < due) daytime.setUTCDate(daytime.getUTCDate() + 1);
    clock.advance(daytime.getTime() - clock.now().getTime());
    await amparo.services.scheduler.sweep();
    const reminder = await simulator.waitFor(() => users.amina.dms().find((m) => m.text.startsWith('Assessment due soon')), "the rapporteur's reminder");
    expect(textOf(reminder.blocks)).toMatch(/reminder\.ack.*reminder\.snooze.*reminder\.snooze/);
    expect(textOf(reminder.blocks)).not.toContain('Vwxyz');
    await users.amina.press('reminder.ack', 'dm');
    await stage.modalWith('amina', 'Acknowledged: the reminders about');
    clock.advance(3 * 24 * 60 * 60 * 1000);
    await amparo.services.scheduler.sweep();
    expect(users.chen.dms().filter((m) => m.text.startsWith('Assessment overdue'))).toEqual([]);
  });
});
