import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { showCase } from '../../flows/case.flow';
import { localize } from '../../flows/localize';
import type { Reply, Text } from '../../flows/view';
import { contactEventId, contactOwner, contactTimingErrors, nextContactDue, type Contact } from '../../src/domain/contacts';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { sealedKeyId } from '../../src/domain/case';
import { contactSummaryBinding } from '../../src/services/contacts';
import { caseBinding, KeyRing } from '../../src/services/crypto';
import { MaintenanceService } from '../../src/services/maintenance';
import { RegisterService } from '../../src/services/register';
import { sequentialIds } from '../support/clock';
import { allegation, CAST, harness, TEST_KEY, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G13: the rapporteurs keep contact with the person or group at risk, or their representative.
 * Each contact is recorded through the flows' entrance, kept in its own collection with its
 * summary sealed to it, entered in the case's register without its content, and listed in the
 * case's private view for the rapporteurs and the chair only.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.form.intro), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => [say(s.heading), ...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`), ...(s.lines ?? []).map(say)])].join('\n');
const buttonsOf = (reply: Reply): string[] => (reply.kind === 'message' ? reply.view.buttons.map((b) => b.action) : []);

const SUMMARY = 'Qzxv spoke freely; she moved to her sister in Trondheim and asks for no letter yet.';
const ANSWERS = { on: '2026-03-09', means: 'secure_messaging' as const, party: 'representative' as const, summary: SUMMARY, nextDueOn: '2026-03-24' };

describe('the contact log\'s rules (G13), without a store', () => {
  const now = new Date('2026-03-10T09:00:00Z');
  it('a contact has happened by today; the next one is planned after it and not in the past', () => {
    expect(contactTimingErrors({ on: '2026-03-10', nextDueOn: undefined }, now)).toEqual({});
    expect(contactTimingErrors({ on: '2026-03-11', nextDueOn: undefined }, now)).toEqual({ on: 'errors.field.date_future' });
    expect(contactTimingErrors({ on: '2026-03-01', nextDueOn: '2026-03-01' }, now)).toEqual({ nextDueOn: 'contacts.errors.next_due' });
    expect(contactTimingErrors({ on: '2026-03-01', nextDueOn: '2026-03-05' }, now)).toEqual({ nextDueOn: 'contacts.errors.next_due' });
    expect(contactTimingErrors({ on: '2026-03-01', nextDueOn: '2026-03-10' }, now)).toEqual({});
    // "Today" is the day somewhere: already the next day east of UTC+9, still the day before west of UTC−9.
    expect(contactTimingErrors({ on: '2026-03-11', nextDueOn: undefined }, new Date('2026-03-10T15:00:00Z'))).toEqual({});
    expect(contactTimingErrors({ on: '2026-03-01', nextDueOn: '2026-03-09' }, new Date('2026-03-10T09:00:00Z'))).toEqual({});
    expect(contactTimingErrors({ on: '2026-03-01', nextDueOn: '2026-03-09' }, new Date('2026-03-10T13:00:00Z'))).toEqual({ nextDueOn: 'contacts.errors.next_due' });
  });

  it('the next contact due is the one the latest contact planned', () => {
    const contact = (id: string, on: string, nextDueOn?: string): Contact =>
      ({ _id: id, caseId: 'c', committee: 'CAT', on, means: 'phone', party: 'person', summary: 's', recordedBy: 'a', recordedAt: now, ...(nextDueOn ? { nextDueOn } : {}) }) as Contact;
    expect(nextContactDue([contact('b', '2026-03-05'), contact('a', '2026-03-01', '2026-04-01')])).toBeUndefined();
    expect(nextContactDue([contact('b', '2026-03-05', '2026-05-01'), contact('a', '2026-03-01', '2026-04-01')])).toBe('2026-05-01');
    expect(nextContactDue([])).toBeUndefined();
  });
});

describe.each(STORE_KINDS)('the contact log through the flows (G13), on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let reference: string;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });
  const caseId = async () => (await under.store.findCaseByReference(reference))?._id as string;

  beforeEach(async () => {
    under = await openStore(kind, 'contacts-flow');
    h = await harness(under.store);
    ({ reference } = (await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'contacts-1')).case);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G13: a rapporteur records a contact from the case\'s button or by typing, and the case lists it with its summary', async () => {
    expect(buttonsOf(await showCase(ctx(CAST.rapporteur), reference))).toContain(ACTIONS.recordContact);
    const typed = await runCommand(ctx(CAST.rapporteur), `contact ${reference}`);
    const pressed = await runAction(ctx(CAST.rapporteur), ACTIONS.recordContact, reference);
    expect(typed).toEqual(pressed);
    expect(typed.kind === 'form' && typed.form.fields.map((f) => [f.name, f.kind, f.required, f.sensitive])).toEqual([
      ['on', 'date', true, false],
      ['means', 'choice', true, false],
      ['party', 'choice', true, false],
      ['summary', 'textarea', true, true],
      ['nextDueOn', 'date', false, false],
    ]);
    expect(words(typed)).toContain('The summary is encrypted and shown only to the rapporteurs and the chair');

    const done = await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'slack:view-1');
    expect(done.kind === 'message' && done.view.sensitive).toBe(false);
    expect(words(done)).toContain(`Contact of Mar 9, 2026 recorded for ${reference}.`);
    expect(words(done)).toContain('Next contact due Mar 24, 2026.');
    expect(words(done)).not.toContain('Qzxv');

    for (const who of [CAST.rapporteur, CAST.chair]) {
      const shown = await showCase(ctx(who), reference);
      expect(shown.kind === 'message' && shown.view.sensitive).toBe(true);
      const text = words(shown);
      expect(text).toContain('Contacts with the person (G13)');
      expect(text).toContain('Next contact due: Mar 24, 2026');
      expect(text).toContain('Mar 9, 2026 — Secure messaging — Their representative — recorded by amina; next contact due Mar 24, 2026');
      expect(text).toContain(SUMMARY);
      expect(text).toContain('recorded a contact with the person at risk (G13)');
      // The contacts come before the register, the case's last section.
      const headings = shown.kind === 'message' ? shown.view.sections.map((s) => say(s.heading)) : [];
      expect(headings.at(-1)).toBe('History (register)');
      expect(headings.indexOf('Contacts with the person (G13)')).toBeGreaterThan(headings.indexOf('Consent'));
    }
  });

  it('G13, G11: the summary is sealed to its contact, and the register says a contact was recorded, never what was said', async () => {
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'k1');
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, { ...ANSWERS, on: '2026-03-10', means: 'through_ngo', party: 'person', summary: 'Second call went well.', nextDueOn: '' }, 'k2');
    const id = await caseId();
    const [first, second] = await under.store.listContacts(id);
    expect(first).toMatchObject({ caseId: id, committee: 'CAT', on: '2026-03-09', means: 'secure_messaging', party: 'representative', nextDueOn: '2026-03-24', recordedBy: CAST.rapporteur._id, recordedAt: h.clock.now() });
    expect(second).toMatchObject({ on: '2026-03-10', means: 'through_ngo', party: 'person' });
    expect(second?.nextDueOn).toBeUndefined();
    expect(JSON.stringify(first)).not.toContain('Qzxv');
    expect(TEST_KEY.open(first!.summary, caseBinding(id, 'contactSummary', contactOwner(first!._id)))).toBe(SUMMARY);
    // Bound to its contact: a summary moved onto another contact does not open.
    expect(() => TEST_KEY.open(first!.summary, caseBinding(id, 'contactSummary', contactOwner(second!._id)))).toThrow();

    const register = await under.store.listEvents(id);
    const entries = register.filter((e) => e.type === 'contact.recorded');
    expect(entries.map((e) => [e.id, e.actorId, e.data])).toEqual([
      [contactEventId(first!._id), CAST.rapporteur._id, { means: 'secure_messaging', party: 'representative', nextPlanned: true }],
      [contactEventId(second!._id), CAST.rapporteur._id, { means: 'through_ngo', party: 'person', nextPlanned: false }],
    ]);
    expect(JSON.stringify(register)).not.toMatch(/Qzxv|Trondheim|Second call/);
    // At rest, in every byte the store keeps.
    expect(await under.rawDump()).not.toMatch(/Qzxv|Trondheim|Second call/);
  });

  it('the same submission saved twice (a double click, a resubmission) is one contact, registered once', async () => {
    const [one, two] = await Promise.all([
      submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'slack:V1'),
      submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'slack:V1'),
    ]);
    expect(words(one)).toContain(`Contact of Mar 9, 2026 recorded for ${reference}.`);
    expect(words(two)).toBe(words(one));
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'slack:V1');
    const id = await caseId();
    expect(await under.store.listContacts(id)).toHaveLength(1);
    expect((await under.store.listEvents(id)).filter((e) => e.type === 'contact.recorded')).toHaveLength(1);
    // Another submission, even with the same answers, is another contact.
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'slack:V2');
    expect(await under.store.listContacts(id)).toHaveLength(2);
  });

  it('wrong answers come back on their fields with everything typed kept, and nothing is stored', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ on: '2026-03-11' }, 'on', 'The date cannot be in the future.'],
      [{ on: '9 March' }, 'on', 'a date'],
      [{ nextDueOn: '2026-03-08' }, 'nextDueOn', 'The next contact is planned after this one, and not in the past.'],
      [{ summary: '  ' }, 'summary', 'required'],
      [{ means: 'carrier pigeon' }, 'means', 'Choose'],
    ];
    for (const [wrong, name, error] of cases) {
      const values = { ...ANSWERS, ...wrong };
      const reply = await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, values, `k-${name}`);
      expect(reply.kind).toBe('form');
      if (reply.kind !== 'form') continue;
      expect(Object.keys(reply.errors)).toEqual([name]);
      expect(say(reply.errors[name])).toMatch(new RegExp(error, 'i'));
      expect(reply.values).toEqual(values);
    }
    // The service checks again, against its own clock, whoever calls it.
    const rapporteur = h.actor(CAST.rapporteur);
    await expect(h.services.contacts.record(rapporteur, reference, { ...ANSWERS, on: '2026-03-12' })).rejects.toMatchObject({ code: 'INVALID_INPUT', messageKey: 'contacts.errors.invalid' });
    await expect(h.services.contacts.record(rapporteur, reference, { ...ANSWERS, nextDueOn: '2026-03-02' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await under.store.listContacts(await caseId())).toEqual([]);
  });

  it('G13, G32: the progress report counts the contacts and the cases with one, and says nothing of what was said', async () => {
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'r1');
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, { ...ANSWERS, on: '2026-03-10', summary: 'Second call went well.', nextDueOn: '' }, 'r2');
    await h.services.cases.submitAllegation(h.actor(CAST.member), allegation(), 'contacts-2');
    const year = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
    expect((await h.services.reports.progress('CAT', year)).contacts).toEqual({ recorded: 2, cases: 1 });
    const document = await h.services.reports.documentFor(h.actor(CAST.chair), { kind: 'progress', period: year, locale: 'en', committee: 'CAT' });
    expect(document.markdown).toMatch(/Contacts with the person or group at risk or their representative \(G13\) \| 2 \|/);
    expect(document.markdown).toMatch(/Cases with at least one contact recorded \| 1 \|/);
    expect(document.markdown).not.toContain('Qzxv');
    expect(document.markdown).not.toContain('Second call');
  });

  it('G13: only a rapporteur records; the chair reads; the member who reported and a consulted country rapporteur see no contact', async () => {
    await h.services.cases.consultCountryRapporteur(h.actor(CAST.rapporteur), reference, CAST.countryRapporteur._id, '');
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'k1');
    const refusal = `Only a rapporteur of the committee can record a contact on ${reference}.`;
    for (const who of [CAST.chair, CAST.member, CAST.countryRapporteur]) {
      expect(words(await runCommand(ctx(who), `contact ${reference}`))).toBe(refusal);
      expect(words(await submitForm(ctx(who), ACTIONS.recordContact, reference, ANSWERS, 'k2'))).toBe(refusal);
    }
    for (const who of [CAST.security, CAST.otherCommittee, CAST.formerRapporteur]) {
      expect(words(await runCommand(ctx(who), `contact ${reference}`))).toContain(`There is no case ${reference} that you can see`);
    }
    expect(await under.store.listContacts(await caseId())).toHaveLength(1);
    expect(buttonsOf(await showCase(ctx(CAST.chair), reference))).not.toContain(ACTIONS.recordContact);
    expect(words(await showCase(ctx(CAST.chair), reference))).toContain(SUMMARY);
    for (const who of [CAST.countryRapporteur, CAST.member]) {
      const text = words(await showCase(ctx(who), reference));
      expect(text).not.toContain('Contacts with the person');
      expect(text).not.toContain('Qzxv');
    }
  });

  it('a closed case takes no contact until it is reopened', async () => {
    await h.services.cases.close(h.actor(CAST.chair), reference, 'duplicate', '');
    expect(buttonsOf(await showCase(ctx(CAST.rapporteur), reference))).not.toContain(ACTIONS.recordContact);
    expect(words(await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'k1'))).toContain(`${reference} is closed; reopen it first.`);
    await h.services.cases.reopen(h.actor(CAST.chair), reference, 'new facts');
    expect(words(await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'k2'))).toContain(`Contact of Mar 9, 2026 recorded for ${reference}.`);
  });

  it('G13: `amparo keys rotate` seals each summary again under the current key, bound to its contact, once', async () => {
    await submitForm(ctx(CAST.rapporteur), ACTIONS.recordContact, reference, ANSWERS, 'k1');
    const id = await caseId();
    const next = new KeyRing([{ id: 'k2027', key: Buffer.alloc(32, 9) }, { id: 'test1', key: Buffer.alloc(32, 7) }]);
    const ids = sequentialIds('maintenance');
    const maintenance = new MaintenanceService({ store: under.store, keys: next, clock: h.clock, ids, register: new RegisterService(under.store, ids) });
    const outcomes: string[] = [];
    expect(await maintenance.rotateKeys((o) => outcomes.push(`${o.reference} ${o.result}${o.result === 'resealed' ? ` from ${o.from.join(',')}` : ''}`))).toMatchObject({ cases: 1, resealed: 1, failed: [] });
    expect(outcomes).toEqual([`${reference} resealed from test1`]);
    const [contact] = await under.store.listContacts(id);
    expect(sealedKeyId(contact!.summary)).toBe('k2027');
    // The new key alone opens it, and only as this contact's summary.
    const only = new KeyRing([{ id: 'k2027', key: Buffer.alloc(32, 9) }]);
    expect(only.open(contact!.summary, contactSummaryBinding(id, contact!._id))).toBe(SUMMARY);
    expect(() => only.open(contact!.summary, contactSummaryBinding(id, 'another'))).toThrow();
    const resealed = (await under.store.listEvents(id)).filter((e) => e.type === 'case.resealed');
    // The case's own texts, then its contacts' summaries.
    expect(resealed.map((e) => e.data)).toEqual([{ from: 'test1', to: 'k2027' }, { from: 'test1', to: 'k2027', contacts: 1 }]);
    expect(await maintenance.rotateKeys()).toMatchObject({ resealed: 0, failed: [] });
  });

  it('a contact stored just before a crash, its register entry unwritten, is registered once when the case is next opened', async () => {
    const id = await caseId();
    const contactId = 'contact-before-crash';
    await under.store.insertContact({
      _id: contactId,
      caseId: id,
      committee: 'CAT',
      on: '2026-03-08',
      means: 'phone',
      party: 'person',
      summary: TEST_KEY.seal('Short call.', caseBinding(id, 'contactSummary', contactOwner(contactId))),
      recordedBy: CAST.rapporteur._id,
      recordedAt: h.clock.now(),
    });
    expect((await under.store.listEvents(id)).filter((e) => e.type === 'contact.recorded')).toEqual([]);
    expect(words(await showCase(ctx(CAST.chair), reference))).toContain('Short call.');
    await showCase(ctx(CAST.rapporteur), reference);
    expect((await under.store.listEvents(id)).filter((e) => e.type === 'contact.recorded').map((e) => e.id)).toEqual([contactEventId(contactId)]);
  });
});
