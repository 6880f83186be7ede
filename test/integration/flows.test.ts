import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import type { Reply, Text } from '../../flows/view';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { allegation, CAST, harness, type Harness } from '../support/harness';
import { openStore, type StoreUnderTest } from '../support/stores';

/**
 * The flows as every adapter calls them: typed commands, pressed buttons, submitted forms,
 * and what the person sees when something goes wrong.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => [...(s.lines ?? []).map(say), ...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`)])].join('\n');

const rawIntake = () => ({ ...allegation(), stateParty: 'Norway' }) as Record<string, string>;

describe('flows', () => {
  let under: StoreUnderTest;
  let h: Harness;
  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

  afterEach(async () => {
    await under.dispose();
  });

  describe('on the embedded store', () => {
    beforeEach(async () => {
      under = await openStore('embedded', 'flows');
      h = await harness(under.store);
    });

    it('report opens the intake form with the only committee filled in', async () => {
      const reply = await runCommand(ctx(CAST.member), 'report');
      expect(reply.kind).toBe('form');
      expect(reply.kind === 'form' && reply.values).toEqual({ committee: 'CAT' });
    });

    it('a submitted intake answers with the reference, and a retried submission with the same one', async () => {
      const first = await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'slack:view-1');
      const retry = await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'slack:view-1');
      expect(words(first)).toContain('Allegation received: CAT-2026-0001');
      expect(words(retry)).toContain('Allegation received: CAT-2026-0001');
      expect(await under.store.listCases({})).toHaveLength(1);
    });

    it('wrong answers come back on their fields with everything typed kept', async () => {
      const values = { ...rawIntake(), stateParty: 'Atlantis', narrative: '' };
      const reply = await submitForm(ctx(CAST.member), ACTIONS.report, '', values, 'k');
      expect(reply.kind).toBe('form');
      if (reply.kind !== 'form') return;
      expect(Object.keys(reply.errors).sort()).toEqual(['narrative', 'stateParty']);
      expect(reply.values).toEqual(values);
    });

    it('answers a form does not know are dropped before they go further', async () => {
      const reply = await submitForm(ctx(CAST.member), ACTIONS.report, '', { ...rawIntake(), $where: 'x', reporterId: 'chen' }, 'k');
      const c = await under.store.findCaseByReference('CAT-2026-0001');
      expect(words(reply)).toContain('CAT-2026-0001');
      expect(c?.reporterId).toBe('maria');
    });

    it('a person who may not act is refused before filling a form, in plain words', async () => {
      await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'k');
      const reply = await runAction(ctx(CAST.member), ACTIONS.recordSources, 'CAT-2026-0001');
      expect(reply.kind).toBe('message');
      expect(words(reply)).toBe('Only a rapporteur of the committee can assess CAT-2026-0001.');
    });

    it('the chair asking for more records the question and closes the proposal', async () => {
      await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'k');
      const reference = 'CAT-2026-0001';
      await h.services.cases.recordSources(h.actor(CAST.rapporteur), reference, ['nhri'], '');
      await h.services.cases.consultCountryRapporteur(h.actor(CAST.rapporteur), reference, CAST.countryRapporteur._id, '');
      await h.services.cases.recordOutcome(h.actor(CAST.rapporteur), reference, 'may_have_occurred', 'f');
      await h.services.cases.propose(h.actor(CAST.rapporteur), reference, { type: 'G28', details: '', doNoHarm: 'none' });
      const form = await runAction(ctx(CAST.chair), ACTIONS.askMore, `${reference}#1`);
      expect(form.kind).toBe('form');
      const done = await submitForm(ctx(CAST.chair), ACTIONS.askMore, `${reference}#1`, { note: 'Which mechanism?' }, 'k2');
      expect(words(done)).toMatch(/more information requested by chen/);
      const again = await runAction(ctx(CAST.chair), ACTIONS.plenary, `${reference}#1`);
      expect(words(again)).toBe('Proposal #1 was already decided: more information requested by chen.');
    });

    it('a reminder\'s buttons: acknowledge stops the series, snooze says when, others may not touch it', async () => {
      await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'k');
      h.clock.advance(5 * 24 * 60 * 60 * 1000);
      await h.services.scheduler.sweep();
      const sent = h.notifier.to('amina').find((n) => n.kind === 'reminder');
      expect(sent?.reminder?.kind).toBe('assessment_due');
      expect(words(await runAction(ctx(CAST.member), ACTIONS.acknowledge, sent?.reminder?.id ?? ''))).toBe('That reminder is not yours, or no longer exists.');
      expect(words(await runAction(ctx(CAST.rapporteur), ACTIONS.snooze, `${sent?.reminder?.id}|7`))).toMatch(/^I will remind you again on Mar 22, 2026/);
      expect(words(await runAction(ctx(CAST.rapporteur), ACTIONS.acknowledge, sent?.reminder?.id ?? ''))).toBe('Acknowledged: the reminders about CAT-2026-0001 stop.');
      expect(await h.store.findReminders({ series: sent?.reminder ? `assessment:${(await h.store.findCaseByReference('CAT-2026-0001'))?._id}` : '', statuses: ['pending'] })).toEqual([]);
    });

    it('only the chair extends a deadline, with a reason; a rapporteur marks the action done', async () => {
      await submitForm(ctx(CAST.member), ACTIONS.report, '', rawIntake(), 'k');
      const reference = 'CAT-2026-0001';
      await h.services.cases.recordSources(h.actor(CAST.rapporteur), reference, ['nhri'], '');
      await h.services.cases.consultCountryRapporteur(h.actor(CAST.rapporteur), reference, CAST.countryRapporteur._id, '');
      await h.services.cases.recordOutcome(h.actor(CAST.rapporteur), reference, 'substantiated', 'f');
      const { proposal } = await h.services.cases.propose(h.actor(CAST.rapporteur), reference, { type: 'G19', details: '', doNoHarm: 'low', deadlineDays: 30 });
      await h.services.cases.decide(h.actor(CAST.chair), reference, proposal.id, 'approved', 'chair', '');
      expect(words(await runAction(ctx(CAST.rapporteur), ACTIONS.extendDeadline, `${reference}#1`))).toBe('Only the chair can decide on proposals for CAT-2026-0001.');
      const missing = await submitForm(ctx(CAST.chair), ACTIONS.extendDeadline, `${reference}#1`, { days: '15', reason: '' }, 'k1');
      expect(missing.kind === 'form' && Object.keys(missing.errors)).toEqual(['reason']);
      expect(words(await submitForm(ctx(CAST.chair), ACTIONS.extendDeadline, `${reference}#1`, { days: '15', reason: 'Asked for time.' }, 'k2'))).toBe('The deadline of action #1 on CAT-2026-0001 is now Apr 24, 2026.');
      expect(words(await submitForm(ctx(CAST.rapporteur), ACTIONS.completeAction, `${reference}#1`, { completionNote: 'Reply received.' }, 'k3'))).toBe('Action #1 on CAT-2026-0001 marked done; its reminders stop.');
      expect(words(await runAction(ctx(CAST.rapporteur), ACTIONS.completeAction, `${reference}#1`))).toBe('Action #1 is already marked done.');
      expect(words(await submitForm(ctx(CAST.rapporteur), ACTIONS.completeAction, `${reference}#1`, {}, 'k4'))).toMatch(/already marked done/);
    });

    it('an unknown command and a malformed reference get a clear answer', async () => {
      expect(words(await runCommand(ctx(CAST.member), 'dance'))).toBe('Unknown command "dance".');
      expect(words(await runCommand(ctx(CAST.chair), 'case {"$gt":""}'))).toBe('"{"$gt":""}" is not a case reference; it looks like CAT-2026-0001.');
      expect(words(await runCommand(ctx(CAST.chair), 'approve CAT-2026-0001 x'))).toContain('does not name a proposal');
    });
  });

  describe('when the database stops answering', () => {
    beforeEach(async () => {
      under = await openStore('mongodb', 'flowsdown');
      h = await harness(under.store);
    });

    it('the intake form comes back with every answer and "not saved, try again"; the retry saves once', async () => {
      const values = rawIntake();
      await under.store.close();
      const reply = await submitForm(ctx(CAST.member), ACTIONS.report, '', values, 'view-7');
      expect(reply.kind).toBe('form');
      if (reply.kind !== 'form') return;
      expect(reply.values).toEqual(values);
      expect(say(reply.formError)).toBe('Not saved: the database cannot be reached right now. Your answers are kept — please try again.');

      const back = await harness(await under.reopen());
      const member = { ...ctx(CAST.member), services: back.services, actor: back.actor(CAST.member) };
      expect(words(await submitForm(member, ACTIONS.report, '', reply.values, 'view-7'))).toContain('Allegation received: CAT-2026-0001');
      expect(words(await submitForm(member, ACTIONS.report, '', reply.values, 'view-7'))).toContain('Allegation received: CAT-2026-0001');
      expect(await back.store.listCases({})).toHaveLength(1);
    });

    it('reaches flows as the one coded error STORE_UNAVAILABLE, which they show as "try again"', async () => {
      await under.store.close();
      await expect(h.services.reader.queue(h.actor(CAST.rapporteur))).rejects.toMatchObject({ name: 'AmparoError', code: 'STORE_UNAVAILABLE' });
      expect(words(await runCommand(ctx(CAST.rapporteur), 'cases'))).toContain('the database cannot be reached right now');
    });
  });
});
