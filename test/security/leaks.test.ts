import { captureLogs, type CapturedLogs } from '../support/log-capture';
import { slackStage, textOf, type SlackStage } from '../support/slack/harness';
import { intakeAnswers } from '../support/slack/answers';

/**
 * G5e, G11: a whole case through the real Slack adapter with every logger at trace level,
 * including failures that get logged (a refused decision, Slack answering 500, a reminder
 * that cannot be delivered). What an operator's log collector receives, and every message
 * Amparo posts or updates, must hold no word of what people typed; only modals may. That holds
 * for what is typed after the report too: a contact's summary, new information on the case.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const SECRETS = {
  narrative: 'Qzxwv was beaten by Kjhgf officers after testifying at the session.',
  victim: 'Wpoiu Mnbvc Lkjhg',
  place: 'Trondhjemsvej 77',
  sourceContact: 'Signal +00 7777 3131',
};
const NOTES = ['Asked Ghtyu NGO.', 'Pattern confirmed by Rtyui.', 'Followed by Zxcvb.', 'Letter Uiopq.', 'Exposure Asdfg low.', 'Publish Hjklz.', 'Would name Bnmqw.'];
/** What is typed after the report: a contact's summary (G13) and new information on the case. */
const LATER = { contact: 'Spoke with Vcxzq at the shelter in Lkmnb.', information: 'Yhnuj was stopped again at Tgbvf airport.' };

describe('logs and chat during a whole case', () => {
  let stage: SlackStage;
  let logs: CapturedLogs;

  beforeEach(async () => {
    logs = captureLogs('trace');
    stage = await slackStage('embedded', 'http', logs.logger);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G11: no name, narrative, place, contact or note reaches the log or a chat message, even when things fail', async () => {
    const { users, simulator, people, amparo } = stage;
    // The confirmation DM fails once: the failure is logged, without the confirmation's words.
    simulator.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    await stage.fill(
      'maria',
      'report',
      'intake',
      intakeAnswers({ ...SECRETS, incidentDate: '2026-01-15', confidential: 'yes', imminentThreat: 'yes' }),
      `Allegation received: ${REF}`,
    );
    await users.amina.command(`case ${REF}`);
    await stage.modalWith('amina', SECRETS.narrative);
    await stage.fill('amina', `sources ${REF}`, 'assessment.sources', { sources: ['civil_society'], sourcesNote: NOTES[0] as string }, `Sources recorded for ${REF}.`);
    await stage.fill('amina', `consult ${REF}`, 'assessment.consult', { countryRapporteur: people.olga._id, consultationNote: NOTES[1] as string }, `Consultation recorded for ${REF}`);
    await stage.fill('amina', `outcome ${REF}`, 'assessment.outcome', { outcome: 'substantiated', findings: NOTES[2] as string }, `Assessment of ${REF} recorded`);
    await stage.fill('amina', `propose ${REF}`, 'proposal.create', { actionType: 'G19', details: NOTES[3] as string, doNoHarm: NOTES[4] as string, deadlineDays: '30' }, `Proposal #1 on ${REF}`);
    await stage.fill('amina', `propose ${REF}`, 'proposal.create', { actionType: 'G26', details: NOTES[5] as string, doNoHarm: NOTES[6] as string, deadlineDays: '' }, `Proposal #2 on ${REF}`);
    await users.chen.press('decision.approve', 'dm', `${REF}#1`);
    await users.chen.press('decision.approve', 'dm', `${REF}#2`);
    await simulator.waitFor(() => simulator.responses.find((r) => textOf(r.body).includes('informed consent is not recorded')), 'the consent refusal');
    // A contact kept with the person (G13), new information from the member, the lead taken (G12).
    const today = stage.clock.now().toISOString().slice(0, 10);
    await stage.fill('amina', `contact ${REF}`, 'contact.record', { on: today, means: 'phone', party: 'person', summary: LATER.contact, nextDueOn: '' }, `recorded for ${REF}.`);
    await stage.fill('maria', `add-info ${REF}`, 'information.add', { text: LATER.information, source: 'person', channel: 'written', newIncident: 'yes', incidentOn: today }, `Information added to ${REF}.`);
    await users.lucas.command(`lead ${REF}`);
    // Reminders that cannot be delivered are logged too.
    simulator.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } }, 20);
    stage.clock.advance(40 * 24 * 60 * 60 * 1000);
    await amparo.services.scheduler.sweep();
    await stage.fill('chen', `close ${REF}`, 'case.close', { reason: 'other', closureNote: 'Closed for Poiuy.' }, `Case ${REF} closed.`);

    // In chat: every call but the modals' (views.open/update/push) and every response_url answer.
    const modalCalls = new Set(['views.open', 'views.update', 'views.push']);
    const chat = textOf([...simulator.calls.filter((c) => !modalCalls.has(c.method)).map((c) => c.args), ...simulator.responses]);
    expect(chat).toContain(REF);
    const logged = logs.text();
    expect(logged).toContain(REF); // the log is written, and references are in it
    expect(logged).toContain('notification failed'); // failures are logged, with ids only
    expect(logged).toContain('reminder');
    for (const secret of [...Object.values(SECRETS), ...NOTES, ...Object.values(LATER), 'Closed for Poiuy.']) {
      for (const word of secret.split(/[\s.,]+/).filter((w) => w.length >= 5 && /^[A-Z][a-z]+$|^\d+$/.test(w))) {
        expect(logged).not.toContain(word);
        expect(chat).not.toContain(word);
      }
      expect(logged).not.toContain(secret);
      expect(chat).not.toContain(secret);
    }
  });
});
