import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { showCase } from '../../flows/case.flow';
import { localize } from '../../flows/localize';
import { notificationView } from '../../flows/notifications';
import type { Reply, Text } from '../../flows/view';
import { informationBinding, informationErrors, informationEventId } from '../../src/domain/case-information';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { sealedKeyId } from '../../src/domain/case';
import { KeyRing } from '../../src/services/crypto';
import { MaintenanceService } from '../../src/services/maintenance';
import { RegisterService } from '../../src/services/register';
import { sequentialIds } from '../support/clock';
import { allegation, CAST, harness, TEST_KEY, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G10, G11: allegations grow after they are reported. The member who reported the case, a
 * rapporteur or the chair adds new information through the flows' entrance; it is kept in its
 * own collection with its text sealed to it, entered in the case's register without its content,
 * announced privately to the rapporteurs and the chair without its content, and listed in the
 * case's private view for those who may read the case's source. The reporter still sees only
 * the status.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.form.intro), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => [say(s.heading), ...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`), ...(s.lines ?? []).map(say)])].join('\n');
const buttonsOf = (reply: Reply): string[] => (reply.kind === 'message' ? reply.view.buttons.map((b) => b.action) : []);

const TEXT = 'Vbnqx was stopped again at the airport on her way back and her passport taken.';
const ANSWERS = { text: TEXT, source: 'representative' as const, channel: 'written' as const, newIncident: 'yes' as const, incidentOn: '2026-03-09' };
const REPLY = { text: 'The State party says Vbnqx is free to travel.', source: 'state_party' as const, channel: 'written' as const, newIncident: 'no' as const, incidentOn: '' };

describe('new information\'s rules (G10), without a store', () => {
  const now = new Date('2026-03-10T09:00:00Z');
  it('a new incident has its day, which has come; information without one has no day', () => {
    expect(informationErrors({ newIncident: 'yes', incidentOn: '2026-03-10' }, now)).toEqual({});
    expect(informationErrors({ newIncident: 'yes', incidentOn: undefined }, now)).toEqual({ incidentOn: 'information.errors.incident_day' });
    expect(informationErrors({ newIncident: 'no', incidentOn: '2026-03-01' }, now)).toEqual({ incidentOn: 'information.errors.no_incident' });
    expect(informationErrors({ newIncident: 'no', incidentOn: undefined }, now)).toEqual({});
    expect(informationErrors({ newIncident: 'yes', incidentOn: '2026-03-12' }, now)).toEqual({ incidentOn: 'errors.field.date_future' });
    // "Today" is the day somewhere: already the next day east of UTC+10.
    expect(informationErrors({ newIncident: 'yes', incidentOn: '2026-03-11' }, new Date('2026-03-10T15:00:00Z'))).toEqual({});
    // Without the clock, only whether the day belongs.
    expect(informationErrors({ newIncident: 'yes', incidentOn: '2099-01-01' })).toEqual({});
  });
});

describe.each(STORE_KINDS)('new information on a case through the flows (G10, G11), on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let reference: string;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });
  const caseId = async () => (await under.store.findCaseByReference(reference))?._id as string;
  const alerts = () => h.notifier.sent.filter((s) => s.notification.kind === 'information.added');

  beforeEach(async () => {
    under = await openStore(kind, 'information-flow');
    h = await harness(under.store);
    ({ reference } = (await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'information-1')).case);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G10: the member who reported the case adds information from their status view, by button or typed words, and still sees the status only', async () => {
    const status = await showCase(ctx(CAST.member), reference);
    expect(buttonsOf(status)).toEqual([ACTIONS.addInformation]);
    const typed = await runCommand(ctx(CAST.member), `add-info ${reference}`);
    const pressed = await runAction(ctx(CAST.member), ACTIONS.addInformation, reference);
    expect(typed).toEqual(pressed);
    expect(typed.kind === 'form' && typed.form.fields.map((f) => [f.name, f.kind, f.required, f.sensitive])).toEqual([
      ['text', 'textarea', true, true],
      ['source', 'choice', true, false],
      ['channel', 'choice', true, false],
      ['newIncident', 'choice', true, false],
      ['incidentOn', 'date', false, false],
    ]);
    expect(words(typed)).toContain('It is encrypted and shown only to the rapporteurs and the chair');

    const done = await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'slack:view-1');
    expect(done.kind === 'message' && done.view.sensitive).toBe(false);
    expect(words(done)).toContain(`Information added to ${reference}. The rapporteurs and the chair are told privately, without its content.`);
    expect(words(done)).toContain('New incident of Mar 9, 2026 noted.');
    expect(words(done)).not.toContain('Vbnqx');

    // The reporter opens the case again: its status, never what anyone added.
    const again = await showCase(ctx(CAST.member), reference);
    expect(words(again)).not.toMatch(/Vbnqx|Information added since/);
    expect(again.kind === 'message' && again.view.sensitive).toBe(false);

    for (const who of [CAST.rapporteur, CAST.chair]) {
      const shown = await showCase(ctx(who), reference);
      expect(shown.kind === 'message' && shown.view.sensitive).toBe(true);
      const text = words(shown);
      expect(text).toContain('Information added since the report (G10, G11)');
      expect(text).toContain('Their representative — In writing — added by maria, the member who reported the case; new incident on Mar 9, 2026');
      expect(text).toContain(TEXT);
      expect(text).toContain('added new information (G10, G11)');
      // Just before the register, the case's last section.
      const headings = shown.kind === 'message' ? shown.view.sections.map((s) => say(s.heading)) : [];
      expect(headings.slice(-2)).toEqual(['Information added since the report (G10, G11)', 'History (register)']);
    }
  });

  it('G11: the text is sealed to its addition, and the register says information was added, by whom in which role, never what it says', async () => {
    await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'k1');
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addInformation, reference, REPLY, 'k2');
    const id = await caseId();
    const [first, second] = await under.store.listCaseInformation(id);
    expect(first).toMatchObject({ caseId: id, committee: 'CAT', source: 'representative', channel: 'written', incidentOn: '2026-03-09', addedBy: CAST.member._id, addedAs: 'reporter', addedAt: h.clock.now() });
    expect(second).toMatchObject({ source: 'state_party', channel: 'written', addedBy: CAST.rapporteur._id, addedAs: 'rapporteur' });
    expect(second?.incidentOn).toBeUndefined();
    expect(JSON.stringify(first)).not.toContain('Vbnqx');
    expect(TEST_KEY.open(first!.text, informationBinding(id, first!._id))).toBe(TEXT);
    // Bound to its addition: a text moved onto another does not open.
    expect(() => TEST_KEY.open(first!.text, informationBinding(id, second!._id))).toThrow();

    const register = (await under.store.listEvents(id)).filter((e) => e.type === 'information.added');
    expect(register.map((e) => [e.id, e.actorId, e.data])).toEqual([
      [informationEventId(first!._id), CAST.member._id, { source: 'representative', channel: 'written', addedAs: 'reporter', newIncident: true }],
      [informationEventId(second!._id), CAST.rapporteur._id, { source: 'state_party', channel: 'written', addedAs: 'rapporteur', newIncident: false }],
    ]);
    expect(JSON.stringify(await under.store.listEvents(id))).not.toMatch(/Vbnqx|airport|free to travel/);
    expect(await under.rawDump()).not.toMatch(/Vbnqx|airport|free to travel/);
  });

  it('G10: the rapporteurs and the chair are told privately, once each, without the content; whoever added it is not told', async () => {
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addInformation, reference, ANSWERS, 'slack:V1');
    expect(alerts().map((s) => [s.to, s.notification.audience]).sort()).toEqual([
      [CAST.chair._id, 'chair'],
      [CAST.rapporteur2._id, 'rapporteur'],
    ]);
    for (const { notification } of alerts()) {
      expect(notification).toMatchObject({ reference, committee: 'CAT', information: { addedAs: 'rapporteur', newIncident: true, closed: false } });
      expect(JSON.stringify(notification)).not.toMatch(/Vbnqx|airport/);
      const view = notificationView(notification);
      const text = [say(view.title), ...view.sections.flatMap((s) => (s.lines ?? []).map(say))].join('\n');
      expect(text).toBe(`New incident reported on ${reference}\nCommittee CAT: a rapporteur reported a new incident. Open the case to read it and consider what to do (G10, G12).`);
      // An open case is not offered a reopening.
      expect(view.buttons.map((b) => b.action)).toEqual([ACTIONS.openCase]);
    }
    // The same submission again (a retry, a double click): nobody is told twice.
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addInformation, reference, ANSWERS, 'slack:V1');
    expect(alerts()).toHaveLength(2);
    const sent = (await under.store.listEvents(await caseId())).filter((e) => e.type === 'notification.sent' && e.data.kind === 'information.added');
    expect(sent).toHaveLength(1);
    expect([...(sent[0]?.data.recipients as string[])].sort()).toEqual([CAST.chair._id, CAST.rapporteur2._id].sort());
  });

  it('G10: an information alert that failed reaches whoever missed it at the next sweep, and nobody twice', async () => {
    h.notifier.failFor.add(CAST.chair._id);
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addInformation, reference, ANSWERS, 'slack:V1');
    expect(alerts().map((s) => s.to)).toEqual([CAST.rapporteur2._id]);
    const [owed] = await under.store.informationOwed();
    expect(owed?.caseId).toBe(await caseId());
    h.notifier.failFor.clear();
    // The chair's claim holds for a while (its sender may still be at it): nobody is told yet.
    await h.services.cases.alertPending();
    expect(alerts()).toHaveLength(1);
    h.clock.advance(10 * 60 * 1000);
    await h.services.cases.alertPending();
    expect(alerts().map((s) => [s.to, s.notification.audience])).toEqual([
      [CAST.rapporteur2._id, 'rapporteur'],
      [CAST.chair._id, 'chair'],
    ]);
    expect(await under.store.informationOwed()).toEqual([]);
    // Later ticks and the same submission again tell nobody.
    h.clock.advance(10 * 60 * 1000);
    await h.services.cases.alertPending();
    await submitForm(ctx(CAST.rapporteur), ACTIONS.addInformation, reference, ANSWERS, 'slack:V1');
    expect(alerts()).toHaveLength(2);
    const sent = (await under.store.listEvents(await caseId())).filter((e) => e.type === 'notification.sent' && e.data.kind === 'information.added');
    expect(sent.map((e) => [e.data.recipients, e.data.failed])).toEqual([
      [[CAST.rapporteur2._id, CAST.chair._id], [CAST.chair._id]],
      [[CAST.chair._id], []],
    ]);
  });

  it('G10: information stored just before a crash, its alert not sent, is alerted by the sweep once to each', async () => {
    const id = await caseId();
    const informationId = 'information-before-alert';
    await under.store.insertCaseInformation({
      _id: informationId,
      caseId: id,
      committee: 'CAT',
      text: TEST_KEY.seal('Short note.', informationBinding(id, informationId)),
      source: 'ngo',
      channel: 'oral',
      addedBy: CAST.member._id,
      addedAs: 'reporter',
      addedAt: h.clock.now(),
      owed: true,
    });
    expect(alerts()).toEqual([]);
    await h.services.cases.alertPending();
    await h.services.cases.alertPending();
    expect(alerts().map((s) => s.to).sort()).toEqual([CAST.chair._id, CAST.rapporteur._id, CAST.rapporteur2._id].sort());
    expect(alerts()[0]?.notification).toMatchObject({ reference, information: { addedAs: 'reporter', newIncident: false, closed: false } });
    expect(await under.store.informationOwed()).toEqual([]);
  });

  it('the same submission saved twice (a double click, a resubmission) is one addition, registered once', async () => {
    const [one, two] = await Promise.all([
      submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'slack:V1'),
      submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'slack:V1'),
    ]);
    expect(words(one)).toContain(`Information added to ${reference}.`);
    expect(words(two)).toBe(words(one));
    const id = await caseId();
    expect(await under.store.listCaseInformation(id)).toHaveLength(1);
    expect((await under.store.listEvents(id)).filter((e) => e.type === 'information.added')).toHaveLength(1);
    expect(alerts().map((s) => s.to).sort()).toEqual([CAST.chair._id, CAST.rapporteur._id, CAST.rapporteur2._id].sort());
    // Another submission, even with the same answers, is another addition.
    await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'slack:V2');
    expect(await under.store.listCaseInformation(id)).toHaveLength(2);
  });

  it('G10: a new incident on a closed case offers to reopen it: the alert\'s Reopen button opens the reopening form', async () => {
    await h.services.cases.close(h.actor(CAST.chair), reference, 'duplicate', '');
    // The reporter still reaches the form on a closed case.
    expect(buttonsOf(await showCase(ctx(CAST.member), reference))).toEqual([ACTIONS.addInformation]);
    await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'k1');
    const [toChair] = alerts().filter((s) => s.to === CAST.chair._id);
    const view = notificationView(toChair!.notification);
    expect(view.sections.flatMap((s) => (s.lines ?? []).map(say))).toContain('The case is closed: reopen it if the new incident calls for it.');
    const reopen = view.buttons.find((b) => b.action === ACTIONS.reopen);
    expect(reopen).toMatchObject({ arg: reference, style: 'primary' });
    expect(say(reopen?.label)).toBe('Reopen case');
    const form = await runAction(ctx(CAST.chair), reopen!.action, reopen!.arg);
    expect(form.kind === 'form' && form.form.id).toBe(ACTIONS.reopen);
    expect(words(await submitForm(ctx(CAST.chair), ACTIONS.reopen, reference, { reopeningNote: 'New incident reported.' }, 'k2'))).toContain(reference);
    expect((await under.store.findCaseByReference(reference))?.status).not.toBe('closed');

    // Information that reports no new incident does not offer it.
    await h.services.cases.close(h.actor(CAST.chair), reference, 'duplicate', '');
    await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, REPLY, 'k3');
    const last = alerts().filter((s) => s.to === CAST.chair._id).at(-1);
    expect(notificationView(last!.notification).buttons.map((b) => b.action)).toEqual([ACTIONS.openCase]);
  });

  it('wrong answers come back on their fields with everything typed kept, and nothing is stored', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ incidentOn: '' }, 'incidentOn', 'Give the date of the new incident.'],
      [{ newIncident: 'no' }, 'incidentOn', 'Leave the date empty when no new incident is reported.'],
      [{ incidentOn: '2026-03-12' }, 'incidentOn', 'The date cannot be in the future.'],
      [{ incidentOn: '9 March' }, 'incidentOn', 'a date'],
      [{ text: '  ' }, 'text', 'required'],
      [{ source: 'a pigeon' }, 'source', 'Choose'],
      [{ channel: 'telepathy' }, 'channel', 'Choose'],
    ];
    for (const [wrong, name, error] of cases) {
      const values = { ...ANSWERS, ...wrong };
      const reply = await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, values, `k-${name}-${error}`);
      expect(reply.kind).toBe('form');
      if (reply.kind !== 'form') continue;
      expect(Object.keys(reply.errors)).toEqual([name]);
      expect(say(reply.errors[name])).toMatch(new RegExp(error, 'i'));
      expect(reply.values).toEqual(values);
    }
    // The service checks again, against its own clock, whoever calls it.
    const member = h.actor(CAST.member);
    await expect(h.services.information.add(member, reference, { ...ANSWERS, incidentOn: '2026-03-12' })).rejects.toMatchObject({ code: 'INVALID_INPUT', messageKey: 'information.errors.invalid' });
    await expect(h.services.information.add(member, reference, { ...ANSWERS, incidentOn: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await under.store.listCaseInformation(await caseId())).toEqual([]);
    expect(alerts()).toEqual([]);
  });

  it('G10, G12: the consulted country rapporteur adds nothing and reads nothing added; others have no part in the case', async () => {
    await h.services.cases.consultCountryRapporteur(h.actor(CAST.rapporteur), reference, CAST.countryRapporteur._id, '');
    await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'k1');
    const refusal = `Only the member who reported ${reference}, the rapporteurs and the chair can add information to it.`;
    expect(words(await runCommand(ctx(CAST.countryRapporteur), `add-info ${reference}`))).toBe(refusal);
    expect(words(await submitForm(ctx(CAST.countryRapporteur), ACTIONS.addInformation, reference, ANSWERS, 'k2'))).toBe(refusal);
    expect(buttonsOf(await showCase(ctx(CAST.countryRapporteur), reference))).not.toContain(ACTIONS.addInformation);
    // G12: the consulted country rapporteur sees the case (not confidential), so what was added too, as the case's source.
    expect(words(await showCase(ctx(CAST.countryRapporteur), reference))).toContain(TEXT);
    for (const who of [CAST.security, CAST.otherCommittee, CAST.formerRapporteur]) {
      expect(words(await runCommand(ctx(who), `add-info ${reference}`))).toContain(`There is no case ${reference} that you can see`);
    }
    // A member who did not report this case has no part in it.
    const { case: other } = await h.services.cases.submitAllegation(h.actor(CAST.rapporteur2), allegation(), 'information-2');
    expect(words(await runCommand(ctx(CAST.member), `add-info ${other.reference}`))).toContain(`There is no case ${other.reference} that you can see`);
    expect(await under.store.listCaseInformation(await caseId())).toHaveLength(1);
  });

  it('G11, G18: on a case whose source is confidential, the rapporteurs read what was added and the chair does not', async () => {
    const { case: confidential } = await h.services.cases.submitAllegation(h.actor(CAST.member), allegation({ confidential: 'yes' }), 'information-3');
    await submitForm(ctx(CAST.member), ACTIONS.addInformation, confidential.reference, ANSWERS, 'k1');
    expect(words(await showCase(ctx(CAST.rapporteur), confidential.reference))).toContain(TEXT);
    const chair = words(await showCase(ctx(CAST.chair), confidential.reference));
    expect(chair).not.toContain('Vbnqx');
    expect(chair).not.toContain('Information added since the report');
    // The chair is still told that something arrived, and may add information too.
    expect(alerts().map((s) => s.to)).toContain(CAST.chair._id);
    expect(buttonsOf(await showCase(ctx(CAST.chair), confidential.reference))).toContain(ACTIONS.addInformation);
  });

  it('G11: `amparo keys rotate` seals each text again under the current key, bound to its addition, once', async () => {
    await submitForm(ctx(CAST.member), ACTIONS.addInformation, reference, ANSWERS, 'k1');
    const id = await caseId();
    const next = new KeyRing([{ id: 'k2027', key: Buffer.alloc(32, 9) }, { id: 'test1', key: Buffer.alloc(32, 7) }]);
    const ids = sequentialIds('maintenance');
    const maintenance = new MaintenanceService({ store: under.store, keys: next, clock: h.clock, ids, register: new RegisterService(under.store, ids) });
    expect(await maintenance.rotateKeys()).toMatchObject({ cases: 1, resealed: 1, failed: [] });
    const [added] = await under.store.listCaseInformation(id);
    expect(sealedKeyId(added!.text)).toBe('k2027');
    // The new key alone opens it, and only as this addition's text.
    const only = new KeyRing([{ id: 'k2027', key: Buffer.alloc(32, 9) }]);
    expect(only.open(added!.text, informationBinding(id, added!._id))).toBe(TEXT);
    expect(() => only.open(added!.text, informationBinding(id, 'another'))).toThrow();
    const resealed = (await under.store.listEvents(id)).filter((e) => e.type === 'case.resealed');
    // The case's own texts, then the information added to it.
    expect(resealed.map((e) => e.data)).toEqual([{ from: 'test1', to: 'k2027' }, { from: 'test1', to: 'k2027', information: 1 }]);
    expect(await maintenance.rotateKeys()).toMatchObject({ resealed: 0, failed: [] });
  });

  it('information stored just before a crash, its register entry unwritten, is registered once when the case is next opened', async () => {
    const id = await caseId();
    const informationId = 'information-before-crash';
    await under.store.insertCaseInformation({
      _id: informationId,
      caseId: id,
      committee: 'CAT',
      text: TEST_KEY.seal('Short note.', informationBinding(id, informationId)),
      source: 'ngo',
      channel: 'oral',
      addedBy: CAST.chair._id,
      addedAs: 'chair',
      addedAt: h.clock.now(),
    });
    expect((await under.store.listEvents(id)).filter((e) => e.type === 'information.added')).toEqual([]);
    expect(words(await showCase(ctx(CAST.rapporteur), reference))).toContain('Short note.');
    await showCase(ctx(CAST.chair), reference);
    expect((await under.store.listEvents(id)).filter((e) => e.type === 'information.added').map((e) => e.id)).toEqual([informationEventId(informationId)]);
  });
});
