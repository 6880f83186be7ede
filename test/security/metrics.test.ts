import { DAY } from '../support/clock';
import { intakeAnswers } from '../support/slack/answers';
import { slackStage, type SlackStage } from '../support/slack/harness';

/**
 * What `/metrics` shows after a case has gone through Slack: the figures an operator alerts on,
 * and never a reference, a name or a word anyone typed, in any label or value.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const TYPED = { narrative: 'Qzxwv was questioned by the police about the committee.', victim: 'Plokm Ijnuh, journalist', place: 'Wkqbx', sourceContact: 'Signal +00 9191' };

describe('/metrics', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('mongodb');
  });

  afterEach(async () => {
    await stage.stop();
  });

  const scrape = async () => {
    const answer = await fetch(`http://127.0.0.1:${stage.amparo.http?.port}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    return answer.text();
  };
  const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}()[\]|.*+?^$\\]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

  it('counts intakes, alerts, reminders and Slack acknowledgements, with no reference, name or typed word in it', async () => {
    const { users, clock, amparo } = stage;
    await stage.fill('maria', 'report', 'intake', intakeAnswers(TYPED), `Allegation received: ${REF}`);
    await users.amina.press('case.open', 'dm', REF);
    await stage.modalWith('amina', TYPED.narrative);
    // Five days on, the assessment reminders fall due, and go out at 10:00 UTC (a working hour
    // for the rapporteur in Nairobi: reminders wait out each person's quiet hours).
    await amparo.services.scheduler.planned();
    clock.advance(5 * DAY + 60_000);
    const later = clock.now();
    const ten = Date.UTC(later.getUTCFullYear(), later.getUTCMonth(), later.getUTCDate(), 10);
    clock.advance((ten > later.getTime() ? ten : ten + DAY) - later.getTime());
    await amparo.services.scheduler.sweep();

    const text = await scrape();
    expect(value(text, 'amparo_intakes_total{outcome="received"}')).toBe(1);
    expect(value(text, 'amparo_intakes_total{outcome="saved"}')).toBe(1);
    expect(value(text, 'amparo_messages_total{platform="slack",kind="allegation.alert",outcome="sent",reason="none"}')).toBe(3);
    expect(value(text, 'amparo_messages_total{platform="slack",kind="reminder",outcome="sent",reason="none"}')).toBeGreaterThan(0);
    expect(value(text, 'amparo_reminders_total{outcome="sent"}')).toBeGreaterThan(0);
    expect(value(text, 'amparo_http_request_duration_seconds_count{route="/slack/events",platform="slack",method="POST",status="200"}')).toBeGreaterThan(2);
    expect(value(text, 'amparo_database_up')).toBe(1);
    expect(value(text, 'amparo_held_submissions')).toBe(0);
    expect(value(text, 'amparo_reminder_oldest_due_seconds')).toBe(0);
    expect(text).toMatch(/^amparo_process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^amparo_nodejs_eventloop_lag_seconds /m);

    for (const secret of [REF, ...Object.values(TYPED), 'Maria', 'maria', users.maria.id, 'Amina', stage.people.maria._id]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  });

  it('says when a reminder is due and not sent: the age of the oldest one', async () => {
    const { clock, amparo } = stage;
    await stage.fill('maria', 'report', 'intake', intakeAnswers(TYPED), `Allegation received: ${REF}`);
    await amparo.services.scheduler.planned();
    clock.advance(5 * DAY + 10 * 60_000);
    // Nothing has swept since the assessment reminders fell due, ten minutes ago.
    expect(value(await scrape(), 'amparo_reminder_oldest_due_seconds')).toBeGreaterThanOrEqual(600);
    await amparo.services.scheduler.sweep();
    expect(value(await scrape(), 'amparo_reminder_oldest_due_seconds')).toBe(0);
  });
});
