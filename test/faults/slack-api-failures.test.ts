import { silentLogger } from '../../src/logger';
import { slackStage, type SlackStage } from '../support/slack/harness';
import { intakeAnswers } from '../support/slack/answers';

/**
 * Fault drill: Slack's Web API answers 429 (with Retry-After) and 500s. Amparo's client
 * retries as configured in production (here with short pauses), nothing is lost, and each
 * person gets a case's messages in the order they were sent.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const INTAKE = intakeAnswers({ narrative: 'Wertz was warned by an official not to speak again.', victim: 'Qwert Yuiop, defender', sourceContact: 'Signal +00 5656' });

describe('fault drill: Slack answers 429 and 500', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('embedded', 'http', silentLogger, { clientOptions: { retryConfig: { retries: 4, factor: 1, minTimeout: 20, maxTimeout: 40, randomize: false } } });
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10: alerts are retried until delivered, each once, and a case\'s messages keep their order', async () => {
    const { simulator, users } = stage;
    simulator.failNext('chat.postMessage', { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } });
    simulator.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } }, 2);
    await stage.fill('maria', 'report', 'intake', INTAKE, `Allegation received: ${REF}`);
    const alerted = (who: 'amina' | 'lucas' | 'chen') => users[who].dms().filter((m) => m.text.includes(REF));
    await simulator.waitFor(() => alerted('amina').length === 1 && alerted('lucas').length === 1 && alerted('chen').length === 1, 'one alert each');

    // The rapporteur assesses while Slack still stumbles: the chair hears of it after the alert.
    await stage.fill('amina', `sources ${REF}`, 'assessment.sources', { sources: ['civil_society'], sourcesNote: '' }, `Sources recorded for ${REF}`);
    await stage.fill('amina', `consult ${REF}`, 'assessment.consult', { countryRapporteur: stage.people.olga._id, consultationNote: '' }, `Consultation recorded for ${REF}`);
    simulator.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } }, 2);
    await stage.fill('amina', `outcome ${REF}`, 'assessment.outcome', { outcome: 'substantiated', findings: 'Threat confirmed by two sources.' }, `Assessment of ${REF} recorded`);
    await simulator.waitFor(() => alerted('chen').length === 2, "the chair's second message");
    const [first, second] = alerted('chen');
    expect(first?.text).toContain('New allegation');
    expect(second?.text).not.toContain('New allegation');
    // Three failures, then every message delivered exactly once.
    expect(simulator.callsOf('chat.postMessage').length).toBe(simulator.messages.length + 5);
    expect(alerted('amina')).toHaveLength(1);
    expect(alerted('lucas')).toHaveLength(1);
  });
});
