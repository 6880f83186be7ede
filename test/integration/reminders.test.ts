import type { Actor } from '../../src/domain/roles';
import { defineCommittee } from '../../src/domain/committee';
import { PermanentDeliveryError, TransientDeliveryError } from '../../src/services/notifications';
import { SchedulerService } from '../../src/services/scheduler';
import { DEMO_COMMITTEE } from '../../src/services/demo';
import { DAY } from '../support/clock';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { person } from '../support/people';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * Deadlines and reminders through a case's life, on each real store. The clock is moved by
 * hand (it starts on Tuesday 10 March 2026, 09:00 UTC); nothing sleeps.
 */
const HOUR = 60 * 60 * 1000;

describe.each(STORE_KINDS)('reminders on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let member: Actor;
  let rapporteur: Actor;
  let chair: Actor;

  beforeEach(async () => {
    under = await openStore(kind, 'reminders');
    h = await harness(under.store);
    member = h.actor(CAST.member);
    rapporteur = h.actor(CAST.rapporteur);
    chair = h.actor(CAST.chair);
  });

  afterEach(async () => {
    await under.dispose();
  });

  /** Reminders each person received since the last call: `who → kinds`. */
  const seen = { count: 0 };
  function received(): Record<string, string[]> {
    const fresh = h.notifier.sent.slice(seen.count).filter((s) => s.notification.kind === 'reminder' || s.notification.kind === 'reminder.undeliverable');
    seen.count = h.notifier.sent.length;
    const byPerson: Record<string, string[]> = {};
    for (const { to, notification } of fresh) (byPerson[to] ??= []).push(notification.kind === 'reminder' ? (notification.reminder?.kind ?? '?') : notification.kind);
    return byPerson;
  }

  async function at(offsetMs: number): Promise<Record<string, string[]>> {
    h.clock.advance(offsetMs);
    await h.services.scheduler.sweep();
    return received();
  }

  async function report(overrides: Parameters<typeof allegation>[0] = {}) {
    const { case: c } = await h.services.cases.submitAllegation(member, allegation(overrides), `k-${Math.random()}`);
    // Reminders are planned in the background, after the alerts.
    await h.services.scheduler.planned();
    seen.count = h.notifier.sent.length;
    return c;
  }

  async function assess(reference: string) {
    await h.services.cases.recordSources(rapporteur, reference, ['nhri'], '');
    await h.services.cases.consultCountryRapporteur(rapporteur, reference, CAST.countryRapporteur._id, '');
    await h.services.cases.recordOutcome(rapporteur, reference, 'substantiated', 'f');
    seen.count = h.notifier.sent.length;
  }

  it('G12, G14: the rapporteurs are reminded before the assessment target, the chair when it has passed', async () => {
    await report();
    expect(await at(5 * DAY - HOUR)).toEqual({});
    expect(await at(HOUR)).toEqual({ amina: ['assessment_due'], lucas: ['assessment_due'] });
    expect(await at(DAY)).toEqual({});
    expect(await at(DAY)).toEqual({ chen: ['assessment_overdue'] });
    expect(await at(30 * DAY)).toEqual({});
  });

  it('each reminder is stored with the audience it speaks to', async () => {
    const c = await report();
    const planned = await under.store.findReminders({ caseId: c._id });
    expect(new Set(planned.map((r) => `${r.kind}: ${r.audiences?.join(', ')}`))).toEqual(new Set(['assessment_due: rapporteur', 'assessment_overdue: chair']));
  });

  it('an assessment recorded in time stops its reminders, and the register says so', async () => {
    const c = await report();
    await assess(c.reference);
    expect(await at(10 * DAY)).toEqual({});
    const events = (await under.store.listEvents(c._id)).map((e) => e.type);
    expect(events.filter((e) => e === 'reminder.cancelled')).toHaveLength(3);
  });

  it('a sweep that runs late catches up on everything due, and skips nothing', async () => {
    await report();
    expect(await at(20 * DAY)).toEqual({ amina: ['assessment_due'], lucas: ['assessment_due'], chen: ['assessment_overdue'] });
  });

  it('respects quiet hours in each recipient\'s own time zone; urgent ones do not wait', async () => {
    // Amina lives in Shanghai (UTC+8): 09:00 UTC on the due day is 17:00 there, 13:00 UTC is 21:00.
    const amina = (await under.store.getPerson('amina'))!;
    await under.store.replacePerson({ ...amina, timeZone: 'Asia/Shanghai', version: amina.version + 1 }, amina.version);
    h.clock.advance(4 * HOUR);
    await report();
    expect(await at(5 * DAY)).toEqual({ lucas: ['assessment_due'] });
    expect(await at(10 * HOUR + 59 * 60 * 1000)).toEqual({});
    expect(await at(60 * 1000)).toEqual({ amina: ['assessment_due'] });
    const sent = (await under.store.findReminders({ statuses: ['sent'] })).find((r) => r.recipientId === 'amina');
    expect(sent?.sentAt?.toISOString()).toBe('2026-03-16T00:00:00.000Z');
  });

  it('G22: an urgent case alerts the chair every hour, day and night, until someone acknowledges', async () => {
    const chen = (await under.store.getPerson('chen'))!;
    await under.store.replacePerson({ ...chen, timeZone: 'Pacific/Auckland', version: chen.version + 1 }, chen.version);
    await report({ imminentThreat: 'yes' });
    expect(await at(HOUR)).toEqual({ chen: ['urgent'] });
    expect(await at(HOUR)).toEqual({ chen: ['urgent'] });
    expect(await at(HOUR)).toEqual({ chen: ['urgent'] });
    // The chair presses Acknowledge on the latest reminder received.
    const latest = h.notifier.to('chen').filter((n) => n.kind === 'reminder').at(-1)?.reminder?.id;
    await h.services.scheduler.acknowledge(chair, latest!);
    expect(await at(HOUR)).toEqual({});
    expect(await at(10 * HOUR)).toEqual({});
  });

  it('G19: an approved deadline is chased 7 days and 1 day before, and escalated the day after', async () => {
    const c = await report();
    await assess(c.reference);
    const { proposal } = await h.services.cases.propose(rapporteur, c.reference, { type: 'G19', details: '', doNoHarm: 'low', deadlineDays: 30 });
    await h.services.cases.decide(chair, c.reference, proposal.id, 'approved', 'chair', '');
    seen.count = h.notifier.sent.length;
    expect(await at(23 * DAY - HOUR)).toEqual({});
    expect(await at(HOUR)).toEqual({ amina: ['deadline_near'], lucas: ['deadline_near'] });
    expect(await at(6 * DAY)).toEqual({ amina: ['deadline_near'], lucas: ['deadline_near'] });
    expect(await at(DAY)).toEqual({});
    expect(await at(DAY)).toEqual({ amina: ['deadline_passed'], lucas: ['deadline_passed'], chen: ['deadline_passed'] });
  });

  it('G19: extending the deadline moves its reminders; marking the action done stops them', async () => {
    const c = await report();
    await assess(c.reference);
    const { proposal } = await h.services.cases.propose(rapporteur, c.reference, { type: 'G19', details: '', doNoHarm: 'low', deadlineDays: 10 });
    await h.services.cases.decide(chair, c.reference, proposal.id, 'approved', 'chair', '');
    await h.services.cases.extendDeadline(chair, c.reference, proposal.id, 20, 'The mission asked for time.');
    seen.count = h.notifier.sent.length;
    expect(await at(9 * DAY)).toEqual({});
    expect(await at(14 * DAY)).toEqual({ amina: ['deadline_near'], lucas: ['deadline_near'] });
    await h.services.cases.completeAction(rapporteur, c.reference, proposal.id, 'The State party replied.');
    expect(await at(30 * DAY)).toEqual({});
  });

  it('G14: a proposal waiting three days reminds the chair; the decision stops it', async () => {
    const c = await report();
    await assess(c.reference);
    await h.services.cases.propose(rapporteur, c.reference, { type: 'G28', details: '', doNoHarm: 'low' });
    const { proposal: second } = await h.services.cases.propose(rapporteur, c.reference, { type: 'G24', details: '', doNoHarm: 'low' });
    await h.services.cases.decide(chair, c.reference, second.id, 'declined', 'chair', '');
    seen.count = h.notifier.sent.length;
    expect(await at(3 * DAY)).toEqual({ chen: ['decision_waiting'] });
  });

  it('G8: the chair hears 30 days before a rapporteur\'s term ends', async () => {
    const end = new Date(h.clock.now().getTime() + 60 * DAY);
    const today = h.clock.now().toISOString().slice(0, 10);
    await h.services.people.assignRole(chair, { identityKey: 'console:nina', committee: 'CAT', role: 'rapporteur', start: new Date(`${today}T00:00:00Z`), end }, async () => ({ displayName: 'Nina' }));
    expect(await at(29 * DAY)).toEqual({});
    const heard = await at(DAY);
    expect(heard).toEqual({ chen: ['term_ending'] });
    expect(h.notifier.sent.at(-1)?.notification.reminder?.recipientName).toBe('Nina');
  });

  it('G15: the rapporteurs hear 14 days before each session', async () => {
    await under.store.saveCommittee(defineCommittee({ ...DEMO_COMMITTEE, sessions: [{ start: '2026-04-20', end: '2026-05-15' }] }));
    await h.services.scheduler.planAll();
    expect(await at(26 * DAY)).toEqual({});
    expect(await at(DAY)).toEqual({ amina: ['session_report'], lucas: ['session_report'] });
  });

  it('snoozing brings the reminder back a day later, to that person only', async () => {
    await report();
    await at(5 * DAY);
    const mine = (await under.store.findReminders({ statuses: ['sent'] })).find((r) => r.recipientId === 'amina')!;
    await h.services.scheduler.snooze(rapporteur, mine._id, 1);
    await expect(h.services.scheduler.snooze(chair, mine._id, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await at(DAY - HOUR)).toEqual({});
    expect(await at(HOUR)).toEqual({ amina: ['assessment_due'] });
  });

  it('a reminder is snoozed once: a second press, an old message or a racing request, changes nothing and says so', async () => {
    await report();
    await at(5 * DAY);
    const mine = h.notifier.to('amina').filter((n) => n.kind === 'reminder').at(-1)!.reminder!.id;
    const presses = await Promise.allSettled([h.services.scheduler.snooze(rapporteur, mine, 1), h.services.scheduler.snooze(rapporteur, mine, 7)]);
    expect(presses.filter((p) => p.status === 'fulfilled')).toHaveLength(1);
    expect(presses.find((p) => p.status === 'rejected')).toMatchObject({ reason: { code: 'INVALID_STATE', messageKey: 'errors.reminder.already_snoozed' } });
    await expect(h.services.scheduler.snooze(rapporteur, mine, 1)).rejects.toMatchObject({ messageKey: 'errors.reminder.already_snoozed' });
    expect((await under.store.findReminders({ statuses: ['pending'] })).filter((r) => r.recipientId === 'amina' && r.kind === 'assessment_due')).toHaveLength(1);
    expect(await at(8 * DAY)).toEqual({ amina: ['assessment_due'], chen: ['assessment_overdue'] });
  });

  it('a reminder acknowledged by someone else can no longer be snoozed, and nothing comes back', async () => {
    await report();
    await at(5 * DAY);
    const amina = h.notifier.to('amina').filter((n) => n.kind === 'reminder').at(-1)!.reminder!.id;
    const lucas = h.notifier.to('lucas').filter((n) => n.kind === 'reminder').at(-1)!.reminder!.id;
    await h.services.scheduler.acknowledge(h.actor(CAST.rapporteur2), lucas);
    await expect(h.services.scheduler.snooze(rapporteur, amina, 1)).rejects.toMatchObject({ code: 'INVALID_STATE', messageKey: 'errors.reminder.already_answered' });
    // The acknowledgement stopped the series for everyone, the chair's overdue reminder too.
    expect(await at(8 * DAY)).toEqual({});
  });

  it('G8: someone whose role has ended cannot stop a series for the others by acknowledging an old reminder', async () => {
    await report();
    await at(5 * DAY);
    const lucas = h.notifier.to('lucas').filter((n) => n.kind === 'reminder').at(-1)!.reminder!.id;
    await h.services.people.endRole(chair, 'lucas', CAST.rapporteur2.roles[0]!.id, h.clock.now());
    const former = h.actor((await h.services.people.get('lucas')));
    await expect(h.services.scheduler.acknowledge(former, lucas)).rejects.toMatchObject({ code: 'NOT_ALLOWED', messageKey: 'errors.reminder.role_ended' });
    await expect(h.services.scheduler.snooze(former, lucas, 1)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    // The series goes on: the chair still hears when the assessment is overdue.
    expect(await at(2 * DAY)).toEqual({ chen: ['assessment_overdue'] });
  });

  it('closing a case cancels its pending reminders', async () => {
    const c = await report();
    await h.services.cases.close(chair, c.reference, 'duplicate', '');
    await h.services.scheduler.planned();
    expect(await under.store.findReminders({ caseId: c._id, statuses: ['pending'] })).toEqual([]);
    expect(await at(30 * DAY)).toEqual({});
  });

  it('two schedulers sweeping one database send each reminder exactly once', async () => {
    await report();
    await report();
    const second = await harness(under.store, h.clock);
    second.notifier.sent.length = 0;
    h.clock.advance(10 * DAY);
    await Promise.all([h.services.scheduler.sweep(), second.services.scheduler.sweep(), h.services.scheduler.sweep()]);
    const all = [...h.notifier.sent, ...second.notifier.sent].filter((s) => s.notification.kind === 'reminder');
    const ids = all.map((s) => s.notification.reminder?.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('a process killed between claim and send leaves the reminder to go out once the lease expires', async () => {
    await report();
    h.clock.advance(5 * DAY);
    const [due] = await under.store.dueReminders(h.clock.now(), 10);
    // Another process claimed it, then died: the claim is stored, nothing was sent.
    await under.store.replaceReminder({ ...due!, leaseOwner: 'dead-process', leaseUntil: new Date(h.clock.now().getTime() + 5 * 60 * 1000), attempts: 1, version: due!.version + 1 }, due!.version);
    const first = await at(0);
    expect(Object.values(first).flat()).toHaveLength(1);
    expect(await at(4 * 60 * 1000)).toEqual({});
    expect(Object.values(await at(2 * 60 * 1000)).flat()).toEqual(['assessment_due']);
  });

  it('a platform failure is retried later without holding up the others; a lost person is escalated to the chair', async () => {
    await report();
    let failures = 0;
    const deliver = h.notifier.deliver.bind(h.notifier);
    h.notifier.deliver = async (recipient, notification) => {
      if (recipient._id === 'amina' && failures++ < 2) throw new TransientDeliveryError('rate limited', 10 * 60 * 1000);
      if (recipient._id === 'lucas') throw new PermanentDeliveryError('user_not_found');
      return deliver(recipient, notification);
    };
    expect(await at(5 * DAY)).toEqual({ chen: ['reminder.undeliverable'] });
    expect(await at(5 * 60 * 1000)).toEqual({});
    expect(await at(5 * 60 * 1000)).toEqual({});
    expect(await at(20 * 60 * 1000)).toEqual({ amina: ['assessment_due'] });
    const lucas = (await under.store.findReminders({ statuses: ['failed'] }))[0];
    expect(lucas).toMatchObject({ recipientId: 'lucas', lastError: 'PermanentDeliveryError: user_not_found' });
  });

  it('G8: a reminder for someone whose role has ended is not sent', async () => {
    await report();
    await h.services.people.endRole(chair, 'lucas', CAST.rapporteur2.roles[0]!.id, h.clock.now());
    expect(await at(5 * DAY)).toEqual({ amina: ['assessment_due'] });
  });

  it('reminders carry no detail of the case, and each one sent is in the register', async () => {
    const c = await report({ narrative: 'Qpwoei reprisal narrative', victim: 'Zmxncb Victim' });
    await at(5 * DAY);
    expect(JSON.stringify(h.notifier.sent)).not.toMatch(/Qpwoei|Zmxncb/);
    const sent = (await under.store.listEvents(c._id)).filter((e) => e.type === 'reminder.sent');
    expect(sent.map((e) => e.data.recipient).sort()).toEqual(['amina', 'lucas']);
  });

  it('planning is idempotent: planning a case again adds nothing', async () => {
    const c = await report();
    const before = (await under.store.findReminders({ caseId: c._id })).length;
    await h.services.scheduler.planCase((await under.store.getCase(c._id))!);
    await h.services.scheduler.planAll();
    expect((await under.store.findReminders({ caseId: c._id })).length).toBe(before);
    expect(before).toBe(3);
    expect(SchedulerService.reminderId('s', 'o', 'p')).toBe(SchedulerService.reminderId('s', 'o', 'p'));
    expect(person('x', 'member')._id).toBe('x');
  });
});
