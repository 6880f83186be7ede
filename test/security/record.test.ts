import type { Actor } from '../../src/domain/roles';
import { allegation, assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * Confidentiality, consent and do-no-harm, proven through the services on each real store:
 * who may see what (G11, G12, G18), what must be recorded before an action that exposes a
 * person is approved (G5e, G13, G21), and that nothing sensitive is stored readable (G11).
 */
describe.each(STORE_KINDS)('the confidential record on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let member: Actor;
  let rapporteur: Actor;
  let chair: Actor;

  beforeEach(async () => {
    under = await openStore(kind, 'record');
    h = await harness(under.store);
    member = h.actor(CAST.member);
    rapporteur = h.actor(CAST.rapporteur);
    chair = h.actor(CAST.chair);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G21: the chair cannot approve contacting the State party until informed consent is recorded', async () => {
    const reference = await assessedCase(h, { consentStateContact: 'unknown' });
    const { proposal } = await h.services.cases.propose(rapporteur, reference, { type: 'G21', details: '', doNoHarm: 'mission meeting, low exposure' });
    await expect(h.services.cases.decide(chair, reference, proposal.id, 'approved', 'chair', '')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'stateContact', answer: 'yes', informed: true, how: 'oral' });
    const { proposal: decided } = await h.services.cases.decide(chair, reference, proposal.id, 'approved', 'chair', '');
    expect(decided.status).toBe('approved');
  });

  it('G5e: when the person withdraws consent, the actions that needed it stop and the rapporteurs are told', async () => {
    const reference = await assessedCase(h, { consentStateContact: 'yes' });
    const { proposal } = await h.services.cases.propose(rapporteur, reference, { type: 'G21', details: '', doNoHarm: 'low' });
    await h.services.cases.decide(chair, reference, proposal.id, 'approved', 'chair', '');
    h.notifier.sent.length = 0;
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'stateContact', answer: 'no', informed: true, how: 'written' });
    const c = await under.store.findCaseByReference(reference);
    expect(c?.proposals[0]?.status).toBe('withdrawn');
    expect(h.notifier.sent.map((s) => [s.to, s.notification.kind]).sort()).toEqual([
      ['amina', 'proposal.withdrawn'],
      ['lucas', 'proposal.withdrawn'],
    ]);
    expect((await under.store.listEvents(c!._id)).map((e) => e.type)).toContain('proposal.withdrawn');
  });

  it('G13: an action cannot be proposed without a do-no-harm note', async () => {
    const reference = await assessedCase(h, );
    await expect(h.services.cases.propose(rapporteur, reference, { type: 'G19', details: 'letter', doNoHarm: '  ' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      messageKey: 'errors.proposal.do_no_harm_required',
    });
    expect((await under.store.findCaseByReference(reference))?.proposals).toEqual([]);
  });

  it('a member cannot open, assess or decide on a case, and sees only the status of their own report', async () => {
    const reference = await assessedCase(h, );
    await expect(h.services.reader.open(member, reference)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(h.services.cases.startAssessment(member, reference)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await h.services.reader.status(member, reference)).toEqual({ reference, status: 'assessed', alleged: false });
    // Someone with no part in the case hears what they would of a reference that does not exist.
    await expect(h.services.reader.status(h.actor(CAST.security), reference)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.case.not_found', vars: { reference } });
  });

  it('G12: the consulted country rapporteur is told and may then open the case; others of that role may not', async () => {
    const reference = await assessedCase(h, );
    expect(h.notifier.to('olga').map((n) => n.kind)).toEqual(['consultation.request']);
    await expect(h.services.reader.open(h.actor(CAST.countryRapporteur), reference)).resolves.toMatchObject({ alleged: false });
  });

  it('G11, G18: a confidential source is shown to the rapporteurs and hidden from the chair', async () => {
    const { case: c } = await h.services.cases.submitAllegation(member, allegation({ confidential: 'yes' }), 'conf');
    expect((await h.services.reader.open(rapporteur, c.reference)).texts.sourceContact).toBe('via the lawyer, +47 0000');
    const forChair = await h.services.reader.open(chair, c.reference);
    expect(forChair.sourceHidden).toBe(true);
    expect(forChair.texts.sourceContact).toBeUndefined();
  });

  it('nothing sensitive is stored in plain text, in any of the six UN scripts', async () => {
    const secrets = {
      narrative: 'Menacé après la session — تهديد بعد الجلسة — 会后受到威胁 — угрожали после сессии — amenazado',
      victim: 'Амина Аль-Хасан 李娜',
      place: 'Ciudad Escondida',
      sourceContact: 'Signal +00 1234 5678',
    };
    const { case: c } = await h.services.cases.submitAllegation(member, allegation(secrets), 'plain');
    await h.services.cases.recordSources(rapporteur, c.reference, ['nhri'], 'NoteOnSourcesXYZ');
    await h.services.cases.consultCountryRapporteur(rapporteur, c.reference, CAST.countryRapporteur._id, 'ConsultationNoteXYZ');
    await h.services.cases.recordOutcome(rapporteur, c.reference, 'substantiated', 'FindingsTextXYZ');
    const { proposal } = await h.services.cases.propose(rapporteur, c.reference, { type: 'G28', details: 'DetailsTextXYZ', doNoHarm: 'DoNoHarmTextXYZ' });
    await h.services.cases.decide(chair, c.reference, proposal.id, 'more_requested', 'chair', 'ChairQuestionXYZ');
    const g25 = await h.services.cases.propose(rapporteur, c.reference, { type: 'G25', details: 'G25DetailsXYZ', publicSummary: 'PublicSummaryXYZ', doNoHarm: 'G25DoNoHarmXYZ' });
    await h.services.cases.decide(chair, c.reference, g25.proposal.id, 'approved', 'chair', '', 'approved');
    await h.services.cases.close(chair, c.reference, 'other', 'ClosureNoteXYZ');
    await h.services.cases.reopen(chair, c.reference, 'ReopeningNoteXYZ');
    const dump = await under.rawDump();
    expect(dump).toContain(c.reference);
    const plaintexts = [
      ...Object.values(secrets).flatMap((s) => s.split(' — ')),
      'NoteOnSourcesXYZ',
      'ConsultationNoteXYZ',
      'FindingsTextXYZ',
      'DetailsTextXYZ',
      'DoNoHarmTextXYZ',
      'ChairQuestionXYZ',
      'G25DetailsXYZ',
      'PublicSummaryXYZ',
      'G25DoNoHarmXYZ',
      'ClosureNoteXYZ',
      'ReopeningNoteXYZ',
    ];
    expect(plaintexts.filter((p) => dump.includes(p))).toEqual([]);
    const opened = await h.services.reader.open(rapporteur, c.reference);
    expect(opened.texts).toMatchObject({ narrative: secrets.narrative, victim: secrets.victim, findings: 'FindingsTextXYZ', reopenings: ['ReopeningNoteXYZ'] });
    expect(opened.texts.proposals[g25.proposal.id]).toMatchObject({ details: 'G25DetailsXYZ', publicSummary: 'PublicSummaryXYZ' });
  });
});
