import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slackStage, SIGNING_SECRET, textOf, type SlackStage } from '../support/slack/harness';
import { processStage } from '../support/slack/process-stage';
import { SlackSimulator } from '../support/slack/simulator';
import { Terminal } from '../support/terminal';

/**
 * What must not get through, or not twice: forged and stale requests, retries, double
 * submissions, another user's replayed button, oversized input, another workspace.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;

const INTAKE = {
  committee: 'CAT',
  narrative: 'Threatened by phone after the dialogue with the State party.',
  incidentDate: '',
  place: '',
  stateParty: 'NO',
  victimKind: 'group',
  victim: 'The Qazwsx collective',
  cooperation: 'report',
  perpetrator: 'unknown',
  channel: 'written',
  confidential: 'yes',
  sourceContact: '',
  consentStateContact: 'unknown',
  consentPublication: 'unknown',
  consentReferral: 'unknown',
  consentInformed: 'no',
  riskLevel: 'medium',
  imminentThreat: 'no',
  genderRisk: 'no',
};

describe('Slack: guards', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  const openIntake = async () => {
    await stage.users.maria.command('report');
    await stage.simulator.waitFor(() => textOf(stage.simulator.openModal('U0MARIA01')?.view).includes('"callback_id":"intake"'), 'the intake modal');
  };

  it('refuses a request with a wrong signature, and one signed more than five minutes ago', async () => {
    const forged = await stage.users.maria.command('report', { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await stage.users.maria.command('report', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(stage.workspace.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'command=%2Famparo&text=report' });
    expect(unsigned.status).toBe(401);
    expect(stage.simulator.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a correctly signed request from more than five minutes ahead, and accepts one within five minutes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const ahead = await stage.users.maria.command('report', { timestamp: now + 10 * 60 });
    expect(ahead.status).toBe(401);
    expect(stage.simulator.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    // A clock a little fast is still served.
    expect((await stage.users.maria.command('report', { timestamp: now + 4 * 60 })).status).toBe(200);
    await stage.simulator.waitFor(() => stage.simulator.callsOf('views.open').length === 1, 'the intake modal');
  });

  it('a submission sent twice makes one case and one round of alerts', async () => {
    await openIntake();
    const view = stage.simulator.openModal('U0MARIA01');
    await Promise.all([stage.users.maria.submit(INTAKE), (async () => {
      // The same modal submitted again, as a second press of Submit would.
      if (view) stage.simulator.views.set(view.id, view);
      return stage.users.maria.submit(INTAKE);
    })()]);
    await stage.simulator.waitFor(() => stage.simulator.callsOf('views.update').filter((c) => textOf(c.args.view).includes(`Allegation received: ${REF}`)).length >= 2, 'both submissions answered');
    expect(await stage.amparo.store.listCases({})).toHaveLength(1);
    await stage.simulator.waitFor(() => stage.users.chen.dms().length >= 1, 'the alert');
    expect(stage.users.chen.dms()).toHaveLength(1);
    expect(stage.users.amina.dms()).toHaveLength(1);
    await stage.simulator.waitFor(() => stage.users.maria.dms().length >= 1, 'the confirmation');
    expect(stage.users.maria.dms().filter((m) => m.text.includes('Allegation received'))).toHaveLength(1);
  });

  it('an event Slack delivers again is handled once', async () => {
    await stage.users.chen.openHome({ eventId: 'Ev0RETRY01' });
    await stage.simulator.waitFor(() => stage.simulator.callsOf('views.publish').length === 1, 'the home published');
    const retry = await stage.users.chen.openHome({ eventId: 'Ev0RETRY01', retryNum: 1 });
    expect(retry.status).toBe(200);
    await stage.users.chen.openHome({ eventId: 'Ev0OTHER01' });
    await stage.simulator.waitFor(() => stage.simulator.callsOf('views.publish').length === 2, 'the second home');
    expect(stage.simulator.callsOf('views.publish')).toHaveLength(2);
  });

  it("a member replaying the chair's Approve button is refused, and nothing is decided", async () => {
    await openIntake();
    await stage.users.maria.submit(INTAKE);
    await stage.simulator.waitFor(() => stage.users.chen.dms().length > 0, 'the alert');
    const reference = REF;
    const rapporteur = stage.amparo.services.people.actor(stage.people.amina);
    await stage.amparo.services.cases.recordSources(rapporteur, reference, ['nhri'], '');
    await stage.amparo.services.cases.consultCountryRapporteur(rapporteur, reference, stage.people.olga._id, '');
    await stage.amparo.services.cases.recordOutcome(rapporteur, reference, 'substantiated', 'x');
    await stage.amparo.services.cases.propose(rapporteur, reference, { type: 'G28', details: '', doNoHarm: 'none' });
    const chairDm = await stage.simulator.waitFor(() => stage.users.chen.dms().find((m) => m.text.includes('proposal #1')), "the chair's DM");
    // Maria sends the chair's message payload as her own press.
    stage.simulator.messages.push({ ...chairDm, user: 'U0MARIA01' });
    await stage.users.maria.press('decision.approve', 'dm', `${reference}#1`);
    const refusal = await stage.simulator.waitFor(() => stage.simulator.responses.find((r) => textOf(r.body).includes('Only the chair')), 'the refusal');
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral' });
    expect((await stage.amparo.store.findCaseByReference(reference))?.proposals[0]?.status).toBe('proposed');
    expect(stage.simulator.callsOf('chat.update')).toEqual([]);
  });

  it('refuses oversized answers inline, on the field, without saving', async () => {
    await openIntake();
    const answer = await stage.users.maria.submit({ ...INTAKE, narrative: 'x'.repeat(5000) });
    expect(answer.json()).toMatchObject({ response_action: 'errors', errors: { narrative: 'Too long: at most 3000 characters.' } });
    expect(await stage.amparo.store.listCases({})).toEqual([]);
  });

  it('refuses a request body over the size limit before anything reads it', async () => {
    const response = await stage.users.maria.command('x'.repeat(1_200_000));
    expect(response.status).toBe(413);
    expect(stage.simulator.callsOf('views.open')).toEqual([]);
  });

  it('a person with no role is told so plainly and can do nothing', async () => {
    await stage.users.nora.command('report');
    const told = await stage.simulator.waitFor(() => {
      const view = stage.simulator.openModal('U0NORA001');
      return textOf(view?.view).includes('You hold no role') ? view : undefined;
    }, 'the refusal');
    expect(textOf(told.view)).not.toContain('callback_id');
  });

  it('refuses requests from another workspace, and keeps nothing of them', async () => {
    const stranger = stage.workspace.user('U0MARIA01', 'T0ELSEWHERE');
    expect((await stranger.command('report')).status).toBe(200);
    expect((await stranger.openHome({ eventId: 'Ev0STRANGER1' })).status).toBe(200);
    await stage.users.chen.openHome();
    await stage.simulator.waitFor(() => stage.simulator.callsOf('views.publish').length === 1, 'the home of a member of this workspace');
    expect(stage.simulator.callsOf('views.open')).toEqual([]);
    expect(stage.simulator.callsOf('users.info').filter((c) => c.args.user === 'U0MARIA01')).toEqual([]);
    // No person record, and not even the delivery key of its event.
    expect(await stage.amparo.store.findPersonByIdentity('slack:T0ELSEWHERE:U0MARIA01')).toBeNull();
    expect(await stage.amparo.store.claimDelivery('slack:event:Ev0STRANGER1', new Date())).toBe(true);
  });

  it('a wrong signing secret in the request body cannot be replaced by a header trick', async () => {
    const body = new URLSearchParams({ command: '/amparo', text: 'report', user_id: 'U0MARIA01', team_id: stage.simulator.teamId, trigger_id: 'x' }).toString();
    const response = await stage.workspace.send(body, 'application/x-www-form-urlencoded', { headers: { 'x-slack-signature': 'v0=deadbeef' } });
    expect(response.status).toBe(401);
    expect(SIGNING_SECRET.length).toBeGreaterThan(8);
  });
});

describe('Slack: when the database stops answering', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('mongodb');
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('the intake modal stays open with every answer and "not saved, try again"', async () => {
    await stage.users.maria.command('report');
    await stage.simulator.waitFor(() => textOf(stage.simulator.openModal('U0MARIA01')?.view).includes('"callback_id":"intake"'), 'the intake modal');
    const open = stage.simulator.openModal('U0MARIA01');
    await stage.amparo.store.close();
    const answer = await stage.users.maria.submit(INTAKE);
    // An error response keeps the modal open with what was typed (Slack keeps the inputs).
    expect(answer.json()).toMatchObject({ response_action: 'errors', errors: { committee: expect.stringContaining('Not saved: the database cannot be reached') } });
    expect(stage.simulator.openModal('U0MARIA01')).toBe(open);
    expect(stage.users.chen.dms()).toEqual([]);
  });
});

describe('Starting Amparo for Slack', () => {
  const KEY = `k1:${Buffer.alloc(32, 3).toString('base64')}`;
  const SLACK = { SLACK_BOT_TOKEN: 'xoxb-start', SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0', AMPARO_SWEEP_SCHEDULE: 'off' };

  it('with MongoDB, refuses to start without SLACK_TEAM_ID, naming it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'amparo-slack-start-'));
    try {
      const amparo = Terminal.start({ ...SLACK, AMPARO_DATA_DIR: dataDir, MONGODB_URI: 'mongodb://127.0.0.1:1/', AMPARO_DATA_KEY: KEY });
      try {
        expect(await Promise.race([amparo.exitCode(), amparo.waitForOutput(/See README\.md\./).then(() => 'started')])).toBe(2);
        expect(amparo.transcript).toContain('SLACK_TEAM_ID: required with MONGODB_URI');
      } finally {
        await amparo.terminate();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('says which workspace it serves', async () => {
    const stage = await processStage('slack-start');
    try {
      const server = await stage.start();
      try {
        expect(server.transcript).toContain(`Slack workspace served: ${stage.simulator.teamId}`);
        // What it serves is said; what else it could serve is offered, and nothing it does already.
        expect(server.transcript).not.toContain('To serve Slack');
        expect(server.transcript).toContain('To serve Microsoft Teams as well, set MICROSOFT_APP_ID');
        expect(server.transcript).not.toContain('To keep the record in MongoDB');
      } finally {
        expect(await server.terminate()).toBe(0);
      }
    } finally {
      await stage.stop();
    }
  });

  it('on the embedded store, starts without SLACK_TEAM_ID and says that any workspace is served', async () => {
    const simulator = new SlackSimulator();
    await simulator.start();
    const dataDir = await mkdtemp(join(tmpdir(), 'amparo-slack-start-'));
    try {
      const server = Terminal.start({ ...SLACK, AMPARO_DATA_DIR: dataDir, SLACK_API_URL: simulator.apiUrl });
      try {
        expect(await server.waitForOutput(/See README\.md\./)).toContain('SLACK_TEAM_ID is not set');
      } finally {
        expect(await server.terminate()).toBe(0);
      }
    } finally {
      await simulator.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
