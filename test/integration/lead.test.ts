import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { showCase, showQueue } from '../../flows/case.flow';
import { homeView } from '../../flows/home.flow';
import { localize } from '../../flows/localize';
import { notificationView } from '../../flows/notifications';
import type { Reply, Text } from '../../flows/view';
import { verifyChain } from '../../src/domain/register';
import type { Person } from '../../src/domain/roles';
import { isAmparoError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import { DAY } from '../support/clock';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G10, G12: a lead rapporteur per case. With two rapporteurs on the committee, the alert offers
 * "Take the lead"; the first press wins, through one version-guarded change of the case; the
 * alerts already shown say who leads; the chair or the lead gives it to another rapporteur;
 * every change is in the register; reminders go to the lead first, then to everyone.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.form.intro), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => [...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`), ...(s.lines ?? []).map(say)])].join('\n');
const buttonsOf = (reply: Reply): string[] => (reply.kind === 'message' ? reply.view.buttons.map((b) => b.action) : []);
const HOUR = 60 * 60 * 1000;

describe.each(STORE_KINDS)('a lead rapporteur per case (G12), on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let reference: string;
  let caseId: string;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });
  const leadOf = async () => (await under.store.getCase(caseId))?.lead?.personId;
  const leadEvents = async () => (await under.store.listEvents(caseId)).filter((e) => e.type.startsWith('lead.')).map((e) => `${e.type} ${e.actorId} -> ${String(e.data.lead)}`);

  beforeEach(async () => {
    under = await openStore(kind, 'lead');
    h = await harness(under.store);
    const { case: c } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'lead-1');
    ({ reference, _id: caseId } = c);
    await h.services.scheduler.planned();
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G10, G12: the rapporteurs\' alert offers Take the lead; the first press leads, a second by another is told who leads', async () => {
    const alerts = h.notifier.sent.filter((s) => s.notification.kind === 'allegation.alert');
    const offered = (to: string) => alerts.filter((s) => s.to === to).flatMap((s) => notificationView(s.notification).buttons.map((b) => b.action));
    expect(offered('amina')).toContain(ACTIONS.takeLead);
    expect(offered('lucas')).toContain(ACTIONS.takeLead);
    expect(offered('chen')).not.toContain(ACTIONS.takeLead);

    const first = await runAction(ctx(CAST.rapporteur), ACTIONS.takeLead, reference);
    expect(first.kind === 'message' && first.view.tone).toBe('success');
    expect(words(first)).toContain(`You lead on ${reference} now.`);
    const second = await runAction(ctx(CAST.rapporteur2), ACTIONS.takeLead, reference);
    expect(second.kind === 'message' && second.view.tone).toBe('warning');
    expect(words(second)).toBe(`amina already leads on ${reference}.`);
    expect(words(await runCommand(ctx(CAST.rapporteur), `lead ${reference}`))).toBe(`You already lead on ${reference}.`);
    expect(await leadOf()).toBe('amina');
    expect(await leadEvents()).toEqual(['lead.taken amina -> amina']);
  });

  it('G10, G12: the alerts already shown are brought up to date in place: who leads, and no Take the lead any more', async () => {
    await runAction(ctx(CAST.rapporteur2), ACTIONS.takeLead, reference);
    const settled = h.notifier.settled.filter((s) => s.notification.kind === 'allegation.alert');
    expect(settled.map((s) => s.to).sort()).toEqual(['amina', 'chen', 'lucas']);
    for (const { to, message, notification } of settled) {
      // Each is the message the person was sent, in the role it was sent to.
      expect(h.notifier.sent[message]?.to).toBe(to);
      expect(notification.audience).toBe(h.notifier.sent[message]?.notification.audience);
      const view = notificationView(notification);
      expect(view.sections.flatMap((s) => s.lines ?? []).map(say)).toContain('lucas leads on this case since Mar 10, 2026, 9:00 AM (G12).');
      expect(view.buttons.map((b) => b.action)).not.toContain(ACTIONS.takeLead);
      expect(view.buttons.map((b) => b.action)).toContain(ACTIONS.openCase);
    }
  });

  it('G12: two rapporteurs pressing Take the lead at once: one leads, the other is told who, and both see the same lead', async () => {
    const [a, b] = await Promise.all([runAction(ctx(CAST.rapporteur), ACTIONS.takeLead, reference), runAction(ctx(CAST.rapporteur2), ACTIONS.takeLead, reference)]);
    const lead = await leadOf();
    expect(['amina', 'lucas']).toContain(lead);
    const [won, lost] = lead === 'amina' ? [a, b] : [b, a];
    expect(words(won)).toContain(`You lead on ${reference} now.`);
    expect(words(lost)).toBe(`${lead} already leads on ${reference}.`);
    expect(await leadEvents()).toEqual([`lead.taken ${lead} -> ${lead}`]);
    for (const who of [CAST.rapporteur, CAST.rapporteur2]) expect(words(await showCase(ctx(who), reference))).toContain(`Lead rapporteur: ${lead}, since`);
    expect(verifyChain(await under.store.listEvents(caseId))).toEqual({ intact: true, entries: expect.any(Number) });
  });

  it('G12: the case shows its lead; the rapporteur\'s queue says whose case it is', async () => {
    expect(words(await showCase(ctx(CAST.chair), reference))).toContain('Lead rapporteur: Nobody yet');
    expect(buttonsOf(await showCase(ctx(CAST.rapporteur), reference))).toContain(ACTIONS.takeLead);
    await h.services.lead.take(h.actor(CAST.rapporteur), reference);
    expect(buttonsOf(await showCase(ctx(CAST.rapporteur2), reference))).not.toContain(ACTIONS.takeLead);
    expect(words(await showCase(ctx(CAST.chair), reference))).toContain('Lead rapporteur: amina, since Mar 10, 2026');
    expect(words(await showQueue(ctx(CAST.rapporteur)))).toMatch(new RegExp(`${reference} — .* — you lead`));
    expect(words(await showQueue(ctx(CAST.rapporteur2)))).toMatch(new RegExp(`${reference} — .* — led by another rapporteur`));
    expect(words(await showQueue(ctx(CAST.chair)))).not.toContain('lead');
    // The home says it too.
    const home = async (who: Person) => words({ kind: 'message', view: await homeView(ctx(who)) });
    expect(await home(CAST.rapporteur)).toMatch(new RegExp(`${reference}.* — you lead`));
    expect(await home(CAST.rapporteur2)).toMatch(new RegExp(`${reference}.* — led by another rapporteur`));
  });

  it('G12: the lead hands over in a form listing only the committee\'s current rapporteurs; the new lead is told privately, once', async () => {
    await h.services.lead.take(h.actor(CAST.rapporteur), reference);
    expect(buttonsOf(await showCase(ctx(CAST.rapporteur), reference))).toContain(ACTIONS.assignLead);
    expect(buttonsOf(await showCase(ctx(CAST.rapporteur2), reference))).not.toContain(ACTIONS.assignLead);
    const opened = await runCommand(ctx(CAST.rapporteur), `handover ${reference}`);
    expect(JSON.stringify(opened)).toEqual(JSON.stringify(await runAction(ctx(CAST.rapporteur), ACTIONS.assignLead, reference)));
    // Amina leads already; Pablo's term ended, Omar serves another committee, Chen and Olga hold other roles.
    expect(opened.kind === 'form' && opened.form.fields.map((f) => [f.name, f.options?.map((o) => o.value)])).toEqual([['to', ['lucas']]]);

    const done = await submitForm(ctx(CAST.rapporteur), ACTIONS.assignLead, reference, { to: 'lucas' }, 'slack:view-1');
    expect(words(done)).toBe(`lucas leads on ${reference} now, and is told privately.`);
    await submitForm(ctx(CAST.rapporteur), ACTIONS.assignLead, reference, { to: 'lucas' }, 'slack:view-1');
    const told = h.notifier.to('lucas').filter((n) => n.kind === 'lead.assigned');
    expect(told).toHaveLength(1);
    expect(say(notificationView(told[0]!).title)).toBe(`You lead on ${reference} now`);
    expect(await leadOf()).toBe('lucas');
    expect(await leadEvents()).toEqual(['lead.taken amina -> amina', 'lead.assigned amina -> lucas']);
    // Amina no longer leads: she may not give it again.
    const refused = await runAction(ctx(CAST.rapporteur), ACTIONS.assignLead, reference);
    expect(words(refused)).toContain('Only the chair, or the rapporteur who leads on');
  });

  it('G12: the chair assigns the lead, never to someone who is not a current rapporteur of the committee', async () => {
    const chair = h.actor(CAST.chair);
    for (const to of ['maria', 'chen', 'olga', 'pablo', 'omar', 'nobody']) {
      const refused = await h.services.lead.assign(chair, reference, to).catch((error: unknown) => error);
      expect(isAmparoError(refused, 'INVALID_INPUT')).toBe(true);
    }
    // A form answer outside the list is refused on its field.
    const outside = await submitForm(ctx(CAST.chair), ACTIONS.assignLead, reference, { to: 'pablo' }, 'slack:view-2');
    expect(outside.kind).toBe('form');
    expect(await leadOf()).toBeUndefined();
    await submitForm(ctx(CAST.chair), ACTIONS.assignLead, reference, { to: 'amina' }, 'slack:view-3');
    expect(await leadOf()).toBe('amina');
    expect(h.notifier.to('amina').filter((n) => n.kind === 'lead.assigned')).toHaveLength(1);
    // A rapporteur who does not lead gives it to nobody, not even to themselves.
    const lucas = await h.services.lead.assign(h.actor(CAST.rapporteur2), reference, 'lucas').catch((error: unknown) => error);
    expect(isAmparoError(lucas, 'NOT_ALLOWED')).toBe(true);
    expect(await leadEvents()).toEqual(['lead.assigned chen -> amina']);
    // The chair gives it on to Lucas: Amina is told she no longer leads, once; Lucas that he does.
    await submitForm(ctx(CAST.chair), ACTIONS.assignLead, reference, { to: 'lucas' }, 'slack:view-4');
    await submitForm(ctx(CAST.chair), ACTIONS.assignLead, reference, { to: 'lucas' }, 'slack:view-4');
    const released = h.notifier.to('amina').filter((n) => n.kind === 'lead.released');
    expect(released.map((n) => say(notificationView(n).title))).toEqual([`You no longer lead on ${reference}`]);
    expect(h.notifier.to('lucas').filter((n) => n.kind === 'lead.assigned')).toHaveLength(1);
    expect(h.notifier.to('chen').filter((n) => n.kind === 'lead.released')).toEqual([]);
  });

  it('G11, G12: the case search finds the cases I lead, those another rapporteur leads, and those nobody leads', async () => {
    const second = (await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'lead-2')).case.reference;
    const third = (await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'lead-3')).case.reference;
    await h.services.lead.take(h.actor(CAST.rapporteur), reference);
    await h.services.lead.take(h.actor(CAST.rapporteur2), second);
    const found = async (who: Person, lead: 'me' | 'someone_else' | 'nobody') => (await h.services.caseSearch.search(h.actor(who), { lead })).cases.map((c) => c.reference).sort();
    expect(await found(CAST.rapporteur, 'me')).toEqual([reference]);
    expect(await found(CAST.rapporteur, 'someone_else')).toEqual([second]);
    expect(await found(CAST.rapporteur, 'nobody')).toEqual([third]);
    expect(await found(CAST.chair, 'someone_else')).toEqual([reference, second].sort());
    expect(await found(CAST.chair, 'me')).toEqual([]);
    const answered = await submitForm(ctx(CAST.rapporteur2), ACTIONS.searchCases, '', { lead: 'me' }, 'slack:view-search');
    expect(words(answered)).toContain(second);
    expect(words(answered)).not.toContain(reference);
    expect(words(answered)).not.toContain(third);
  });

  describe('reminders go to the lead first (G12, G19)', () => {
    const seen = { count: 0 };
    function received(): Record<string, string[]> {
      const fresh = h.notifier.sent.slice(seen.count).filter((s) => s.notification.kind === 'reminder');
      seen.count = h.notifier.sent.length;
      const byPerson: Record<string, string[]> = {};
      for (const { to, notification } of fresh) (byPerson[to] ??= []).push(notification.reminder?.kind ?? '?');
      return byPerson;
    }
    async function at(offsetMs: number): Promise<Record<string, string[]>> {
      h.clock.advance(offsetMs);
      await h.services.scheduler.sweep();
      return received();
    }

    it('G12: the assessment notice goes to the lead alone; when the target passes, every rapporteur and the chair hear', async () => {
      await h.services.lead.take(h.actor(CAST.rapporteur2), reference);
      await h.services.scheduler.planned();
      seen.count = h.notifier.sent.length;
      expect(await at(5 * DAY - HOUR)).toEqual({});
      expect(await at(HOUR)).toEqual({ lucas: ['assessment_due'] });
      expect(await at(DAY)).toEqual({});
      expect(await at(DAY)).toEqual({ amina: ['assessment_overdue'], lucas: ['assessment_overdue'], chen: ['assessment_overdue'] });
      const cancelled = (await under.store.findReminders({ caseId, statuses: ['cancelled'] })).map((r) => `${r.kind} ${r.recipientId}`);
      expect(cancelled).toEqual(['assessment_due amina']);
    });

    it('G12: the lead handed over before the notice: the new lead is reminded, the former one is not', async () => {
      await h.services.lead.take(h.actor(CAST.rapporteur), reference);
      await h.services.lead.assign(h.actor(CAST.chair), reference, 'lucas');
      await h.services.scheduler.planned();
      seen.count = h.notifier.sent.length;
      expect(await at(5 * DAY)).toEqual({ lucas: ['assessment_due'] });
    });

    it('G19: an approved deadline is chased with the lead 7 days before, then with everyone 1 day before and the day after', async () => {
      const rapporteur = h.actor(CAST.rapporteur);
      const chair = h.actor(CAST.chair);
      await h.services.lead.take(rapporteur, reference);
      await h.services.cases.recordSources(rapporteur, reference, ['nhri'], '');
      await h.services.cases.consultCountryRapporteur(rapporteur, reference, CAST.countryRapporteur._id, '');
      await h.services.cases.recordOutcome(rapporteur, reference, 'substantiated', 'f');
      const { proposal } = await h.services.cases.propose(rapporteur, reference, { type: 'G19', details: '', doNoHarm: 'low', deadlineDays: 30 });
      await h.services.cases.decide(chair, reference, proposal.id, 'approved', 'chair', '');
      await h.services.scheduler.planned();
      seen.count = h.notifier.sent.length;
      expect(await at(23 * DAY)).toEqual({ amina: ['deadline_near'] });
      expect(await at(6 * DAY)).toEqual({ amina: ['deadline_near'], lucas: ['deadline_near'], chen: ['deadline_near'] });
      expect(await at(2 * DAY)).toEqual({ amina: ['deadline_passed'], lucas: ['deadline_passed'], chen: ['deadline_passed'] });
    });
  });
});
