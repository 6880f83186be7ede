import { ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import { notificationView } from '../../flows/notifications';
import type { Text } from '../../flows/view';
import type { AllegationInput } from '../../src/domain/allegation';
import type { ContactInput } from '../../src/domain/contacts';
import type { Actor } from '../../src/domain/roles';
import { DAY } from '../support/clock';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { person } from '../support/people';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G13: a contact with the person at risk may say when the next one is due. On that day the
 * rapporteurs are reminded (the lead first, G12); a week later, with no new contact, again, and
 * on a case at high risk the chair too; every week after until a contact is recorded. A new
 * contact plans the next day or none; a closed case has none. The clock starts on Tuesday
 * 10 March 2026, 09:00 UTC; everyone's quiet hours run from 20:00 to 08:00 UTC. Nothing sleeps.
 */
const HOUR = 60 * 60 * 1000;
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const SUMMARY = 'Wyxq answered from a borrowed phone; she asks us not to write to her address.';
const CONTACT: ContactInput = { on: '2026-03-09', means: 'phone', party: 'person', summary: SUMMARY, nextDueOn: '2026-03-20' };
const CONTACT_KINDS = ['contact_due', 'contact_overdue'];

/** How long from the clock's start (10 March, 09:00) to a given day at 08:00 UTC, the end of quiet hours. */
const until = (h: Harness, day: string) => new Date(`${day}T08:00:00Z`).getTime() - h.clock.now().getTime();

describe.each(STORE_KINDS)('contact reminders (G13) on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let rapporteur: Actor;

  beforeEach(async () => {
    under = await openStore(kind, 'contact_reminders');
    h = await harness(under.store);
    rapporteur = h.actor(CAST.rapporteur);
  });

  afterEach(async () => {
    await under.dispose();
  });

  const seen = { count: 0 };
  /** Contact reminders each person received since the last call: `who → kind reference`. */
  function received(): Record<string, string[]> {
    const fresh = h.notifier.sent.slice(seen.count).filter((s) => s.notification.kind === 'reminder' && CONTACT_KINDS.includes(s.notification.reminder?.kind ?? ''));
    seen.count = h.notifier.sent.length;
    const byPerson: Record<string, string[]> = {};
    for (const { to, notification } of fresh) (byPerson[to] ??= []).push(`${notification.reminder?.kind} ${notification.reference}`);
    return byPerson;
  }

  async function sweepAfter(ms: number): Promise<Record<string, string[]>> {
    h.clock.advance(ms);
    await h.services.scheduler.sweep();
    return received();
  }

  async function report(overrides: Partial<AllegationInput> = {}): Promise<string> {
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(overrides), `k-${Math.random()}`);
    await h.services.scheduler.planned();
    return c.reference;
  }

  async function contact(reference: string, input: Partial<ContactInput> = {}): Promise<void> {
    await h.services.contacts.record(rapporteur, reference, { ...CONTACT, ...input });
    // The case's reminders are planned again in the background, after the change.
    await h.services.scheduler.planned();
    seen.count = h.notifier.sent.length;
  }

  const pendingContactReminders = async (reference: string) => {
    const c = await under.store.findCaseByReference(reference);
    const pending = await under.store.findReminders({ caseId: c?._id ?? '', statuses: ['pending'] });
    return pending.filter((r) => CONTACT_KINDS.includes(r.kind)).map((r) => `${r.kind} ${r.recipientId} ${r.dueAt.toISOString()}`).sort();
  };

  it('G13: on the day the next contact is due the rapporteurs are reminded, and not before; the reminder names the day, never what was said', async () => {
    const reference = await report();
    await contact(reference);
    expect((await under.store.findCaseByReference(reference))?.nextContactDue).toEqual(new Date('2026-03-20T00:00:00Z'));
    expect(await pendingContactReminders(reference)).toEqual([
      'contact_due amina 2026-03-20T00:00:00.000Z',
      'contact_due lucas 2026-03-20T00:00:00.000Z',
      'contact_overdue amina 2026-03-27T00:00:00.000Z',
      'contact_overdue chen 2026-03-27T00:00:00.000Z',
      'contact_overdue lucas 2026-03-27T00:00:00.000Z',
    ]);

    // The evening before, and the night of the day itself (quiet hours): nothing yet.
    expect(await sweepAfter(until(h, '2026-03-19') + 15 * HOUR)).toEqual({});
    expect(await sweepAfter(2 * HOUR)).toEqual({});
    expect(await sweepAfter(7 * HOUR)).toEqual({ amina: [`contact_due ${reference}`], lucas: [`contact_due ${reference}`] });

    const sent = h.notifier.sent.filter((s) => s.notification.reminder?.kind === 'contact_due');
    for (const { notification } of sent) {
      const view = notificationView(notification);
      expect(say(view.title)).toBe(`Contact due: ${reference}`);
      expect(view.sections.flatMap((s) => s.lines ?? []).map(say)).toEqual(['G13: a contact with the person at risk or their representative is planned for Mar 20, 2026. Record it once it has taken place.']);
      expect(view.buttons.map((b) => b.action)).toEqual([ACTIONS.openCase, ACTIONS.recordContact, ACTIONS.acknowledge, ACTIONS.snooze, ACTIONS.snooze]);
      expect(view.sensitive).toBe(false);
      expect(JSON.stringify(notification)).not.toMatch(/Wyxq|borrowed|address/);
      expect(JSON.stringify(view)).not.toMatch(/Wyxq|borrowed|address/);
    }
  });

  it('G13: each rapporteur hears on the due day where they are: not the evening before west of UTC, and once the night is over', async () => {
    await under.store.insertPerson({ ...person('nora', 'rapporteur'), timeZone: 'America/Los_Angeles' });
    await under.store.insertPerson({ ...person('kenji', 'rapporteur'), timeZone: 'Asia/Tokyo' });
    const reference = await report();
    await contact(reference);
    const due = async () => (await pendingContactReminders(reference)).filter((r) => r.startsWith('contact_due'));
    // Midnight of 20 March where each one is.
    expect(await due()).toEqual([
      'contact_due amina 2026-03-20T00:00:00.000Z',
      'contact_due kenji 2026-03-19T15:00:00.000Z',
      'contact_due lucas 2026-03-20T00:00:00.000Z',
      'contact_due nora 2026-03-20T07:00:00.000Z',
    ]);
    // 01:00 in Tokyo: quiet hours.
    expect(await sweepAfter(until(h, '2026-03-19') + 8 * HOUR)).toEqual({});
    // 08:00 in Tokyo.
    expect(await sweepAfter(7 * HOUR)).toEqual({ kenji: [`contact_due ${reference}`] });
    // 17:00 on 19 March in Los Angeles, then 08:00 on 20 March in UTC (01:00 in Los Angeles).
    expect(await sweepAfter(HOUR)).toEqual({});
    expect(await sweepAfter(8 * HOUR)).toEqual({ amina: [`contact_due ${reference}`], lucas: [`contact_due ${reference}`] });
    // 08:00 on 20 March in Los Angeles.
    expect(await sweepAfter(7 * HOUR)).toEqual({ nora: [`contact_due ${reference}`] });
  });

  it('G13, G12: a week overdue, the chair of a case at high risk hears too; on a case at low risk only the rapporteurs, the lead first', async () => {
    const high = await report({ riskLevel: 'high' });
    const low = await report({ riskLevel: 'low' });
    await h.services.lead.take(rapporteur, low);
    await contact(high);
    await contact(low);

    expect(await sweepAfter(until(h, '2026-03-20'))).toEqual({ amina: [`contact_due ${high}`, `contact_due ${low}`], lucas: [`contact_due ${high}`] });
    expect(await sweepAfter(6 * DAY)).toEqual({});
    expect(await sweepAfter(DAY)).toEqual({
      amina: [`contact_overdue ${high}`, `contact_overdue ${low}`],
      lucas: [`contact_overdue ${high}`, `contact_overdue ${low}`],
      chen: [`contact_overdue ${high}`],
    });
    const [overdue] = h.notifier.to('chen').filter((n) => n.reminder?.kind === 'contact_overdue');
    expect(say(notificationView(overdue!).title)).toBe(`Contact overdue: ${high}`);
    // The chair is not offered to record a contact; the rapporteurs are.
    expect(notificationView(overdue!).buttons.map((b) => b.action)).not.toContain(ACTIONS.recordContact);
    // Nobody records a contact: it comes back every week, until someone does or acknowledges.
    expect(await sweepAfter(7 * DAY)).toEqual({
      amina: [`contact_overdue ${high}`, `contact_overdue ${low}`],
      lucas: [`contact_overdue ${high}`, `contact_overdue ${low}`],
      chen: [`contact_overdue ${high}`],
    });
  });

  it('G13: a new contact replans the reminder to the day it plans, and one that plans none settles it', async () => {
    const reference = await report();
    await contact(reference);
    h.clock.advance(2 * DAY);
    await contact(reference, { on: '2026-03-12', nextDueOn: '2026-03-27', summary: 'Second call.' });
    expect(await pendingContactReminders(reference)).toEqual([
      'contact_due amina 2026-03-27T00:00:00.000Z',
      'contact_due lucas 2026-03-27T00:00:00.000Z',
      'contact_overdue amina 2026-04-03T00:00:00.000Z',
      'contact_overdue chen 2026-04-03T00:00:00.000Z',
      'contact_overdue lucas 2026-04-03T00:00:00.000Z',
    ]);
    expect(await sweepAfter(until(h, '2026-03-20'))).toEqual({});
    expect(await sweepAfter(until(h, '2026-03-27'))).toEqual({ amina: [`contact_due ${reference}`], lucas: [`contact_due ${reference}`] });

    // The contact takes place and plans none: the week-overdue reminder is cancelled.
    await contact(reference, { on: '2026-03-27', nextDueOn: '', summary: 'Third call.' });
    expect((await under.store.findCaseByReference(reference))?.nextContactDue).toBeUndefined();
    expect(await pendingContactReminders(reference)).toEqual([]);
    expect(await sweepAfter(8 * DAY)).toEqual({});
  });

  it('G13: an older contact recorded late does not move the day the latest contact planned', async () => {
    const reference = await report();
    await contact(reference);
    await contact(reference, { on: '2026-03-02', nextDueOn: '2026-03-09', summary: 'An earlier call, noted late.' });
    expect((await under.store.findCaseByReference(reference))?.nextContactDue).toEqual(new Date('2026-03-20T00:00:00Z'));
    expect(await sweepAfter(until(h, '2026-03-20'))).toEqual({ amina: [`contact_due ${reference}`], lucas: [`contact_due ${reference}`] });
  });

  it('G13: a closed case has no contact reminders', async () => {
    const reference = await report();
    await contact(reference);
    await h.services.cases.close(h.actor(CAST.chair), reference, 'withdrawn_by_source', '');
    await h.services.scheduler.planned();
    expect(await pendingContactReminders(reference)).toEqual([]);
    expect(await sweepAfter(until(h, '2026-03-20'))).toEqual({});
    expect(await sweepAfter(7 * DAY)).toEqual({});
  });

  it('G13: a case reopened months later is not chased for the contact planned before its closure; the next contact recorded plans again', async () => {
    const reference = await report();
    await contact(reference);
    await h.services.cases.close(h.actor(CAST.chair), reference, 'withdrawn_by_source', '');
    h.clock.advance(90 * DAY);
    await h.services.cases.reopen(h.actor(CAST.chair), reference, 'The person wrote again.');
    await h.services.scheduler.planned();
    expect(await pendingContactReminders(reference)).toEqual([]);
    expect(await sweepAfter(DAY)).toEqual({});
  });
});
